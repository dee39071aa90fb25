// The Jaringan venue screen, the secretariat's host: start/stop serving the competition on
// the LAN (addresses, certificate fingerprint, mDNS), join codes with QR and link per
// panelist, revoking a station, the live progress matrix, what came back from stations since
// hosting started (after opening a backup on a replacement laptop) and recent refusals
// (each in the UI's words; its code, path and the host's own log line under "details").
// It follows the host's events: nothing here needs a click to be current.
import { html } from '../../lib/html.js';
import { useStyles } from '../../lib/styles.js';
import { Screen } from '../../lib/screen.js';
import { venueTime } from '../../lib/when.js';
import { addCatalogue, errorText, t } from '../../i18n/index.js';
import * as api from '../../api.js';
import strings from './strings.js';

// Events come in bursts (a station re-sending): one reload for a burst.
const EVENT_DEBOUNCE_MS = 150;
// A slow safety net (codes expiring, "last heard"); events do the real work.
const RESYNC_MS = 20000;

// "10.46 WITA": the venue's clock, never the laptop's zone.
const time = (iso) => venueTime(iso);

// The QR code as an image: the SVG (made by our backend) travels as a data URL in an
// attribute, never as markup in the page.
const qrSrc = (svg) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

function stationState(station) {
  if (!station) return ['none', t('venue.state_none')];
  const params = { station: station.station_name };
  if (station.revoked) return ['revoked', t('venue.state_revoked', params)];
  if (station.connected) return ['connected', t('venue.state_connected', params)];
  return ['offline', t('venue.state_offline', params)];
}

function columnState(station) {
  if (!station) return ['none', t('venue.col_none')];
  if (station.revoked) return ['revoked', t('venue.col_revoked')];
  if (station.connected) return ['connected', t('venue.col_connected')];
  return ['offline', t('venue.col_offline')];
}

function cellView(cell) {
  switch (cell.status) {
    case 'submitted': return html`<span class="cell-mark" title="${t('venue.cell_submitted')}">✓</span><span class="cell-rev">r${cell.revision}</span>`;
    case 'draft': return html`<span class="cell-mark" title="${t('venue.cell_draft')}">✎</span>`;
    case 'abstain': return html`<span class="cell-mark" title="${t('venue.cell_abstain')}">⊘</span>`;
    default: return '';
  }
}

// A refusal in the screen's language when its code is known, else the host's own words.
function rejectText(r) {
  const key = `venue.reject.${r.code}`;
  const text = t(key);
  return text === key ? r.message : text;
}

function entryList(ballots) {
  return ballots.map((b) => {
    if (b.no === null || b.no === undefined) return t('venue.entry_unknown');
    return b.revision > 1 ? t('venue.entry_rev', { no: b.no, rev: b.revision }) : t('venue.entry_no', { no: b.no });
  }).join(', ');
}

class VenueHost extends Screen {
  constructor() {
    super();
    this.bindDraft = null;
    this.confirming = null;
    this.message = null;
    this.busy = null;
  }

