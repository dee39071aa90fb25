// The read-only parts of the Musyawarah screen, drawn from the backend's decision view as it
// is: the agreed order with its marks, seats per outcome, the apportionment arithmetic, the
// per-cluster standings, the quorum and the decision's problems. No rule is computed here.
import { html } from '../../lib/html.js';
import { numbers } from '../../lib/numbers.js';
import { t } from '../../i18n/index.js';
import { missingByEntry, problemText } from './refusal.js';

const list = (numbers) => numbers.join(', ');
export const clusterName = (c) => (c ? c : t('dlb.no_cluster'));

// What the backend says of a row, as labelled marks (colour never alone).
export function rowMarks(r, nearTie, finalized) {
  const marks = [];
  if (r.tie_open) marks.push(html`<span class="mark tie-open" data-testid="mark-tie-open">${t('dlb.mark_tie_open')}</span>`);
  else if (r.tied) marks.push(html`<span class="mark tie-closed">${t('dlb.mark_tie_closed')}</span>`);
  if (r.near_tie) marks.push(html`<span class="mark near">${t('dlb.mark_near', { margin: nearTie })}</span>`);
  if (r.outliers) marks.push(html`<span class="mark outlier" data-testid="mark-outlier">${t('dlb.mark_outliers', { n: r.outliers })}</span>`);
  if (r.departs_over.length) marks.push(html`<span class="mark departs" data-testid="mark-departs">${t('dlb.mark_departs', { over: list(r.departs_over) })}</span>`);
  if (r.outcome_over.length) marks.push(html`<span class="mark departs">${t('dlb.mark_outcome_over', { over: list(r.outcome_over) })}</span>`);
  if (finalized) marks.push(html`<span class="mark final">${t('dlb.mark_final')}</span>`);
  const reasons = [r.order_reason, r.outcome_reason].filter(Boolean);
  return html`${marks}${reasons.map((reason) => html`<div class="reason">${t('dlb.mark_reason', { reason })}</div>`)}`;
}

export function rankingTable(view, nearTieText) {
  if (!view.rows.length) return html`<p class="empty">${t('dlb.empty')}</p>`;
  const finalized = new Set(view.finalized);
  const firstUnscored = view.rows.findIndex((r) => r.place === null);
  // The cluster is said only when there is more than one.
  const showCluster = view.clusters.length > 1;
  const inOrder = (r) => r.in_order;
  return html`
    <div class="table-wrap">
    <table class="grid ranking" data-testid="ranking">
      <thead><tr>
        <th class="num">${t('dlb.place')}</th><th class="num">${t('dlb.no')}</th><th>${t('dlb.entry')}</th>
        <th class="num">${t('dlb.score')}<div class="sub">${t('dlb.rank')}</div></th>
        <th>${t('dlb.notes')}</th><th>${t('dlb.outcome')}</th>
      </tr></thead>
      <tbody>${view.rows.map((r, i) => html`
        ${i === firstUnscored ? html`<tr class="group-row"><td colspan="6">${t('dlb.unscored_head')}</td></tr>` : ''}
        <tr class="${r.tie_open ? 'tie-open' : ''} ${r.departs_over.length || r.outcome_over.length ? 'departs' : ''} ${r.place === null ? 'unscored' : ''}"
          data-no="${r.no}" data-testid="row-${r.no}">
          <td class="num place" data-testid="place">${r.place ?? '–'}</td>
          <td class="num">${r.no}</td>
          <td class="title-cell">${r.title}<div class="sub">${r.agency}</div>${showCluster ? html`<div class="sub">${t('dlb.cluster')}: ${clusterName(r.cluster)}</div>` : ''}</td>
          <td class="num score">${r.score ?? html`<span class="muted">${t('dlb.unscored')}</span>`}${r.rank === null ? '' : html`<div class="sub">${t('dlb.rank_n', { rank: r.rank })}</div>`}</td>
          <td class="marks">${rowMarks(r, nearTieText, finalized.has(r.no))}</td>
          <td class="outcome"><div data-testid="outcome">${r.outcome ? html`<strong>${r.outcome}</strong>` : ''}</div>
            <div class="stack">${r.place !== null ? html`<button class="btn small" data-give="${r.no}" data-testid="give-${r.no}">${t('dlb.give')}</button>` : ''}
            ${inOrder(r) ? html`<button class="btn small" data-release="${r.no}" title="${t('dlb.release_hint', { no: r.no })}">${t('dlb.release')}</button>` : ''}</div></td>
        </tr>`)}</tbody>
    </table></div>`;
}

export function seatsCard(view) {
  return html`
    <section class="card" data-testid="seats">
      <h2>${t('dlb.seats')}</h2>
      ${view.seats.length ? html`<table class="grid compact">
        <tbody>${view.seats.map((s) => {
    const open = s.seats - s.given;
    return html`<tr class="${open > 0 ? 'seat-open' : ''}">
            <td><strong>${s.outcome}</strong><div class="sub">${s.cluster === null ? t('dlb.overall') : clusterName(s.cluster)}</div></td>
            <td class="num">${t('dlb.seats_given', { given: s.given, seats: s.seats })}</td>
            <td class="small">${s.seats === 0 ? t('dlb.seats_zero') : open > 0 ? t('dlb.seats_open', { n: open }) : open < 0 ? html`<span class="error">${t('dlb.seats_over', { n: -open })}</span>` : t('dlb.seats_full')}</td>
          </tr>`;
  })}</tbody></table>` : html`<p class="empty small">${t('dlb.seats_none')}</p>`}
    </section>`;
}

