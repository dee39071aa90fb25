// Station mode (venue LAN, issue 9): when this laptop has joined a host as a panelist's
// station, the app shows only this: a header saying whose laptop it is, the link to the
// host (always visible, live), the entry presenting now with the host's remaining time, the
// score sheet, and the way out ("Keluar dari mode panelis"), refused while a score is not
// yet confirmed by the host. Registers the station's components and styles.
import { html } from '../../lib/html.js';
import { useStyles } from '../../lib/styles.js';
import { setVenueClock } from '../../lib/when.js';
import { addCatalogue, lang, onLangChange, setLang, t, errorText } from '../../i18n/index.js';
import * as api from '../../api.js';
import { defineStationJoin } from './station-join.js';
import { defineStationSheet } from './station-sheet.js';
import sheetStrings from '../rubric-sheet/strings.js';
import strings from './strings.js';

// Link states that need a new join code (the host does not take this laptop's token).
const NEEDS_CODE = ['not_recognized', 'revoked'];
const LINK_ICON = { online: '●', connecting: '◌', offline: '○', wrong_host: '⚠', not_recognized: '⚠', revoked: '⛔' };

class StationMode extends HTMLElement {
  connectedCallback() {
    this.status = null;
    this.rejoin = false;
    this.confirmLeave = false;
    this.note = '';
    this.liveKey = '';
    this.unlisten = onLangChange(() => { this.paintHeader(); this.liveKey = ''; });
    this.innerHTML = String(html`
      <header class="topbar station-topbar"></header>
      <div class="station-live" data-testid="station-live"></div>
      <div class="station-body"></div>`);
    this.paintBody();
    this.refreshStatus();
    api.listen(api.STATION_EVENT, (ev) => this.onEvent(ev)).then((stop) => {
      if (this.isConnected) this.stopEvents = stop; else stop();
    });
    // The host's timer ticks here from its clock offset: a few refreshes a second.
    this.ticker = setInterval(() => this.tick(), 250);
    this.tick();
  }

  disconnectedCallback() {
    if (this.unlisten) this.unlisten();
    if (this.stopEvents) this.stopEvents();
    clearInterval(this.ticker);
  }

  get sheet() { return this.querySelector('panelis-station-sheet'); }

  async refreshStatus() {
    try {
      const mode = await api.stationStatus();
      if (!mode.station) { window.dispatchEvent(new CustomEvent('panelis-station-mode')); return; }
      this.status = mode.station;
      // The station's times are the venue's, as the host says (not this laptop's zone).
      setVenueClock(this.status.venue_clock);
      // A refusal to leave is stale once everything is confirmed.
      if (this.leaveRefused && !this.status.unconfirmed) { this.leaveRefused = false; this.note = ''; }
    } catch (err) {
      this.note = errorText(err);
    }
    this.paintHeader();
  }

