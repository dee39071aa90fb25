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

// A user-facing message for an error from the backend, by its code.
export function errorText(err) {
  const code = err && err.code;
  const known = code && (CATALOGUES[current][`error.${code}`] ?? CATALOGUES.id[`error.${code}`]);
  const base = known || t('error.generic');
  // The backend's own words, in Bahasa Indonesia where the core has them.
  const words = err && (current === 'id' && err.message_id ? err.message_id : err.message);
  const detail = words ? ` (${words})` : '';
  return base + detail;
}

document.documentElement.lang = current;
