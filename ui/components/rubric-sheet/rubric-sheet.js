// The rubric form of a score sheet, one for the panelist's sheet on this laptop (Penilaian)
// and for the station's sheet on the venue LAN: the criteria with their score levels (as
// the core gives them), the score and note fields, the entry note, the foot with the
// weighted total, the save state and the submit button; reading what is typed, marking the
// level a typed number falls in, and showing the core's problems, total and save state.
// `prefix` tells the two sheets' test ids apart ('' and 'st-').
import { html } from '../../lib/html.js';
import { venueTime } from '../../lib/when.js';
import { errorText, lang, t } from '../../i18n/index.js';

// The save and signing times on the sheet, at the venue ("10.46 WITA").
export function clockTime(at = new Date()) { return venueTime(at); }

export function problemText(p) { return lang() === 'en' ? p.message_en : p.message_id; }

const label = (c) => (lang() === 'en' ? c.label_en || c.label_id : c.label_id);
const levelLabel = (l) => (lang() === 'en' ? l.label_en || l.label_id : l.label_id);

// The criteria and the entry note, filled with `form` (what is on file), read-only when
// `locked`.
export function rubricFields({ criteria, form, locked }, prefix) {
  const field = (c) => form.criteria.find((i) => i.criterion_id === c.id) || { score: '', note: '' };
  return html`
    <div class="rubric-pane">
      ${criteria.map((c, i) => {
        const f = field(c);
        return html`
        <div class="crit" data-code="${c.code}" data-criterion="${c.id}">
          <div class="crit-head">
            <label class="crit-label" for="${prefix}score-${c.code}"><span class="crit-index">${i + 1}</span>${label(c)}</label>
            <span class="crit-weight">${t('sheet.weight', { w: c.weight })}</span>
            ${locked ? '' : html`<button type="button" class="link-button note-toggle" data-action="note">✎ ${t('sheet.note_add')}</button>`}
          </div>
          <div class="crit-levels">${c.levels.map((l) => html`<span class="level" data-min="${l.min}" data-max="${l.max}"
              title="${l.min}–${l.max}: ${levelLabel(l)}"><b>${l.min}–${l.max}</b> ${levelLabel(l)}</span>`)}${c.guidance
            ? html`<span class="level-prose">${c.guidance}</span>` : ''}</div>
          <div class="crit-score">
            <input id="${prefix}score-${c.code}" class="score-input" data-testid="${prefix}score-${c.code}" data-criterion="${c.id}"
              inputmode="numeric" autocomplete="off" spellcheck="false" maxlength="6" value="${f.score}"
              placeholder="${c.scale_min}–${c.scale_max}" aria-label="${t('sheet.score_label', { label: label(c) })}"
              aria-describedby="${prefix}problem-${c.code}" ${locked ? 'disabled' : ''}>
          </div>
          <input class="crit-note" data-criterion="${c.id}" value="${f.note}" placeholder="${t('sheet.note_placeholder')}"
            aria-label="${t('sheet.note_placeholder')}: ${label(c)}" ${locked ? 'disabled' : ''} ${f.note ? '' : 'hidden'}>
          <div class="crit-problem" id="${prefix}problem-${c.code}" data-testid="${prefix}problem-${c.code}" role="alert"></div>
        </div>`;
      })}
      <label class="entry-note">
        <span>${t('sheet.entry_note')}</span>
        <textarea class="entry-note-input" data-testid="${prefix}entry-note" rows="2" placeholder="${t('sheet.entry_note_placeholder')}" ${locked ? 'disabled' : ''}>${form.note}</textarea>
      </label>
    </div>`;
}

// The sheet's foot: total, save state, submit state and button (none when `locked`).
export function sheetFoot(prefix, locked, submitText) {
  return html`
    <footer class="sheet-foot">
      <div class="total-box">
        <span class="total-label">${t('sheet.total')}</span>
        <span class="total-value" data-testid="${prefix}total">—</span>
        <span class="total-sub muted" data-testid="${prefix}scored-of"></span>
      </div>
      <div class="save-status" data-testid="${prefix}save-status" data-state="" aria-live="polite"></div>
      <div class="submit-box">
        <span class="submit-status" data-testid="${prefix}submit-status"></span>
        ${locked ? '' : html`<button class="primary submit-button" data-action="submit" data-testid="${prefix}submit">${submitText}</button>`}
      </div>
    </footer>`;
}

