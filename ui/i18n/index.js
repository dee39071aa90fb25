// The UI catalogues: Bahasa Indonesia by default, English switchable. `t(key, params)`
// looks a key up in the current language, falling back to Indonesian, then the key.
import id from './id.js';
import en from './en.js';

const CATALOGUES = { id, en };
const STORAGE_KEY = 'panelis.lang';
let current = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
const listeners = new Set();

export function lang() { return current; }

export function setLang(code) {
  current = code === 'en' ? 'en' : 'id';
  localStorage.setItem(STORAGE_KEY, current);
  document.documentElement.lang = current;
  listeners.forEach((fn) => fn(current));
}

export function onLangChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }

// Components bring their own strings (a `strings.js` beside them) and add them here, so
// each screen's wording lives with the screen.
export function addCatalogue(catalogue) {
  Object.assign(CATALOGUES.id, catalogue.id);
  Object.assign(CATALOGUES.en, catalogue.en);
}

export function t(key, params = {}) {
  const text = CATALOGUES[current][key] ?? CATALOGUES.id[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

// The sentence for an error from the backend: the backend words every error it raises in
// both languages (one place for the words), so the page only picks the language. What the
// system said (err.cause) is not part of the sentence: see errorDetails.
export function errorText(err) {
  if (!err) return t('error.generic');
  if (typeof err === 'string') return err;
  const words = current === 'id' ? err.message_id : err.message;
  return words || err.message || t('error.generic');
}

// What the system said about an error (an OS error, a library's complaint), for a details
// disclosure beside the sentence; '' when there is none.
export function errorDetails(err) {
  return (err && typeof err === 'object' && err.cause) || '';
}

document.documentElement.lang = current;
