// The panel's decision in words on the page: a refusal from the backend (`decide`,
// `set_outcomes`, `finalize_results`, `export_document`) or a problem of the decision, worded
// from the catalogue by its code with the fields the backend sends (error.detail). Never
// parses the backend's message; that is shown only inside a "details" disclosure.
import { html } from '../../lib/html.js';
import { errorText, lang, t } from '../../i18n/index.js';

const DECISION_CODES = new Set(['unknown_entry', 'unknown_outcome', 'order_too_short', 'repeated_entry',
  'not_tied', 'unscored', 'decision_locked', 'decision_problems', 'quorum_incomplete',
  'decision_incomplete', 'outcome_in_use', 'bad_outcome', 'no_outcomes', 'nothing_to_announce',
  'finalized_changed']);

const list = (numbers) => (numbers || []).join(', ');

// Whether the error is one of the decision's refusals (worded here), not a generic one.
export function isDecisionRefusal(err) { return Boolean(err && DECISION_CODES.has(err.code)); }

// One problem of the decision ({ code, ...fields }) in words.
export function problemText(p) {
  const cluster = p.cluster === null || p.cluster === undefined ? ''
    : t('dlb.in_cluster', { cluster: p.cluster || t('dlb.no_cluster') });
  const params = {
    entries: list(p.entries), over: list(p.over), entry: p.entry, outcome: p.outcome,
    seats: p.seats, given: p.given, cluster, code: p.code,
  };
  const key = `dlb.problem.${p.code === 'unscored_outcome' ? 'unscored' : p.code}`;
  const text = t(key, params);
  return text === key ? t('dlb.problem.generic', params) : text;
}

// "No 4 (Nurul Hidayah), No 7 (…)": missing ballots as the minutes list them.
export function missingText(missing) {
  return missing.map((m) => `No ${m.no} (${m.panelist})`).join(', ');
}

// Missing ballots grouped by entry: [{ no, title, panelists: [name, ...] }], by number.
export function missingByEntry(missing) {
  const groups = [];
  for (const m of missing) {
    const last = groups[groups.length - 1];
    if (last && last.no === m.no) last.panelists.push(m.panelist);
    else groups.push({ no: m.no, title: m.title, panelists: [m.panelist] });
  }
  return groups;
}

// The refusal's headline from the catalogue, by code.
export function refusalText(err) {
  // A problem the page found in a form before sending anything carries its own words.
  if (err instanceof Error && !err.code) return err.message;
  if (!isDecisionRefusal(err)) return errorText(err);
  const d = err.detail || {};
  const ranks = (d.ranks || []).map(([no, rank]) => (rank === null
    ? t('dlb.rank_unscored', { no }) : t('dlb.rank_of', { no, rank }))).join(', ');
  return t(`dlb.err.${err.code}`, {
    no: d.no ?? '', name: d.name ?? '', entries: list(d.entries), ranks,
    n: (d.missing || []).length, reason: lang() === 'en' ? d.reason_en ?? '' : d.reason_id ?? '',
  });
}

// The refusal as markup: the headline, the problems or missing ballots it names, and the
// backend's own message in a disclosure.
export function refusalView(err, testid = 'refusal') {
  const d = (err && err.detail) || {};
  const problems = d.problems || [];
  const missing = d.missing || [];
  const message = lang() === 'id' && err && err.message_id ? err.message_id : err && err.message;
  return html`
    <div class="refusal" role="alert" data-testid="${testid}" data-code="${err && err.code}">
      <p class="refusal-text">${refusalText(err)}</p>
      ${problems.length ? html`<ul class="refusal-list">${problems.map((p) => html`<li>${problemText(p)}</li>`)}</ul>` : ''}
      ${missing.length ? html`<ul class="refusal-list">${missingByEntry(missing).map((g) => html`
        <li>No ${g.no} ${g.title ? html`<span class="muted">${g.title}</span>` : ''}: ${g.panelists.join(', ')}</li>`)}</ul>` : ''}
      ${isDecisionRefusal(err) && message ? html`<details class="refusal-details"><summary>${t('dlb.details')}</summary>
        <code>${err.code}</code> ${message}</details>` : ''}
    </div>`;
}