  onEvent(ev) {
    if (ev.kind === 'link' && this.status) { this.status.link = ev.state; this.paintHeader(); }
    // The count of unconfirmed ballots and the readiness follow every event.
    clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => this.refreshStatus(), 80);
    if (this.sheet) this.sheet.onStationEvent(ev);
    if (ev.kind === 'live') this.liveKey = '';
  }

  paintHeader() {
    const bar = this.querySelector('.station-topbar');
    if (!bar) return;
    const s = this.status;
    const link = s ? s.link.state : 'connecting';
    const hint = t(`station.link_hint.${link}`);
    bar.innerHTML = String(html`
      <span class="brand">Panelis</span>
      <div class="station-who">
        <span class="station-who-label">${t('station.laptop_of')}</span>
        <strong class="station-who-name" data-testid="station-panelist">${s ? s.panelist_name : ''}</strong>
        <span class="station-who-comp">${s ? s.competition_name : ''}</span>
      </div>
      <div class="station-link link-${link}" data-testid="station-link" data-state="${link}"
          title="${s ? `${s.host} · ${s.fingerprint_short}…${s.link.reason ? ` · ${s.link.reason}` : ''}` : ''}">
        <span class="link-dot">${LINK_ICON[link] || '○'}</span>
        <span class="link-text">${t(`station.link.${link}`)}</span>
        ${s && s.unconfirmed ? html`<span class="link-waiting" data-testid="station-unconfirmed">${t('station.unconfirmed', { n: s.unconfirmed })}</span>` : ''}
      </div>
      ${NEEDS_CODE.includes(link) || link === 'wrong_host' ? html`<button data-action="rejoin">${t('station.rejoin')}</button>` : ''}
      <button class="lang" data-action="lang">${t('lang.switch')}</button>
      <button data-action="leave" data-testid="station-leave">${t('station.leave')}</button>`);
    bar.querySelector('[data-action=lang]').addEventListener('click', () => setLang(lang() === 'id' ? 'en' : 'id'));
    bar.querySelector('[data-action=leave]').addEventListener('click', () => { this.confirmLeave = true; this.note = ''; this.paintNotice(); });
    const rejoin = bar.querySelector('[data-action=rejoin]');
    if (rejoin) rejoin.addEventListener('click', () => { this.rejoin = true; this.paintBody(); });
    this.hint = hint !== `station.link_hint.${link}` ? hint : '';
    this.paintNotice();
  }

  // Below the header: the leave confirmation, a refusal, or what the link state means.
  paintNotice() {
    let box = this.querySelector('.station-notice');
    if (!box) {
      box = document.createElement('div');
      box.className = 'station-notice';
      this.querySelector('.station-live').before(box);
    }
    box.innerHTML = String(this.confirmLeave ? html`
      <div class="change-confirm" data-testid="leave-confirm"><span>${t('station.leave_confirm')}</span>
        <button class="quiet-button" data-action="leave-yes" data-testid="leave-yes">${t('station.leave_yes')}</button>
        <button class="quiet-button" data-action="leave-no">${t('station.leave_no')}</button></div>`
      : this.note ? html`<p class="notice" role="alert" data-testid="station-note">${this.note}</p>`
        : this.hint ? html`<p class="station-hint" data-testid="station-hint">${this.hint}</p>` : '');
    const yes = box.querySelector('[data-action=leave-yes]');
    if (yes) yes.addEventListener('click', () => this.leave());
    const no = box.querySelector('[data-action=leave-no]');
    if (no) no.addEventListener('click', () => { this.confirmLeave = false; this.paintNotice(); });
  }

  async leave() {
    this.confirmLeave = false;
    try {
      await api.stationLeave();
      window.dispatchEvent(new CustomEvent('panelis-station-mode'));
    } catch (err) {
      this.note = errorText(err);
      this.leaveRefused = err && err.code === 'station_unconfirmed';
      this.paintNotice();
    }
  }

  paintBody() {
    const body = this.querySelector('.station-body');
    body.innerHTML = '';
    body.classList.toggle('is-join', this.rejoin);
    if (this.rejoin) {
      const join = document.createElement('panelis-station-join');
      join.setAttribute('rejoin', '');
      join.addEventListener('station-join-back', () => { this.rejoin = false; this.paintBody(); });
      body.append(join);
    } else {
      const sheet = document.createElement('panelis-station-sheet');
      sheet.addEventListener('station-entry-opened', () => { this.liveKey = ''; this.tick(); });
      body.append(sheet);
    }
    this.liveKey = '';
  }

  // The entry presenting now (per room) and the host's remaining time.
  async tick() {
    let timers = [];
    try { timers = await api.stationTimers(); } catch { timers = []; }
    const box = this.querySelector('.station-live');
    if (!box) return;
    const open = this.sheet ? this.sheet.currentEntryId : null;
    const key = `${lang()}|${open}|${timers.map((x) => `${x.entry_id}:${x.timer.status}:${x.timer.phase_index}`).join(',')}`;
    if (key !== this.liveKey) {
      this.liveKey = key;
      box.innerHTML = String(timers.length ? html`${timers.map((x, i) => html`
        <div class="live-row" data-index="${i}">
          <span class="live-dot">●</span>
          <span class="live-label">${t('station.live_now')}${timers.length > 1 ? ` · ${x.room_name}` : ''}</span>
          <span class="live-entry" data-testid="station-live-entry">No ${x.entry_no} · ${x.entry_title}</span>
          <span class="live-phase">${lang() === 'en' ? x.timer.phase_label_en : x.timer.phase_label_id}${x.timer.status === 'running' ? '' : ` · ${lang() === 'en' ? x.timer.state_en : x.timer.state_id}`}</span>
          <span class="live-clock" data-testid="station-live-clock"></span>
          ${x.entry_id === open ? html`<span class="muted live-here">${t('station.live_here')}</span>`
            : html`<button class="quiet-button" data-action="go-live" data-entry="${x.entry_id}" data-testid="station-go-live">▶ ${t('station.live_open', { no: x.entry_no })}</button>`}
        </div>`)}`
        : html`<span class="muted">${t('station.live_none')}</span>`);
      box.querySelectorAll('[data-action=go-live]').forEach((b) => b.addEventListener('click', () => {
        if (this.rejoin) { this.rejoin = false; this.paintBody(); }
        const sheet = this.sheet;
        if (sheet) sheet.openEntry(b.dataset.entry);
      }));
    }
    box.querySelectorAll('.live-row').forEach((row) => {
      const x = timers[Number(row.dataset.index)];
      row.className = `live-row urgency-${x.timer.urgency} status-${x.timer.status}`;
      row.querySelector('.live-clock').textContent = x.timer.clock;
    });
  }
}

export function registerStation() {
  addCatalogue(sheetStrings);
  addCatalogue(strings);
  // The station's sheet is the scoring screen's rubric sheet: its styles come with it, as
  // the scoring screen's module is not loaded on a station.
  useStyles(new URL('../scoring/scoring.css', import.meta.url));
  useStyles(new URL('./station.css', import.meta.url));
  defineStationJoin();
  defineStationSheet();
  customElements.define('panelis-station', StationMode);
}