// A typed score as a whole number, or null (empty or not a whole number): only to mark the
// level a number falls in, a reading aid; the core judges the score.
function typedInteger(text) {
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

// Highlights the score level the typed number falls in.
function markLevel(input) {
  const n = typedInteger(input.value);
  input.closest('.crit').querySelectorAll('.level').forEach((l) => {
    l.classList.toggle('is-hit', n !== null && n >= Number(l.dataset.min) && n <= Number(l.dataset.max));
  });
}

// Whether the field of criterion `code` holds something typed (its problem is then about
// what is typed, not a missing score).
function typedIn(root, code) {
  const input = root.querySelector(`.crit[data-code="${code}"] .score-input`);
  return Boolean(input && input.value.trim());
}

// Wires the fields under `root`: every change goes to `onChange`, leaving a field to
// `onFlush`; Tab and Enter go from score to score (a ballot is typed without the mouse);
// "Catatan" opens a criterion's note; a "no score given" problem goes as soon as something
// is typed in its field (`problems` is the sheet's map, `onProblems` repaints it).
export function wireFields(root, { problems, onChange, onFlush, onProblems }) {
  const scores = [...root.querySelectorAll('.score-input')];
  scores.forEach((input, i) => {
    input.addEventListener('input', () => {
      markLevel(input);
      const code = input.closest('.crit').dataset.code;
      if (problems[code] && problems[code].missing && input.value.trim()) {
        delete problems[code];
        onProblems();
      }
      onChange();
    });
    input.addEventListener('blur', onFlush);
    input.addEventListener('keydown', (ev) => {
      const forward = (ev.key === 'Tab' && !ev.shiftKey) || ev.key === 'Enter';
      if (forward) {
        ev.preventDefault();
        (scores[i + 1] || root.querySelector('.entry-note-input')).focus();
      } else if (ev.key === 'Tab' && ev.shiftKey && i > 0) {
        ev.preventDefault();
        scores[i - 1].focus();
      }
    });
    markLevel(input);
  });
  root.querySelectorAll('[data-action=note]').forEach((b) => b.addEventListener('click', () => {
    const note = b.closest('.crit').querySelector('.crit-note');
    note.hidden = false;
    note.focus();
  }));
  root.querySelectorAll('.crit-note, .entry-note-input').forEach((el) => {
    el.addEventListener('input', onChange);
    el.addEventListener('blur', onFlush);
  });
}

// The problems of a saved draft (what is typed wrong; "missing" is said at submission).
export function typedProblems(problems, result) {
  Object.keys(problems).forEach((k) => { if (!problems[k].missing) delete problems[k]; });
  result.problems.forEach((p) => { if (p.column) problems[p.column] = { text: problemText(p) }; });
}

// A refused submission: its problems shown beside their fields (a field typed wrong by
// what is wrong with it, a field left empty as missing) and the first one focused; the
// note to show by the submit button.
export function refusedSubmission(root, problems, err) {
  if (!(err && err.problems && err.problems.length)) return errorText(err);
  err.problems.forEach((p) => {
    if (p.column && !problems[p.column]) {
      problems[p.column] = { text: problemText(p), missing: !typedIn(root, p.column) };
    }
  });
  showProblems(root, problems);
  const first = root.querySelector('.crit.has-problem .score-input');
  if (first) first.focus();
  return t('sheet.submit_incomplete');
}

// A submission taken: no problem left.
export function clearProblems(root, problems) {
  Object.keys(problems).forEach((k) => delete problems[k]);
  showProblems(root, problems);
}

export function showProblems(root, problems) {
  root.querySelectorAll('.crit').forEach((row) => {
    const p = problems[row.dataset.code];
    const box = row.querySelector('.crit-problem');
    const input = row.querySelector('.score-input');
    box.textContent = p ? (p.missing ? `⚠ ${p.text}` : `⚠ ${p.text}: ${t('sheet.not_saved')}`) : '';
    row.classList.toggle('has-problem', Boolean(p));
    if (p) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
  });
}

// The weighted total (as the core computed it) and how many criteria hold a score.
export function showTotal(root, prefix, { total, scored, of }) {
  const el = root.querySelector(`[data-testid="${prefix}total"]`);
  if (!el) return;
  el.textContent = total || '—';
  el.classList.toggle('is-empty', !total);
  root.querySelector(`[data-testid="${prefix}scored-of"]`).textContent = t('sheet.scored_of', { n: scored, m: of });
}

// The save state: saving, failed, or saved at a time; a sheet with fields typed wrong is
// not shown as fine (a warning naming how many). `saved` words the success ("Tersimpan" on
// this laptop's sheet, "Draf tersimpan di laptop" on a station).
export function showSaveState(root, prefix, saveState, problems, saved) {
  const el = root.querySelector(`[data-testid="${prefix}save-status"]`);
  if (!el) return;
  const s = saveState;
  el.dataset.state = s ? s.state : '';
  el.classList.toggle('is-error', Boolean(s && s.state === 'error'));
  el.classList.remove('is-warning');
  if (!s) { el.textContent = ''; return; }
  if (s.state === 'pending' || s.state === 'saving') el.textContent = t('sheet.saving');
  else if (s.state === 'error') el.textContent = t('sheet.save_failed', { why: errorText(s.result) });
  else {
    const invalid = Object.values(problems).filter((p) => !p.missing).length;
    const time = clockTime(s.at);
    el.classList.toggle('is-warning', invalid > 0);
    el.textContent = invalid
      ? `⚠ ${t('sheet.saved_except', { n: invalid, saved: saved(time) })}`
      : `✓ ${saved(time)}`;
  }
}
