// The admin's tables: a header row of column names in the page's language, and a row per
// item whose cells are text, or controls (a row's own buttons).
import { t } from './i18n.js';

/**
 * @template T
 * @param {HTMLElement} element a <table>
 * @param {[string, (row: T) => unknown][]} columns header keys and cells; a cell that is a
 *   Node is put in as it is, anything else as text
 * @param {T[]} rows
 * @param {(row: T) => string} [key] a data-key for each row, for tests and links
 */
export function table(element, columns, rows, key) {
  const head = document.createElement('thead');
  const names = document.createElement('tr');
  for (const [name] of columns) names.append(Object.assign(document.createElement('th'), { scope: 'col', textContent: t(name) }));
  head.append(names);
  const body = document.createElement('tbody');
  for (const row of rows) {
    const line = document.createElement('tr');
    if (key) line.dataset.key = key(row);
    for (const [, cell] of columns) {
      const value = cell(row);
      const td = document.createElement('td');
      if (value instanceof Node) td.append(value); else td.textContent = String(value ?? '');
      line.append(td);
    }
    body.append(line);
  }
  element.replaceChildren(head, body);
}
