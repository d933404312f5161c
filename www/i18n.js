// The interface in English, Russian and Catalan. Password rules, verdicts and strength
// feedback come translated from the twofold package itself; these are the page's own words.
const STRINGS = {
  en: {
    'nav.signin': 'Sign in', 'nav.signup': 'Create account', 'nav.account': 'Account security', 'nav.admin': 'Administration', 'nav.signout': 'Sign out',
    'lang.label': 'Language',
    'field.email': 'Email', 'field.name': 'Full name', 'field.password': 'Password', 'field.current': 'Current password', 'field.new': 'New password',
    'field.code': 'Code from your authenticator app', 'field.recovery': 'Recovery code', 'field.remember': 'Remember this device for {days} days',
    'signup.title': 'Create your account', 'signup.requirements': 'Your password needs', 'signup.submit': 'Create account', 'signup.missing': 'Still missing: {items}',
    'signup.refused': 'The server refused this password:', 'signup.done': 'Account created.',
    'strength.title': 'Strength', 'strength.crack': 'Guessing it would take about {time} at 10 guesses a second.',
    'signin.title': 'Sign in', 'signin.submit': 'Continue', 'signin.second': 'Two-step verification', 'signin.second.help': 'Enter the 6-digit code your authenticator app shows.',
    'signin.useRecovery': 'Use a recovery code instead', 'signin.useCode': 'Use a code from the app instead', 'signin.verify': 'Verify',
    'error.credentials_invalid': 'That email and password do not match.', 'error.code_invalid': 'That code is not right. Check the time on your phone and try again.',
    'error.code_reused': 'That code was already used. Wait for the next one.', 'error.recovery_code_invalid': 'That recovery code is not right or was already used.',
    'error.locked': 'Too many failed attempts. Your account is locked until {time}.', 'error.rate_limited': 'Too many failed attempts from your network. Try again in {seconds} seconds.',
    'error.ip_not_allowed': 'Your organisation does not allow sign-in from this network.', 'error.password_change_required': 'Your password has expired. Choose a new one.',
    'error.enrollment_required': 'Your organisation requires two-step verification. Set it up to continue.', 'error.generic': 'Something went wrong: {message}',
    'error.code_not_numeric': 'A code has digits only.', 'error.code_length_mismatch': 'A code has 6 digits.', 'error.recovery_code_malformed': 'A recovery code looks like 7KQ4M-XW9PA-3HTNC.',
    'error.password_wrong': 'Your current password is not right.', 'error.password_reused': 'You used this password recently. Choose another one.',
    'error.email_taken': 'An account with this email exists. Sign in instead.', 'error.email_invalid': 'Enter an email address such as name@example.com.',
    'error.not_signed_in': 'Please sign in.', 'error.proof_missing': 'Enter a code.',
    'enroll.title': 'Set up two-step verification', 'enroll.scan': '1. Scan this QR code with your authenticator app (Google Authenticator, Microsoft Authenticator, Authy, FreeOTP…)',
    'enroll.manual': 'Or type this key:', 'enroll.copy': 'Copy key', 'enroll.copied': 'Copied', 'enroll.saveQr': 'Save QR code image',
    'enroll.preview': 'Your app should now show', 'enroll.secondsLeft': '{seconds} s left', 'enroll.confirm': '2. Enter the code from your app to confirm', 'enroll.confirmSubmit': 'Turn on',
    'enroll.deadline': 'Your organisation requires this by {time}.',
    'recovery.title': 'Your recovery codes', 'recovery.help': 'Each code signs you in once if you lose your phone. Save them now: they will not be shown again.',
    'recovery.download': 'Download (.txt)', 'recovery.print': 'Print', 'recovery.continue': 'I have saved them',
    'account.title': 'Account security', 'account.twofa': 'Two-step verification', 'account.on': 'On', 'account.off': 'Off', 'account.deadline': 'Required by {time}',
    'account.left': '{count} recovery codes left', 'account.showQr': 'Show QR code for another device', 'account.reenroll': 'My device has changed',
    'account.regenerate': 'New recovery codes', 'account.disable': 'Turn off', 'account.enable': 'Set up', 'account.password': 'Change password',
    'account.passwordSubmit': 'Change password', 'account.passwordDone': 'Password changed.', 'account.devices': 'Forget remembered devices', 'account.devicesDone': 'Forgot {count} devices.',
    'account.needCode': 'Enter a current code from your app (or a recovery code where allowed):', 'account.disabled': 'Two-step verification is off.',
    'admin.title': 'Administration', 'admin.policy': 'Password policy', 'admin.preset': 'Start from a preset', 'admin.preset.none': 'Keep the current policy',
    'admin.minLength': 'Minimum length', 'admin.maxLength': 'Maximum length', 'admin.lowercase': 'Lowercase letters', 'admin.uppercase': 'Uppercase letters', 'admin.digit': 'Digits', 'admin.symbol': 'Symbols',
    'admin.minScore': 'Minimum strength (0–4)', 'admin.personal': 'Refuse the user’s name and email', 'admin.banned': 'Banned words (one per line)', 'admin.repeats': 'Most repeats of a character',
    'admin.maxAge': 'Password lifetime (days)', 'admin.history': 'Previous passwords that may not be reused', 'admin.preview': 'Preview', 'admin.testPassword': 'Try a password',
    'admin.save': 'Save', 'admin.saved': 'Saved.', 'admin.settings': 'Security settings', 'admin.twofaRequired': 'Require two-step verification for everyone',
    'admin.grace': 'Grace period (days)', 'admin.remember': 'Remember devices for (days, 0 = never)', 'admin.allowlist': 'Allowed networks (CIDR, one per line; empty = any)',
    'admin.lockThreshold': 'Failed attempts before a lock', 'admin.lockBase': 'First lock (seconds)', 'admin.lockMax': 'Longest lock (seconds)', 'admin.syslog': 'Syslog collector (udp://host:port or tcp://host:port)',
    'admin.users': 'Users', 'admin.audit': 'Audit log', 'admin.outbox': 'Outbox', 'admin.filter': 'Filter', 'admin.event': 'Event', 'admin.since': 'From', 'admin.until': 'To',
    'admin.export.jsonl': 'Export JSON lines', 'admin.export.syslog': 'Export syslog', 'admin.prev': 'Previous', 'admin.next': 'Next', 'admin.page': 'Page {page} of {pages}',
    'col.email': 'Email', 'col.name': 'Name', 'col.role': 'Role', 'col.twofa': '2FA', 'col.codes': 'Recovery codes', 'col.time': 'Time', 'col.event': 'Event', 'col.ip': 'Address',
    'col.agent': 'Browser', 'col.to': 'To', 'col.subject': 'Subject', 'col.delivered': 'Delivered', 'col.deadline': 'Deadline', 'col.locked': 'Locked until',
    'home.title': 'Welcome to {tenant}', 'home.lead': 'Sign in, or create an account.', 'yes': 'yes', 'no': 'no',
  },
  ru: {
    'nav.signin': 'Вход', 'nav.signup': 'Регистрация', 'nav.account': 'Безопасность', 'nav.admin': 'Администрирование', 'nav.signout': 'Выйти',
    'lang.label': 'Язык',
    'field.email': 'Электронная почта', 'field.name': 'Имя и фамилия', 'field.password': 'Пароль', 'field.current': 'Текущий пароль', 'field.new': 'Новый пароль',
    'field.code': 'Код из приложения-аутентификатора', 'field.recovery': 'Код восстановления', 'field.remember': 'Запомнить это устройство на {days} дн.',
    'signup.title': 'Создайте учётную запись', 'signup.requirements': 'Требования к паролю', 'signup.submit': 'Создать', 'signup.missing': 'Ещё не выполнено: {items}',
    'signup.refused': 'Сервер отклонил этот пароль:', 'signup.done': 'Учётная запись создана.',
    'strength.title': 'Надёжность', 'strength.crack': 'Чтобы подобрать его при 10 попытках в секунду, понадобится около {time}.',
    'signin.title': 'Вход', 'signin.submit': 'Продолжить', 'signin.second': 'Двухэтапная проверка', 'signin.second.help': 'Введите 6-значный код из приложения-аутентификатора.',
    'signin.useRecovery': 'Использовать код восстановления', 'signin.useCode': 'Использовать код из приложения', 'signin.verify': 'Подтвердить',
    'error.credentials_invalid': 'Неверная почта или пароль.', 'error.code_invalid': 'Код неверный. Проверьте время на телефоне и попробуйте снова.',
    'error.code_reused': 'Этот код уже использован. Дождитесь следующего.', 'error.recovery_code_invalid': 'Код восстановления неверный или уже использован.',
    'error.locked': 'Слишком много неудачных попыток. Учётная запись заблокирована до {time}.', 'error.rate_limited': 'Слишком много неудачных попыток из вашей сети. Повторите через {seconds} с.',
    'error.ip_not_allowed': 'Ваша организация не разрешает вход из этой сети.', 'error.password_change_required': 'Срок действия пароля истёк. Выберите новый.',
    'error.enrollment_required': 'Ваша организация требует двухэтапную проверку. Настройте её, чтобы продолжить.', 'error.generic': 'Что-то пошло не так: {message}',
    'error.code_not_numeric': 'Код состоит только из цифр.', 'error.code_length_mismatch': 'Код состоит из 6 цифр.', 'error.recovery_code_malformed': 'Код восстановления выглядит так: 7KQ4M-XW9PA-3HTNC.',
    'error.password_wrong': 'Текущий пароль неверный.', 'error.password_reused': 'Вы недавно использовали этот пароль. Выберите другой.',
    'error.email_taken': 'Учётная запись с этой почтой уже есть. Войдите.', 'error.email_invalid': 'Введите адрес вида name@example.com.',
    'error.not_signed_in': 'Пожалуйста, войдите.', 'error.proof_missing': 'Введите код.',
    'enroll.title': 'Настройка двухэтапной проверки', 'enroll.scan': '1. Отсканируйте QR-код приложением-аутентификатором (Google Authenticator, Microsoft Authenticator, Authy, FreeOTP…)',
    'enroll.manual': 'Или введите ключ:', 'enroll.copy': 'Копировать ключ', 'enroll.copied': 'Скопировано', 'enroll.saveQr': 'Сохранить QR-код',
    'enroll.preview': 'Сейчас приложение должно показывать', 'enroll.secondsLeft': 'осталось {seconds} с', 'enroll.confirm': '2. Введите код из приложения для подтверждения', 'enroll.confirmSubmit': 'Включить',
    'enroll.deadline': 'Ваша организация требует сделать это до {time}.',
    'recovery.title': 'Коды восстановления', 'recovery.help': 'Каждый код позволяет войти один раз, если вы потеряете телефон. Сохраните их сейчас: больше они не будут показаны.',
    'recovery.download': 'Скачать (.txt)', 'recovery.print': 'Печать', 'recovery.continue': 'Я их сохранил(а)',
    'account.title': 'Безопасность учётной записи', 'account.twofa': 'Двухэтапная проверка', 'account.on': 'Включена', 'account.off': 'Выключена', 'account.deadline': 'Требуется до {time}',
    'account.left': 'Осталось кодов восстановления: {count}', 'account.showQr': 'Показать QR-код для другого устройства', 'account.reenroll': 'Я сменил(а) устройство',
    'account.regenerate': 'Новые коды восстановления', 'account.disable': 'Выключить', 'account.enable': 'Настроить', 'account.password': 'Смена пароля',
    'account.passwordSubmit': 'Сменить пароль', 'account.passwordDone': 'Пароль изменён.', 'account.devices': 'Забыть запомненные устройства', 'account.devicesDone': 'Забыто устройств: {count}.',
    'account.needCode': 'Введите текущий код из приложения (или код восстановления, где это разрешено):', 'account.disabled': 'Двухэтапная проверка выключена.',
    'admin.title': 'Администрирование', 'admin.policy': 'Политика паролей', 'admin.preset': 'Начать с шаблона', 'admin.preset.none': 'Оставить текущую политику',
    'admin.minLength': 'Минимальная длина', 'admin.maxLength': 'Максимальная длина', 'admin.lowercase': 'Строчные буквы', 'admin.uppercase': 'Заглавные буквы', 'admin.digit': 'Цифры', 'admin.symbol': 'Символы',
    'admin.minScore': 'Минимальная надёжность (0–4)', 'admin.personal': 'Запрещать имя и почту пользователя', 'admin.banned': 'Запрещённые слова (по одному в строке)', 'admin.repeats': 'Максимум повторов символа подряд',
    'admin.maxAge': 'Срок действия пароля (дни)', 'admin.history': 'Сколько прежних паролей нельзя повторять', 'admin.preview': 'Предпросмотр', 'admin.testPassword': 'Проверить пароль',
    'admin.save': 'Сохранить', 'admin.saved': 'Сохранено.', 'admin.settings': 'Настройки безопасности', 'admin.twofaRequired': 'Требовать двухэтапную проверку от всех',
    'admin.grace': 'Отсрочка (дни)', 'admin.remember': 'Запоминать устройства на (дни, 0 — никогда)', 'admin.allowlist': 'Разрешённые сети (CIDR, по одной в строке; пусто — любые)',
    'admin.lockThreshold': 'Неудачных попыток до блокировки', 'admin.lockBase': 'Первая блокировка (секунды)', 'admin.lockMax': 'Самая долгая блокировка (секунды)', 'admin.syslog': 'Сборщик syslog (udp://хост:порт или tcp://хост:порт)',
    'admin.users': 'Пользователи', 'admin.audit': 'Журнал аудита', 'admin.outbox': 'Исходящие', 'admin.filter': 'Фильтр', 'admin.event': 'Событие', 'admin.since': 'С', 'admin.until': 'По',
    'admin.export.jsonl': 'Экспорт JSON Lines', 'admin.export.syslog': 'Экспорт syslog', 'admin.prev': 'Назад', 'admin.next': 'Вперёд', 'admin.page': 'Страница {page} из {pages}',
    'col.email': 'Почта', 'col.name': 'Имя', 'col.role': 'Роль', 'col.twofa': '2FA', 'col.codes': 'Коды восстановления', 'col.time': 'Время', 'col.event': 'Событие', 'col.ip': 'Адрес',
    'col.agent': 'Браузер', 'col.to': 'Кому', 'col.subject': 'Тема', 'col.delivered': 'Доставлено', 'col.deadline': 'Срок', 'col.locked': 'Заблокирован до',
    'home.title': 'Добро пожаловать в {tenant}', 'home.lead': 'Войдите или создайте учётную запись.', 'yes': 'да', 'no': 'нет',
  },
  ca: {
    'nav.signin': 'Inicia la sessió', 'nav.signup': 'Crea un compte', 'nav.account': 'Seguretat del compte', 'nav.admin': 'Administració', 'nav.signout': 'Tanca la sessió',
    'lang.label': 'Idioma',
    'field.email': 'Correu electrònic', 'field.name': 'Nom complet', 'field.password': 'Contrasenya', 'field.current': 'Contrasenya actual', 'field.new': 'Contrasenya nova',
    'field.code': 'Codi de l’aplicació d’autenticació', 'field.recovery': 'Codi de recuperació', 'field.remember': 'Recorda aquest dispositiu durant {days} dies',
    'signup.title': 'Crea el teu compte', 'signup.requirements': 'La contrasenya necessita', 'signup.submit': 'Crea el compte', 'signup.missing': 'Encara falta: {items}',
    'signup.refused': 'El servidor ha rebutjat aquesta contrasenya:', 'signup.done': 'Compte creat.',
    'strength.title': 'Força', 'strength.crack': 'Endevinar-la costaria uns {time} a 10 intents per segon.',
    'signin.title': 'Inicia la sessió', 'signin.submit': 'Continua', 'signin.second': 'Verificació en dos passos', 'signin.second.help': 'Introdueix el codi de 6 xifres de l’aplicació d’autenticació.',
    'signin.useRecovery': 'Fes servir un codi de recuperació', 'signin.useCode': 'Fes servir un codi de l’aplicació', 'signin.verify': 'Verifica',
    'error.credentials_invalid': 'El correu i la contrasenya no coincideixen.', 'error.code_invalid': 'El codi no és correcte. Comprova l’hora del telèfon i torna-ho a provar.',
    'error.code_reused': 'Aquest codi ja s’ha fet servir. Espera el següent.', 'error.recovery_code_invalid': 'El codi de recuperació no és correcte o ja s’ha fet servir.',
    'error.locked': 'Massa intents fallits. El compte està bloquejat fins a les {time}.', 'error.rate_limited': 'Massa intents fallits des de la teva xarxa. Torna-ho a provar d’aquí a {seconds} segons.',
    'error.ip_not_allowed': 'La teva organització no permet iniciar la sessió des d’aquesta xarxa.', 'error.password_change_required': 'La contrasenya ha caducat. Tria’n una de nova.',
    'error.enrollment_required': 'La teva organització requereix la verificació en dos passos. Configura-la per continuar.', 'error.generic': 'Alguna cosa ha fallat: {message}',
    'error.code_not_numeric': 'Un codi només té xifres.', 'error.code_length_mismatch': 'Un codi té 6 xifres.', 'error.recovery_code_malformed': 'Un codi de recuperació és com 7KQ4M-XW9PA-3HTNC.',
    'error.password_wrong': 'La contrasenya actual no és correcta.', 'error.password_reused': 'Has fet servir aquesta contrasenya fa poc. Tria’n una altra.',
    'error.email_taken': 'Ja hi ha un compte amb aquest correu. Inicia la sessió.', 'error.email_invalid': 'Introdueix una adreça com nom@example.com.',
    'error.not_signed_in': 'Inicia la sessió, si us plau.', 'error.proof_missing': 'Introdueix un codi.',
    'enroll.title': 'Configura la verificació en dos passos', 'enroll.scan': '1. Escaneja aquest codi QR amb l’aplicació d’autenticació (Google Authenticator, Microsoft Authenticator, Authy, FreeOTP…)',
    'enroll.manual': 'O escriu aquesta clau:', 'enroll.copy': 'Copia la clau', 'enroll.copied': 'Copiada', 'enroll.saveQr': 'Desa la imatge del codi QR',
    'enroll.preview': 'Ara l’aplicació hauria de mostrar', 'enroll.secondsLeft': 'queden {seconds} s', 'enroll.confirm': '2. Introdueix el codi de l’aplicació per confirmar', 'enroll.confirmSubmit': 'Activa',
    'enroll.deadline': 'La teva organització ho requereix abans de {time}.',
    'recovery.title': 'Els teus codis de recuperació', 'recovery.help': 'Cada codi et permet entrar una vegada si perds el telèfon. Desa’ls ara: no es tornaran a mostrar.',
    'recovery.download': 'Baixa (.txt)', 'recovery.print': 'Imprimeix', 'recovery.continue': 'Ja els he desat',
    'account.title': 'Seguretat del compte', 'account.twofa': 'Verificació en dos passos', 'account.on': 'Activada', 'account.off': 'Desactivada', 'account.deadline': 'Obligatòria abans de {time}',
    'account.left': 'Queden {count} codis de recuperació', 'account.showQr': 'Mostra el codi QR per a un altre dispositiu', 'account.reenroll': 'He canviat de dispositiu',
    'account.regenerate': 'Codis de recuperació nous', 'account.disable': 'Desactiva', 'account.enable': 'Configura', 'account.password': 'Canvia la contrasenya',
    'account.passwordSubmit': 'Canvia la contrasenya', 'account.passwordDone': 'Contrasenya canviada.', 'account.devices': 'Oblida els dispositius recordats', 'account.devicesDone': 'S’han oblidat {count} dispositius.',
    'account.needCode': 'Introdueix un codi actual de l’aplicació (o un codi de recuperació on es permeti):', 'account.disabled': 'La verificació en dos passos està desactivada.',
    'admin.title': 'Administració', 'admin.policy': 'Política de contrasenyes', 'admin.preset': 'Comença a partir d’una plantilla', 'admin.preset.none': 'Mantén la política actual',
    'admin.minLength': 'Longitud mínima', 'admin.maxLength': 'Longitud màxima', 'admin.lowercase': 'Minúscules', 'admin.uppercase': 'Majúscules', 'admin.digit': 'Xifres', 'admin.symbol': 'Símbols',
    'admin.minScore': 'Força mínima (0–4)', 'admin.personal': 'Rebutja el nom i el correu de l’usuari', 'admin.banned': 'Paraules prohibides (una per línia)', 'admin.repeats': 'Repeticions màximes d’un caràcter',
    'admin.maxAge': 'Vigència de la contrasenya (dies)', 'admin.history': 'Contrasenyes anteriors que no es poden repetir', 'admin.preview': 'Previsualització', 'admin.testPassword': 'Prova una contrasenya',
    'admin.save': 'Desa', 'admin.saved': 'Desat.', 'admin.settings': 'Configuració de seguretat', 'admin.twofaRequired': 'Exigeix la verificació en dos passos a tothom',
    'admin.grace': 'Termini de gràcia (dies)', 'admin.remember': 'Recorda els dispositius durant (dies, 0 = mai)', 'admin.allowlist': 'Xarxes permeses (CIDR, una per línia; buit = qualsevol)',
    'admin.lockThreshold': 'Intents fallits abans d’un bloqueig', 'admin.lockBase': 'Primer bloqueig (segons)', 'admin.lockMax': 'Bloqueig més llarg (segons)', 'admin.syslog': 'Col·lector syslog (udp://host:port o tcp://host:port)',
    'admin.users': 'Usuaris', 'admin.audit': 'Registre d’auditoria', 'admin.outbox': 'Safata de sortida', 'admin.filter': 'Filtra', 'admin.event': 'Esdeveniment', 'admin.since': 'Des de', 'admin.until': 'Fins a',
    'admin.export.jsonl': 'Exporta JSON Lines', 'admin.export.syslog': 'Exporta syslog', 'admin.prev': 'Anterior', 'admin.next': 'Següent', 'admin.page': 'Pàgina {page} de {pages}',
    'col.email': 'Correu', 'col.name': 'Nom', 'col.role': 'Rol', 'col.twofa': '2FA', 'col.codes': 'Codis de recuperació', 'col.time': 'Hora', 'col.event': 'Esdeveniment', 'col.ip': 'Adreça',
    'col.agent': 'Navegador', 'col.to': 'Per a', 'col.subject': 'Assumpte', 'col.delivered': 'Lliurat', 'col.deadline': 'Termini', 'col.locked': 'Bloquejat fins a',
    'home.title': 'Benvingut a {tenant}', 'home.lead': 'Inicia la sessió o crea un compte.', 'yes': 'sí', 'no': 'no',
  },
};