  connectedCallback() {
    super.connectedCallback();
    this.stopListening = api.listen('venue-host-event', () => this.soon());
    this.resyncer = setInterval(() => { if (this.data && this.data.hosting) this.soon(); }, RESYNC_MS);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.resyncer);
    clearTimeout(this.pending);
    this.stopListening.then((stop) => stop());
  }

  load() { return api.venueHostView(); }

  // A reload shortly, coalescing a burst of events; one at a time.
  soon() {
    clearTimeout(this.pending);
    this.pending = setTimeout(async () => {
      if (this.loading) { this.soon(); return; }
      this.loading = true;
      try { await this.refresh(); } finally { this.loading = false; }
    }, EVENT_DEBOUNCE_MS);
  }

  // Repaints keep the matrix's scroll position and the focused control.
  paint() {
    const scroll = this.querySelector('.matrix-scroll');
    const top = scroll ? scroll.scrollTop : 0;
    const left = scroll ? scroll.scrollLeft : 0;
    const focused = document.activeElement && this.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
    super.paint();
    const again = this.querySelector('.matrix-scroll');
    if (again) { again.scrollTop = top; again.scrollLeft = left; }
    if (focused) {
      const el = this.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`);
      if (el) el.focus();
    }
  }

  view(data) {
    const hosting = data.hosting;
    return html`
      <div class="venue-head">
        <h1 class="screen-title">${t('venue.title')}</h1>
        <p class="venue-lead muted">${t('venue.lead')}</p>
      </div>
      ${this.message ? html`<p class="venue-message ${this.message.error ? 'is-error' : ''}" role="${this.message.error ? 'alert' : 'status'}" data-testid="venue-message">${this.message.text}</p>` : ''}
      ${hosting ? this.hostingView(data) : this.startView(data)}
      ${hosting ? this.stationsView(data) : ''}
      <div class="venue-lower ${hosting ? '' : 'is-idle'}">
        ${hosting ? this.matrixView(data.matrix) : ''}
        <div class="venue-side">
          ${this.cameBackView(data)}
          ${hosting || data.refusals.length ? this.refusalsView(data.refusals) : ''}
        </div>
      </div>`;
  }

  startView(data) {
    const bind = this.bindDraft ?? data.default_bind;
    return html`
      <section class="card venue-hosting" data-testid="venue-hosting">
        <h2>${t('venue.start_title')}</h2>
        <form class="venue-start" data-action="start-form">
          <label>${t('venue.bind')}
            <input name="bind" value="${bind}" spellcheck="false" autocomplete="off" data-testid="venue-bind" data-focus-key="bind">
          </label>
          <button class="primary" data-action="start" data-testid="venue-start" ${this.busy ? 'disabled' : ''}>${this.busy === 'start' ? t('venue.starting') : t('venue.start')}</button>
        </form>
        <p class="muted venue-hint">${t('venue.bind_hint')}</p>
      </section>`;
  }

  hostingView(data) {
    const h = data.hosting;
    return html`
      <section class="card venue-hosting is-on" data-testid="venue-hosting">
        <div class="venue-hosting-head">
          <span class="venue-dot" aria-hidden="true"></span>
          <h2>${t('venue.serving')}: ${h.competition_name}</h2>
          <span class="muted">${t('venue.serving_since', { time: time(data.came_back.since) })}</span>
          <button class="venue-button" data-action="stop" data-testid="venue-stop" ${this.busy ? 'disabled' : ''}>${this.busy === 'stop' ? t('venue.stopping') : t('venue.stop')}</button>
        </div>
        <dl class="venue-facts">
          <div><dt>${t('venue.bound')}</dt><dd data-testid="venue-bound"><span class="mono venue-addr">${h.local_addr}</span></dd></div>
          <div><dt>${t('venue.addresses')}</dt>
            <dd data-testid="venue-addresses">${h.addresses.map((a) => html`<span class="mono venue-addr">${a}</span>`)}
              <div class="muted venue-small">${t('venue.addresses_hint')}</div></dd></div>
          <div><dt>${t('venue.fingerprint')}</dt>
            <dd data-testid="venue-fingerprint"><span class="mono venue-fp-short" data-testid="venue-fingerprint-short">${h.fingerprint_short}</span>
              <details class="venue-fp"><summary>${t('venue.fingerprint_full')}</summary>
                <span class="mono venue-fp-full" data-testid="venue-fingerprint-full">${h.fingerprint_grouped}</span>
                <span class="muted venue-small">${t('venue.fingerprint_hint')}</span></details></dd></div>
          <div><dt>${t('venue.mdns')}</dt>
            <dd data-testid="venue-mdns" class="${h.advertised ? 'is-on' : 'is-off'}">${h.advertised ? t('venue.mdns_on') : t('venue.mdns_off')}</dd></div>
        </dl>
      </section>`;
  }

  stationsView(data) {
    const rows = data.matrix.rows;
    const invites = new Map(data.invites.map((i) => [i.panelist_id, i]));
    return html`
      <section class="card venue-stations" data-testid="venue-stations">
        <div class="venue-section-head">
          <h2>${t('venue.stations')}</h2>
          ${rows.length ? html`<button class="venue-button" data-action="invite-all" data-testid="venue-invite-all" ${this.busy ? 'disabled' : ''}>${t('venue.invite_all')}</button>` : ''}
        </div>
        ${rows.length ? html`<div class="station-grid">${rows.map((row) => this.stationCard(row, invites.get(row.panelist_id)))}</div>`
          : html`<p class="muted">${t('venue.no_panel')}</p>`}
      </section>`;
  }

  stationCard(row, invite) {
    const [state, text] = stationState(row.station);
    const canRevoke = row.station && !row.station.revoked;
    const confirming = this.confirming === row.panelist_id;
    return html`
      <article class="station-card state-${state}" data-panelist="${row.panelist_id}" data-testid="station-card">
        <header>
          <strong class="station-name" title="${row.name}">${row.name}</strong>
          ${row.is_chair ? html`<span class="badge">${t('venue.chair')}</span>` : ''}
        </header>
        <div class="station-state" data-testid="station-state"><span class="venue-dot" aria-hidden="true"></span>${text}</div>
        ${row.station && row.station.last_seen && !row.station.revoked ? html`<div class="muted venue-small">${t('venue.last_seen', { time: time(row.station.last_seen) })}</div>` : ''}
        ${invite ? html`
          <div class="invite" data-testid="invite">
            <img class="invite-qr" src="${qrSrc(invite.qr_svg)}" alt="${t('venue.qr_alt', { name: row.name })}" data-testid="invite-qr">
            <div class="invite-text">
              <div class="muted venue-small">${t('venue.code')}</div>
              <div class="invite-code mono" data-testid="invite-code">${invite.code}</div>
              <div class="muted venue-small">${t('venue.expires', { time: time(invite.expires_at) })}</div>
            </div>
            <label class="invite-link-label venue-small muted">${t('venue.link')}
              <textarea class="invite-link mono" readonly rows="3" data-testid="invite-link" data-focus-key="link-${row.panelist_id}">${invite.link}</textarea>
            </label>
          </div>` : ''}
        ${confirming ? html`
          <div class="revoke-confirm" role="alertdialog" data-testid="revoke-confirm">
            <p>${t('venue.revoke_confirm', { station: row.station.station_name, name: row.name })}</p>
            <div class="station-actions">
              <button class="venue-button danger" data-action="revoke-yes" data-testid="revoke-yes" data-focus-key="revoke-yes-${row.panelist_id}">${t('venue.revoke_yes')}</button>
              <button class="venue-button" data-action="revoke-no">${t('venue.revoke_no')}</button>
            </div>
          </div>` : html`
          <div class="station-actions">
            <button class="venue-button" data-action="invite" data-testid="invite-button" ${this.busy ? 'disabled' : ''}>${invite ? t('venue.invite_again') : t('venue.invite')}</button>
            ${canRevoke ? html`<button class="venue-button danger-quiet" data-action="revoke" data-testid="revoke-button">${t('venue.revoke')}</button>` : ''}
          </div>`}
      </article>`;
  }

  matrixView(matrix) {
    const total = matrix.rows.reduce((n, r) => n + r.to_score, 0);
    const submitted = matrix.rows.reduce((n, r) => n + r.submitted, 0);
    return html`
      <section class="card venue-matrix" data-testid="venue-matrix">
        <div class="venue-section-head">
          <h2>${t('venue.progress')}</h2>
          <span class="muted venue-small" data-testid="venue-progress-counts">${t('venue.progress_counts', { connected: matrix.stations_connected, submitted, total })}</span>
        </div>
        ${matrix.entries.length === 0 ? html`<p class="muted">${t('venue.no_entries')}</p>` : html`
        <div class="matrix-scroll">
          <table class="matrix">
            <thead><tr>
              <th class="m-no">${t('venue.no')}</th>
              <th class="m-title">${t('venue.entry')}</th>
              ${matrix.rows.map((r) => {
                const [state, text] = columnState(r.station);
                return html`<th class="m-col state-${state}" title="${r.name}" data-testid="matrix-col" data-panelist="${r.panelist_id}">
                  <span class="m-name">${r.name}</span>
                  <span class="m-state"><span class="venue-dot" aria-hidden="true"></span>${text}</span>
                  <span class="m-count">${r.submitted}/${r.to_score}</span></th>`;
              })}
            </tr></thead>
            <tbody>
              ${matrix.entries.map((e, i) => html`<tr>
                <td class="m-no">${e.no}</td>
                <td class="m-title" title="${e.title}">${e.title}${e.finalized ? html` <span class="m-final">${t('venue.final')}</span>` : ''}</td>
                ${matrix.rows.map((r) => {
                  const cell = r.cells[i];
                  return html`<td class="m-cell is-${cell.status}" data-testid="matrix-cell" data-entry-no="${e.no}" data-panelist="${r.panelist_id}">${cellView(cell)}</td>`;
                })}
              </tr>`)}
            </tbody>
          </table>
        </div>
        <p class="muted venue-small venue-legend">${t('venue.legend')}</p>`}
      </section>`;
  }

  cameBackView(data) {
    const cb = data.came_back;
    return html`
      <section class="card venue-came-back" data-testid="venue-came-back">
        <h2>${t('venue.came_back')}</h2>
        ${cb.since ? html`
          <p class="muted venue-small">${t('venue.came_back_lead', { time: time(cb.since) })}</p>
          <p class="came-back-totals" data-testid="came-back-totals">
            <span class="came-back-new"><strong data-testid="came-back-new-total">${cb.new_total}</strong> ${t('venue.came_back_new_label')}</span>
            <span class="muted">·</span>
            <span><strong data-testid="came-back-repeated-total">${cb.repeated_total}</strong> ${t('venue.came_back_repeated_label')}</span>
          </p>
          ${cb.panelists.length ? html`<ul class="came-back-list">${cb.panelists.map((p) => html`
            <li data-testid="came-back-row" data-panelist="${p.panelist_id}">
              <strong>${p.name}</strong>
              ${p.new.length ? html`<div class="came-back-line is-new" data-testid="came-back-new">${t('venue.came_back_new', { n: p.new.length, list: entryList(p.new) })}</div>` : ''}
              ${p.repeated.length ? html`<div class="came-back-line muted" data-testid="came-back-repeated">${t('venue.came_back_repeated', { n: p.repeated.length, list: entryList(p.repeated) })}</div>` : ''}
            </li>`)}</ul>`
          : html`<p class="muted venue-small">${t('venue.came_back_none')}</p>`}`
        : html`<p class="muted venue-small">${t('venue.came_back_idle')}</p>`}
      </section>`;
  }

  refusalsView(refusals) {
    return html`
      <section class="card venue-refusals" data-testid="venue-refusals">
        <h2>${t('venue.refusals')}</h2>
        ${refusals.length ? html`<ol class="refusal-list">${refusals.map((r) => html`
          <li data-testid="refusal">
            <span class="mono refusal-time">${time(r.at)}</span>
            ${r.peer ? html`<span class="muted refusal-peer">${t('venue.refusal_from', { peer: r.peer })}</span>` : ''}
            <span class="refusal-message">${rejectText(r)}</span>
            <details class="refusal-details"><summary>${t('venue.refusal_details')}</summary>
              <code data-testid="refusal-code">${r.code}</code> <code>${r.path}</code> ${r.message}</details>
          </li>`)}</ol>`
        : html`<p class="muted venue-small">${t('venue.refusals_none')}</p>`}
      </section>`;
  }

  afterPaint() {
    const form = this.querySelector('[data-action="start-form"]');
    if (form) {
      const input = form.querySelector('input[name="bind"]');
      input.addEventListener('input', () => { this.bindDraft = input.value; });
      form.addEventListener('submit', (ev) => { ev.preventDefault(); this.start(input.value); });
    }
    this.on('[data-action="stop"]', () => this.act('stop', () => api.venueHostStop(), () => t('venue.stopped')));
    this.on('[data-action="invite-all"]', () => this.act('invite', () => api.venueHostInviteAll()));
    this.querySelectorAll('.station-card').forEach((card) => {
      const id = card.dataset.panelist;
      const name = card.querySelector('.station-name').textContent;
      const click = (action, fn) => { const b = card.querySelector(`[data-action="${action}"]`); if (b) b.addEventListener('click', fn); };
      click('invite', () => this.act('invite', () => api.venueHostInvite(id)));
      click('revoke', () => { this.confirming = id; this.message = null; this.paint(); });
      click('revoke-no', () => { this.confirming = null; this.paint(); });
      click('revoke-yes', () => this.act('revoke', () => api.venueHostRevoke(id), () => t('venue.revoked_done', { name })));
      const link = card.querySelector('.invite-link');
      if (link) link.addEventListener('focus', () => link.select());
    });
  }

  on(css, fn) {
    const el = this.querySelector(css);
    if (el) el.addEventListener('click', fn);
  }

  async start(bind) {
    this.bindDraft = bind;
    await this.act('start', () => api.venueHostStart(bind));
  }

  // Runs one action, then reloads the view; a failure is said in the screen's message.
  async act(kind, call, done = null) {
    if (this.busy) return;
    this.busy = kind;
    this.message = null;
    this.paint();
    try {
      await call();
      if (kind === 'revoke') this.confirming = null;
      this.message = done ? { text: done() } : null;
    } catch (err) {
      this.message = { text: errorText(err), error: true };
    }
    this.busy = null;
    await this.refresh();
  }
}

export function registerVenueHost() {
  addCatalogue(strings);
  useStyles(new URL('./venue-host.css', import.meta.url));
  customElements.define('panelis-venue-host', VenueHost);
}