export function apportionmentTable(a) {
  const tie = a.lines.some((l) => l.remainder_tie);
  return html`
    <div class="apportion" data-testid="apportion">
      <h3>${t('dlb.apportion', { outcome: a.outcome, seats: a.seats })}</h3>
      <table class="grid compact">
        <thead><tr><th>${t('dlb.ap_cluster')}</th><th class="num">${t('dlb.ap_entries')}</th><th class="num">${t('dlb.ap_quota')}</th>
          <th class="num">${t('dlb.ap_floor')}</th><th class="num">${t('dlb.ap_remainder')}</th><th class="num">${t('dlb.ap_extra')}</th><th class="num">${t('dlb.ap_seats')}</th></tr></thead>
        <tbody>${a.lines.map((l) => html`<tr class="${l.remainder_tie ? 'remainder-tie' : ''}">
          <td>${clusterName(l.cluster)}</td><td class="num">${l.entries}</td>
          <td class="num" title="${l.quota}">${l.quota_display}</td><td class="num">${l.floor}</td>
          <td class="num">${l.remainder_display}${l.remainder_tie ? html` <span class="mark tie-open">${t('dlb.ap_tie')}</span>` : ''}</td>
          <td class="num">${l.extra ? '+1' : ''}</td><td class="num"><strong>${l.seats}</strong></td></tr>`)}</tbody>
      </table>
      ${tie ? html`<p class="small note">${t('dlb.ap_tie_note')}</p>` : ''}
    </div>`;
}

export function apportionmentPart(apportionments) {
  if (!apportionments.length) return '';
  return html`<p class="muted small">${t('dlb.apportion_lead')}</p>${apportionments.map(apportionmentTable)}`;
}

export function clustersCard(view) {
  if (!view.clusters.length) return '';
  return html`
    <section class="card" data-testid="clusters">
      <h2>${t('dlb.clusters')}</h2>
      <ul class="plain">${view.clusters.map((c) => html`<li><strong>${clusterName(c.cluster)}</strong>
        <span class="muted small">${t('dlb.cluster_line', { n: c.entries })}</span>
        <div class="small order-line">${c.order.length ? c.order.map((no) => `No ${no}`).join(' › ') : '–'}</div></li>`)}</ul>
    </section>`;
}

// Missing ballots for the page: entries missing some ballots, by entry with the panelists'
// names, and entries missing all of them (`unscored`: numbers of entries without a score)
// folded into one line of numbers.
export function missingLines(missing, unscored, shown = 8) {
  const none = new Set(unscored);
  const groups = missingByEntry(missing);
  const partial = groups.filter((g) => !none.has(g.no));
  const whole = groups.filter((g) => none.has(g.no));
  const line = (g) => html`<li>No ${g.no} <span class="muted">${g.title}</span>: ${g.panelists.join(', ')}</li>`;
  return html`
    ${partial.length ? html`<ul class="missing small" data-testid="missing-partial">${partial.slice(0, shown).map(line)}</ul>
      ${partial.length > shown ? html`<details class="small"><summary>${t('dlb.quorum_more', { n: partial.length - shown })}</summary>
        <ul class="missing">${partial.slice(shown).map(line)}</ul></details>` : ''}` : ''}
    ${whole.length ? html`<p class="small missing-whole">${t('dlb.quorum_unscored', {
    n: whole.length, ballots: whole.reduce((sum, g) => sum + g.panelists.length, 0), entries: numbers(whole.map((g) => g.no)),
  })}</p>` : ''}`;
}

// The quorum: counted of expected, and what is missing.
export function quorumPart(quorum, unscored, shown = 8) {
  return html`
    <p data-testid="quorum-line">${t('dlb.quorum_line', { counted: quorum.counted, expected: quorum.expected, entries: quorum.entries })}</p>
    ${quorum.missing.length ? html`<p class="small"><strong>${t('dlb.quorum_missing', { n: quorum.missing.length })}</strong></p>
      ${missingLines(quorum.missing, unscored, shown)}`
    : html`<p class="small ok">${t('dlb.quorum_complete')}</p>`}`;
}

export function quorumCard(view) {
  return html`
    <section class="card" data-testid="quorum">
      <h2>${t('dlb.quorum')}</h2>
      ${quorumPart(view.quorum, view.rows.filter((r) => r.score === null).map((r) => r.no))}
      ${view.overrides.length ? html`<p class="small"><strong>${t('dlb.overrides')}</strong></p>
        <ul class="small">${view.overrides.map((o) => html`<li>${t('dlb.override_line', { entries: numbers(o.entries), chair: o.chair, reason: o.reason })}</li>`)}</ul>` : ''}
    </section>`;
}

export function problemsCard(view) {
  return html`
    <section class="card ${view.problems.length ? 'has-problems' : ''}" data-testid="problems">
      <h2>${t('dlb.problems')}</h2>
      ${view.problems.length ? html`<p class="small muted">${t('dlb.problems_lead')}</p>
        <ul class="small">${view.problems.map((p) => html`<li>${problemText(p)}</li>`)}</ul>`
    : html`<p class="small ok">${t('dlb.problems_none')}</p>`}
    </section>`;
}
