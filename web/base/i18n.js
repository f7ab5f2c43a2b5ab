// The interface in zh-CN (the default: the people who use sunroad read
// Chinese, terms from shared/GLOSSARY.md) and English. Strings live with
// their module (web/<module>/strings.js, 'key': ['中文', 'English']); the
// shell hands each loaded module's table to addStrings(). Pages call
// t('key'); markup carries data-i18n="key" and is filled by
// translatePage(). The choice is kept in localStorage so that a reload
// keeps the language.

const STORAGE_KEY = 'sunroad.lang';
export const LANGS = ['zh-CN', 'en']; // the order of each string pair

const strings = new Map(); // key → [zh, en]

let current = LANGS.includes(localStorage.getItem(STORAGE_KEY))
  ? localStorage.getItem(STORAGE_KEY)
  : 'zh-CN';

// Merges a module's strings. A key another module already defined is
// reported: two modules must not fight over one label.
export function addStrings(table, module) {
  for (const [key, pair] of Object.entries(table || {})) {
    if (strings.has(key) && strings.get(key) !== pair) console.warn(`i18n: ${module} redefines '${key}'`);
    strings.set(key, pair);
  }
}

export function lang() {
  return current;
}

// The string of key in the current language; the Chinese when the English
// is missing (an empty string is a translation: some units have no word);
// undefined for an unknown key.
function lookup(key) {
  const pair = strings.get(key);
  if (!pair) return undefined;
  return pair[LANGS.indexOf(current)] ?? pair[0];
}

// Whether a string exists for key (in any module loaded so far).
export function hasString(key) {
  return strings.has(key);
}

// Every key that starts with prefix, in no particular order.
export function stringKeys(prefix) {
  return [...strings.keys()].filter((k) => k.startsWith(prefix));
}

// t('page.n', {n: 2}) → '第 2 页'. A missing key shows itself, so a
// forgotten string is visible rather than blank.
export function t(key, vars) {
  let s = lookup(key) ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
  return s;
}

// t() for a value whose key may not exist (a kind or colour the server
// added later): shows the raw value rather than the key.
export function tv(prefix, value) {
  return lookup(`${prefix}.${value}`) ?? String(value);
}

export function setLang(next) {
  if (!LANGS.includes(next)) return;
  current = next;
  localStorage.setItem(STORAGE_KEY, next);
  translatePage();
}

// Fills the static markup: data-i18n (text), data-i18n-title (title
// attribute), data-i18n-aria (aria-label); and sets <html lang> and the
// document title.
export function translatePage(root = document) {
  document.documentElement.lang = current;
  document.title = t('app.title');
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
}