export const LANGUAGES = { en: 'English', ru: 'Русский', ca: 'Català' };

/** The chosen language: saved choice, then the browser's, then English. */
export function language() {
  const saved = localStorage.getItem('twofold.lang');
  if (saved && saved in STRINGS) return saved;
  const browser = (navigator.language || 'en').slice(0, 2);
  return browser in STRINGS ? browser : 'en';
}

export function setLanguage(lang) {
  localStorage.setItem('twofold.lang', lang);
}

/** A UI string with `{name}` placeholders filled. */
export function t(key, args = {}) {
  const text = STRINGS[language()][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(args[name] ?? `{${name}}`));
}

/** Translates every `[data-i18n]` element (text) and `[data-i18n-label]` (aria-label). */
export function translate(root = document) {
  document.documentElement.lang = language();
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}

/** A date and time in the user's language. */
export function when(unixSeconds) {
  return new Date(unixSeconds * 1000).toLocaleString(language());
}

/** The message for an API error, in the user's language. */
export function errorMessage(error) {
  if (error?.code === 'locked') return t('error.locked', { time: when(error.body.lockedUntil) });
  if (error?.code === 'rate_limited') return t('error.rate_limited', { seconds: error.body.retryAfter });
  const key = `error.${error?.code}`;
  const text = t(key);
  return text === key ? t('error.generic', { message: error?.message ?? String(error) }) : text;
}
