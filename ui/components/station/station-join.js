// The join screen of a panelist station (venue LAN, issue 9): finds hosts on the LAN
// (mDNS), takes the pasted join link or the typed address + short fingerprint + code,
// shows whose code it is, and joins only once the person confirms their name. Every bad
// input gets a message naming what is wrong; nothing is joined until the confirmation.
import { html } from '../../lib/html.js';
import { onLangChange, t, errorText } from '../../i18n/index.js';
import * as api from '../../api.js';

// The first address of a discovered host, as typed: IPv4 first ("192.168.1.10:7443").
function hostAddress(h) {
  const v4 = h.addrs.find((a) => !a.includes(':'));
  const ip = v4 || h.addrs[0];
  if (!ip) return '';
  return ip.includes(':') ? `[${ip}]:${h.port}` : `${ip}:${h.port}`;
}

class StationJoin extends HTMLElement {
  connectedCallback() {
    this.unlisten = onLangChange(() => this.paint());
    this.hosts = null; // null: searching
    this.searchError = null;
    this.preview = null;
    this.busy = false;
    this.message = '';
    this.paint();
    this.discover();
  }

  disconnectedCallback() { if (this.unlisten) this.unlisten(); }

  async discover() {
    this.hosts = null;
    this.searchError = null;
    this.paintHosts();
    try {
      this.hosts = await api.stationDiscover();
    } catch (err) {
      this.hosts = [];
      this.searchError = err;
    }
    this.paintHosts();
  }

  paint() {
    // What was typed survives a repaint (language switch).
    const keep = {};
    this.querySelectorAll('input, textarea').forEach((el) => { keep[el.name] = el.value; });
    const rejoin = this.hasAttribute('rejoin');
    this.innerHTML = String(html`
      <div class="join-head">
        <h1 class="screen-title">${t('station.join_title')}</h1>
        <button class="quiet-button" data-action="back">${rejoin ? t('station.rejoin_cancel') : t('station.back_to_app')}</button>
      </div>
      <p class="join-lead muted">${t('station.join_lead')}</p>
      ${this.preview ? this.confirmView() : this.inputView()}
      <p class="join-error" role="alert" data-testid="join-error">${this.message}</p>`);
    this.querySelectorAll('input, textarea').forEach((el) => { if (keep[el.name] !== undefined) el.value = keep[el.name]; });
    this.wire();
    this.paintHosts();
  }

  inputView() {
    return html`
      <div class="join-grid">
        <form class="card join-card" data-form="link">
          <h2>${t('station.link_title')}</h2>
          <p class="muted">${t('station.link_lead')}</p>
          <label>${t('station.link_label')}
            <textarea name="link" rows="3" spellcheck="false" autocomplete="off" data-testid="join-link" placeholder="panelis://join?addr=…&amp;fp=…&amp;code=…"></textarea></label>
          <div class="actions"><button class="primary" data-testid="join-check-link">${t('station.check')}</button></div>
        </form>
        <form class="card join-card" data-form="typed">
          <h2>${t('station.typed_title')}</h2>
          <div class="found">
            <div class="found-head"><span>${t('station.found_title')}</span>
              <button type="button" class="link-button" data-action="search">${t('station.search_again')}</button></div>
            <div class="found-list" data-testid="found-hosts"></div>
          </div>
          <p class="muted">${t('station.typed_lead')}</p>
          <div class="typed-fields">
            <label>${t('station.host_label')}<input name="host" autocomplete="off" spellcheck="false" data-testid="join-host" placeholder="${t('station.host_placeholder')}"></label>
            <label>${t('station.fp_label')}<input name="fingerprint" autocomplete="off" spellcheck="false" data-testid="join-fingerprint" placeholder="${t('station.fp_placeholder')}"></label>
            <label>${t('station.code_label')}<input name="code" autocomplete="off" spellcheck="false" data-testid="join-code" placeholder="${t('station.code_placeholder')}" class="code-input"></label>
          </div>
          <div class="actions"><button class="primary" data-testid="join-check-typed">${t('station.check')}</button></div>
        </form>
      </div>
      <label class="join-name">${t('station.name_label')}<input name="station_name" autocomplete="off" data-testid="join-station-name" placeholder="${t('station.name_placeholder')}"></label>`;
  }

