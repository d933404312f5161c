// Long passwords in every kind of text the checker must stay fast on, each a unit repeated to
// a given size in UTF-8. Lone surrogates reach WebAssembly as U+FFFD (a JS string is UTF-16,
// Rust's is UTF-8); "not NFKC" is text that normalisation rewrites: full-width letters, a
// circled digit, a ligature, decomposed accents, Hangul jamo, the Angstrom and ohm signs.
export const SCRIPTS = {
  ASCII: 'aZ3$kq9!Lm',
  'Latin with accents': 'Crème brûlée à São Paulo, Ærøskøbing ',
  Cyrillic: 'Съешь же ещё этих мягких французских булок ',
  CJK: '密码强度测试中文字符안녕하세요パスワード',
  emoji: '😀🔐🎉👍🏽👩‍💻🇺🇦',
  'mixed scripts': 'Pass Пароль 密码 كلمة पासवर्ड 😀 ',
  'lone surrogates': 'a\uD800b\uDC00c\uDBFF',
  'control characters': '\u0000\u0001\t\n\u001b\u007f\u0085\u200b',
  'not NFKC': 'ｐａｓｓ①ﬁe\u0301\u1100\u1161\u212B\u2126',
};

/** `unit` repeated to at most `bytes` bytes of UTF-8 (at least once). */
export function repeatTo(unit, bytes) {
  return unit.repeat(Math.max(1, Math.floor(bytes / Buffer.byteLength(unit))));
}
