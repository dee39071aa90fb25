// The projector's deliberation page: what the hall sees while the panel deliberates, drawn
// from the backend's DeliberationScreen as it is: the agreed list (place, number, title,
// agency, score, outcome) with ties, near-ties and departures marked in words, the seats
// still to fill, the order within each cluster, and each panelist's total only when the
// secretariat chose to show them (the backend sends `totals` only then).
import { html } from '../lib/html.js';
import { t } from '../i18n/index.js';

// Rows that fit the hall's screen at a readable size; beyond them the page says how many
// more there are rather than shrinking the type.
const MAX_ROWS = 10;
// Up to this many rows get the largest type.
const FEW_ROWS = 5;

const list = (numbers) => numbers.join(', ');
const cluster = (c) => c || t('projd.no_cluster');

function marks(r) {
  const out = [];
  if (r.tie_open) out.push(html`<span class="pd-mark pd-tie-open">${t('projd.tie_open')}</span>`);
  else if (r.tied) out.push(html`<span class="pd-mark pd-tie">${t('projd.tie_closed')}</span>`);
  if (r.near_tie) out.push(html`<span class="pd-mark pd-near">${t('projd.near')}</span>`);
  if (r.outliers) out.push(html`<span class="pd-mark pd-near">${t('projd.outliers', { n: r.outliers })}</span>`);
  if (r.departs_over.length) out.push(html`<span class="pd-mark pd-departs">${t('projd.departs', { over: list(r.departs_over) })}</span>`);
  if (r.outcome_over.length) out.push(html`<span class="pd-mark pd-departs">${t('projd.outcome_over', { over: list(r.outcome_over) })}</span>`);
  return out;
}

function seatsPart(seats) {
  if (!seats.length) return '';
  return html`
    <section class="pd-box" data-testid="projector-seats">
      <h2>${t('projd.seats')}</h2>
      <ul>${seats.map((s) => {
    const open = s.seats - s.given;
    return html`<li class="${open > 0 ? 'pd-open' : ''}"><span class="pd-seat-name">${s.outcome}${s.cluster === null ? '' : html` <span class="pd-muted">· ${cluster(s.cluster)}</span>`}</span>
          <span class="pd-seat-count">${s.given}/${s.seats}</span>
          <span class="pd-seat-left">${s.seats === 0 ? t('projd.seats_zero') : open > 0 ? t('projd.seats_open', { n: open }) : t('projd.seats_full')}</span></li>`;
  })}</ul>
    </section>`;
}

// Each cluster's scored entries in the agreed order (the unscored only counted).
function clustersPart(clusters, scored) {
  // One cluster only (or none named) says nothing the list does not.
  if (clusters.length < 2) return '';
  return html`
    <section class="pd-box" data-testid="projector-clusters">
      <h2>${t('projd.clusters')}</h2>
      <ul>${clusters.map((c) => {
    const order = c.order.filter((no) => scored.has(no));
    const rest = c.order.length - order.length;
    return html`<li><span class="pd-cluster-name">${cluster(c.cluster)}</span>
        <span class="pd-order">${order.length ? order.map((no) => `No ${no}`).join(' › ') : ''}
          ${rest ? html`<span class="pd-muted">${t('projd.unscored_n', { n: rest })}</span>` : ''}</span></li>`;
  })}</ul>
    </section>`;
}

export function deliberationPage(d) {
  const scored = d.rows.filter((r) => r.place !== null);
  const shown = scored.slice(0, MAX_ROWS);
  const totals = d.totals ? new Map(d.totals.map(([no, cells]) => [no, cells])) : null;
  const outliers = new Map((d.outliers || []).map(([no, cols]) => [no, new Set(cols)]));
  const panel = d.panel || [];
  const open = scored.filter((r) => r.tie_open).length;
  return html`
    <header class="pd-head">
      <span class="pd-competition">${d.competition}</span>
      <span class="pd-title">${t('projd.title')}</span>
    </header>
    <div class="pd-body ${totals ? 'with-totals' : ''} ${shown.length <= FEW_ROWS ? 'pd-few' : ''}">
      <section class="pd-list">
        <table class="pd-table" data-testid="projector-ranking">
          <thead><tr><th class="pd-num">${t('projd.place')}</th><th class="pd-num">${t('projd.no')}</th><th>${t('projd.entry')}</th>
            <th class="pd-num">${t('projd.score')}</th>
            ${totals ? panel.map((_, i) => html`<th class="pd-num pd-p">P${i + 1}</th>`) : ''}
            <th>${t('projd.outcome')}</th></tr></thead>
          <tbody>${shown.map((r) => html`
            <tr class="${r.tie_open ? 'pd-row-tie' : ''} ${r.departs_over.length ? 'pd-row-departs' : ''}" data-no="${r.no}">
              <td class="pd-num pd-place">${r.place}</td>
              <td class="pd-num pd-no">${r.no}</td>
              <td class="pd-entry"><div class="pd-entry-title">${r.title}</div>
                <div class="pd-agency">${r.agency}</div>
                ${marks(r).length ? html`<div class="pd-marks">${marks(r)}</div>` : ''}</td>
              <td class="pd-num pd-score">${r.score}</td>
              ${totals ? (totals.get(r.no) || []).map((cell, i) => html`<td class="pd-num pd-p ${outliers.get(r.no)?.has(i) ? 'pd-outlier' : ''}">${cell ?? '–'}${outliers.get(r.no)?.has(i) ? ' ⚑' : ''}</td>`) : ''}
              <td class="pd-outcome">${r.outcome || ''}</td>
            </tr>`)}</tbody>
        </table>
        ${scored.length > shown.length ? html`<p class="pd-more">${t('projd.more', { n: scored.length - shown.length })}</p>` : ''}
        ${!scored.length ? html`<p class="pd-more">${t('projd.none')}</p>` : ''}
        ${totals ? html`<p class="pd-legend">${panel.map((name, i) => html`<span>P${i + 1} = ${name}</span>`)}</p>` : ''}
      </section>
      <aside class="pd-side">
        ${open ? html`<section class="pd-box pd-alert" data-testid="projector-open-ties">${t('projd.open_ties', { n: open })}</section>` : ''}
        ${seatsPart(d.seats)}
        ${clustersPart(d.clusters, new Set(scored.map((r) => r.no)))}
        <p class="pd-note">${t('projd.near_note', { margin: d.near_tie })}</p>
      </aside>
    </div>`;
}