  confirmView() {
    const p = this.preview;
    return html`
      <section class="card join-confirm" data-testid="join-confirm">
        <p class="muted">${t('station.for_whom')}</p>
        <p class="join-who" data-testid="join-who">${p.panelist_name}</p>
        <p class="muted">${t('station.for_competition', { competition: p.competition_name, host: p.host })}</p>
        <p>${t('station.is_it_you')}</p>
        <div class="actions">
          <button class="quiet-button" data-action="not-me">${t('station.not_me')}</button>
          <button class="primary" data-action="join" data-testid="join-confirm-button" ${this.busy ? 'disabled' : ''}>${this.busy ? t('station.joining') : t('station.confirm_join', { name: p.panelist_name })}</button>
        </div>
      </section>`;
  }

  paintHosts() {
    const box = this.querySelector('.found-list');
    if (!box) return;
    if (this.hosts === null) {
      box.innerHTML = String(html`<span class="muted">${t('station.searching')}</span>`);
      return;
    }
    if (!this.hosts.length) {
      box.innerHTML = String(html`<span class="muted" data-testid="none-found">${this.searchError
        ? t('station.search_failed', { why: this.searchError.message || '' }) : t('station.none_found')}</span>`);
      return;
    }
    box.innerHTML = String(html`${this.hosts.map((h, i) => html`
      <button type="button" class="found-host" data-index="${i}">
        <strong>${h.competition_name || h.instance}</strong> <span class="muted">${hostAddress(h)}</span>
      </button>`)}`);
    box.querySelectorAll('.found-host').forEach((b) => b.addEventListener('click', () => {
      const input = this.querySelector('input[name=host]');
      input.value = hostAddress(this.hosts[Number(b.dataset.index)]);
      this.querySelector('input[name=fingerprint]').focus();
    }));
  }

  wire() {
    this.querySelector('[data-action=back]').addEventListener('click', () => {
      this.dispatchEvent(new CustomEvent('station-join-back', { bubbles: true }));
      if (!this.hasAttribute('rejoin')) location.hash = '#overview';
    });
    const search = this.querySelector('[data-action=search]');
    if (search) search.addEventListener('click', () => this.discover());
    this.querySelectorAll('form[data-form]').forEach((form) => form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.check(form.dataset.form);
    }));
    const notMe = this.querySelector('[data-action=not-me]');
    if (notMe) notMe.addEventListener('click', () => { this.preview = null; this.message = ''; this.paint(); });
    const join = this.querySelector('[data-action=join]');
    if (join) join.addEventListener('click', () => this.join());
  }

  value(name) {
    const el = this.querySelector(`[name=${name}]`);
    return el ? el.value.trim() : '';
  }

  async check(kind) {
    if (this.busy) return;
    let input;
    if (kind === 'link') {
      if (!this.value('link')) { this.say(t('station.err.empty_link')); return; }
      input = { kind: 'link', link: this.value('link') };
    } else {
      const [host, fingerprint, code] = ['host', 'fingerprint', 'code'].map((n) => this.value(n));
      if (!host || !fingerprint || !code) { this.say(t('station.err.empty_typed')); return; }
      input = { kind: 'typed', host, fingerprint, code };
    }
    this.busy = true;
    this.say(t('station.checking'));
    try {
      this.stationName = this.value('station_name');
      this.preview = await api.stationPreview(input);
      this.busy = false;
      this.message = '';
      this.paint();
    } catch (err) {
      this.busy = false;
      this.say(errorText(err));
    }
  }

  async join() {
    this.busy = true;
    this.paint();
    try {
      await api.stationJoin(this.preview.link, this.stationName || '');
      this.preview = null;
      // Joined again from station mode: back to the score sheet, which reloads.
      if (this.hasAttribute('rejoin')) this.dispatchEvent(new CustomEvent('station-join-back', { bubbles: true }));
      window.dispatchEvent(new CustomEvent('panelis-station-mode'));
    } catch (err) {
      this.busy = false;
      this.message = errorText(err);
      // A code refused at joining (spent, expired meanwhile) sends the person back to the inputs.
      if (err && ['bad_code', 'rate_limited', 'revoked'].includes(err.code)) this.preview = null;
      this.paint();
    }
  }

  say(text) {
    this.message = text;
    const box = this.querySelector('[data-testid=join-error]');
    if (box) box.textContent = text;
  }
}

export function defineStationJoin() { customElements.define('panelis-station-join', StationJoin); }
