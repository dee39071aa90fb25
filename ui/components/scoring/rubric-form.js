// The rubric form in the page, as the panelist's scoring sheet and the station's sheet both
// show it: reading what is typed, the score level a typed number falls in, and whether a
// criterion's field holds anything. One place, so both sheets read and mark it alike.

// A typed score as a whole number, or null (empty or not a whole number).
export function typedInteger(text) {
  const s = String(text).trim();
  return /^-?\d+$/.test(s) ? Number(s) : null;
}

// The form as typed under `root`, in the shape the backend takes (BallotForm).
export function formOf(root, criteria) {
  const value = (css) => { const el = root.querySelector(css); return el ? el.value : ''; };
  return {
    criteria: criteria.map((c) => ({
      criterion_id: c.id,
      score: value(`.score-input[data-criterion="${c.id}"]`),
      note: value(`.crit-note[data-criterion="${c.id}"]`),
    })),
    note: value('.entry-note-input'),
  };
}

// Highlights the score level the typed number falls in (a reading aid only).
export function markLevel(input) {
  const n = typedInteger(input.value);
  input.closest('.crit').querySelectorAll('.level').forEach((l) => {
    l.classList.toggle('is-hit', n !== null && n >= Number(l.dataset.min) && n <= Number(l.dataset.max));
  });
}

// Whether the field of criterion `code` holds something typed (so its problem is invalid
// input, not a missing score).
export function typedIn(root, code) {
  const input = root.querySelector(`.crit[data-code="${code}"] .score-input`);
  return Boolean(input && input.value.trim());
}

// Drops a "no score given" problem as soon as something is typed in its field; whether
// one was dropped (the sheet then shows its problems again).
export function clearMissing(problems, input) {
  const code = input.closest('.crit').dataset.code;
  if (problems[code] && problems[code].missing && input.value.trim()) {
    delete problems[code];
    return true;
  }
  return false;
}
