// Escaping `html` tagged template: every interpolated value is escaped unless it is
// itself an `html` result, so user data never becomes markup.

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

class SafeHtml {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}

export function escape(value) {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(escape).join('');
  if (value === null || value === undefined || value === false) return '';
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((v, i) => { out += escape(v) + strings[i + 1]; });
  return new SafeHtml(out);
}

// Marks trusted, already-escaped markup (e.g. from a catalogue with no user data).
export function raw(text) { return new SafeHtml(text); }
