// The station's score sheet (venue LAN, issue 9): the entries with where each ballot stands
// (not scored / saved on this laptop / sent / confirmed by the host; abstain; final), and
// the rubric form of the chosen entry. What is typed is kept as a draft in the station's
// own file (autosave); "Simpan & kirim" signs it, saves it on this laptop, and the station
// sends it in the background. Badges follow the station's events, without a click.
import { html } from '../../lib/html.js';
import { errorText, lang, onLangChange, t } from '../../i18n/index.js';
import * as api from '../../api.js';
import { Autosaver } from '../scoring/autosave.js';
import * as sheetForm from '../rubric-sheet/rubric-sheet.js';

const ENTRY_KEY = 'panelis.station.entry';
const ICON = { none: '○', saved_locally: '●', sent: '↗', confirmed: '✓', rejected: '✕', abstain: '⊘', final: '◆' };

// The badge of an entry: its ballot's send status, else abstain / final / not scored.
export function badgeOf(e) {
  if (e.abstain) return 'abstain';
  if (e.status) return e.status.state;
  if (e.finalized) return 'final';
  return 'none';
}

class StationSheet extends HTMLElement {
  connectedCallback() {
    this.unlisten = onLangChange(() => this.paint());
    this.sheet = null;
    this.entries = [];
    this.ready = true;
    this.problems = {};
    this.load();
  }

  disconnectedCallback() {
    if (this.unlisten) this.unlisten();
    if (this.saver) this.saver.flush();
    clearTimeout(this.refreshTimer);
  }

  async load() {
    try {
      const list = await api.stationEntries();
      this.entries = list.entries;
      this.ready = list.ready;
      this.error = null;
      const id = this.pickEntry();
      if (id) await this.loadForm(id);
    } catch (err) {
      this.error = err;
    }
    this.paint();
  }

  // Where the sheet opens: the entry chosen before, else the first one still to score.
  pickEntry() {
    const has = (id) => id && this.entries.some((e) => e.entry_id === id);
    const stored = localStorage.getItem(ENTRY_KEY);
    if (has(stored)) return stored;
    const next = this.entries.find((e) => badgeOf(e) === 'none');
    return (next || this.entries[0] || {}).entry_id || null;
  }

  async loadForm(entryId) {
    const sheet = await api.stationForm(entryId);
    if (this.saver) this.saver.cancel();
    this.sheet = sheet;
    this.check = sheet.check;
    this.problems = {};
    this.saveState = null;
    this.submitNote = '';
    localStorage.setItem(ENTRY_KEY, entryId);
    this.saver = new Autosaver({
      send: (form) => api.stationSaveDraft(entryId, form),
      onState: (state, result) => this.onSaveState(state, result),
    });
  }

  get currentEntryId() { return this.sheet ? this.sheet.entry.id : null; }

  // Opens another entry; what was typed in this one is saved first.
  async openEntry(entryId) {
    if (this.saver) await this.saver.flush();
    try {
      await this.loadForm(entryId);
      this.paint();
      const first = this.querySelector('.score-input:not([disabled])');
      if (first) first.focus();
    } catch (err) {
      this.say(errorText(err));
    }
    this.dispatchEvent(new CustomEvent('station-entry-opened', { bubbles: true }));
  }

  // A station event: reload the list (badges) soon, and the form's status line.
  onStationEvent(ev) {
    if (ev.kind === 'snapshot' && !this.ready) { this.load(); return; }
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refreshEntries(), 60);
  }

  async refreshEntries() {
    try {
      const list = await api.stationEntries();
      this.entries = list.entries;
      if (this.sheet) {
        const mine = this.entries.find((e) => e.entry_id === this.sheet.entry.id);
        if (mine) {
          const lockedBefore = this.sheet.state.finalized;
          this.sheet.state = mine;
          // Finalized meanwhile: the form turns read-only.
          if (mine.finalized !== lockedBefore) { this.paint(); return; }
        }
      }
      this.paintList();
      this.showSubmitState();
    } catch (err) {
      this.say(errorText(err));
    }
  }

  paint() {
    // Keeps what is typed across a repaint (language switch), but only into the same entry:
    // a freshly opened entry brings its own form.
    const shown = this.querySelector('.score-sheet');
    if (this.sheet && shown && shown.dataset.entry === this.sheet.entry.id && !this.sheet.state.abstain) {
      this.sheet.form = this.snapshot();
    }
    if (this.error) {
      this.innerHTML = String(html`<p class="error" role="alert">${errorText(this.error)}</p>`);
      return;
    }
    if (!this.ready) {
      this.innerHTML = String(html`<p class="empty station-waiting" data-testid="station-waiting">${t('station.waiting_data')}</p>`);
      return;
    }
    this.innerHTML = String(html`
      <aside class="progress-pane station-list" aria-label="${t('station.entries')}"></aside>
      <div class="station-main">
        <p class="scoring-message" role="status" data-testid="station-message"></p>
        ${this.sheet ? this.sheetView(this.sheet) : html`<p class="empty">${t('station.pick_entry')}</p>`}
      </div>`);
    this.paintList();
    this.wireSheet();
  }

  // The list is updated in place when only badges changed (events come while the panelist
  // clicks: a rebuilt list would swallow a click), rebuilt otherwise.
  paintList() {
    const pane = this.querySelector('.station-list');
    if (!pane) return;
    const items = [...pane.querySelectorAll('.station-item')];
    if (items.length && items.length === this.entries.length
        && items.every((b, i) => b.dataset.entry === this.entries[i].entry_id)) {
      this.updateList(pane, items);
      return;
    }
    const list = pane.querySelector('.progress-list');
    const top = list ? list.scrollTop : null;
    const current = this.currentEntryId;
    pane.innerHTML = String(html`
      <h2>${t('station.entries')}</h2>
      <p class="progress-counts" data-testid="station-counts">${this.countsText()}</p>
      <ol class="progress-list">${this.entries.map((e) => {
        const badge = badgeOf(e);
        return html`
        <li><button class="progress-item station-item ${e.entry_id === current ? 'is-current' : ''}" data-entry="${e.entry_id}" data-no="${e.no}"
            aria-current="${e.entry_id === current ? 'true' : 'false'}">
          <span class="p-no">${e.no}</span>
          <span class="p-title">${e.title}${e.presented ? html`<span class="p-presented">${t('station.presented')}</span>` : ''}</span>
          <span class="station-badge badge-${badge}" data-testid="entry-status-${e.no}" data-status="${badge}">${this.badgeHtml(e)}</span>
        </button></li>`;
      })}</ol>`);
    const fresh = pane.querySelector('.progress-list');
    if (top !== null) fresh.scrollTop = top;
    else {
      const cur = fresh.querySelector('.is-current');
      if (cur) fresh.scrollTop = Math.max(0, cur.offsetTop - fresh.offsetTop - fresh.clientHeight / 3);
    }
    pane.querySelectorAll('.station-item').forEach((b) => b.addEventListener('click', () => this.openEntry(b.dataset.entry)));
  }

  countsText() {
    const count = (f) => this.entries.filter(f).length;
    return t('station.counts', {
      confirmed: count((e) => badgeOf(e) === 'confirmed'),
      waiting: count((e) => ['saved_locally', 'sent'].includes(badgeOf(e))),
      todo: count((e) => badgeOf(e) === 'none'),
    });
  }

  badgeHtml(e) {
    const badge = badgeOf(e);
    return html`${ICON[badge]} ${t(`station.status.${badge}`)}${e.draft && badge !== 'abstain' ? html` <span class="draft-tag">✎ ${t('station.draft_tag')}</span>` : ''}`;
  }

  updateList(pane, items) {
    const current = this.currentEntryId;
    pane.querySelector('.progress-counts').textContent = this.countsText();
    items.forEach((b, i) => {
      const e = this.entries[i];
      const badge = badgeOf(e);
      b.classList.toggle('is-current', e.entry_id === current);
      b.setAttribute('aria-current', e.entry_id === current ? 'true' : 'false');
      const el = b.querySelector('.station-badge');
      const markup = String(this.badgeHtml(e));
      if (el.dataset.status !== badge || el.innerHTML !== markup) {
        el.className = `station-badge badge-${badge}`;
        el.dataset.status = badge;
        el.innerHTML = markup;
      }
      const title = b.querySelector('.p-title');
      const presented = title.querySelector('.p-presented');
      if (e.presented && !presented) title.insertAdjacentHTML('beforeend', String(html`<span class="p-presented">${t('station.presented')}</span>`));
      if (!e.presented && presented) presented.remove();
    });
  }

  sheetView(sheet) {
    const e = sheet.entry;
    const meta = [`No ${e.no}`, e.category, e.region].filter(Boolean).join(' · ');
    const head = html`
      <header class="entry-head">
        <div class="entry-topline"><span class="entry-meta">${meta}</span></div>
        <h2 class="entry-title" data-testid="station-entry-title">${e.title}</h2>
        <div class="entry-agency">${[e.agency, e.unit].filter(Boolean).join(' — ')}</div>
        ${e.innovators ? html`<div class="entry-innovators"><span class="muted">${t('sheet.innovators')}:</span> ${e.innovators}</div>` : ''}
      </header>`;
    if (sheet.state.abstain) {
      return html`<section class="score-sheet is-abstain" data-entry="${e.id}">${head}
        <div class="abstain-card" data-testid="station-abstain">
          <h3>⊘ ${t('sheet.abstain_title')}</h3>
          <p>${t('station.abstain_body', { reason: sheet.state.abstain })}</p>
        </div></section>`;
    }
    const locked = sheet.state.finalized;
    return html`
      <section class="score-sheet" data-entry="${e.id}">
        ${head}
        ${locked ? html`<p class="notice" data-testid="station-final">◆ ${t('sheet.finalized')}</p>` : ''}
        ${sheet.source === 'draft' && sheet.state.revision ? html`<p class="notice draft-notice">${t('station.draft_note', { n: sheet.state.revision })}</p>` : ''}
        ${sheetForm.rubricFields({ criteria: sheet.criteria, form: sheet.form, locked }, 'st-')}
        ${sheetForm.sheetFoot('st-', locked, t('station.submit'))}
      </section>`;
  }

  wireSheet() {
    const sheet = this.sheet;
    if (!sheet || sheet.state.abstain) return;
    sheetForm.wireFields(this, {
      problems: this.problems,
      onChange: () => this.saver.change(this.snapshot()),
      onFlush: () => { this.saver.flush(); },
      onProblems: () => this.showProblems(),
    });
    const submit = this.querySelector('[data-action=submit]');
    if (submit) submit.addEventListener('click', () => this.submit());
    this.showProblems();
    this.showTotal();
    this.showSaveState();
    this.showSubmitState();
  }

  // The form as typed, in the shape the backend takes.
  snapshot() {
    return sheetForm.formOf(this, this.sheet.criteria);
  }

  onSaveState(state, result) {
    this.saveState = { state, result, at: new Date() };
    if (state === 'saved') {
      this.check = result;
      sheetForm.typedProblems(this.problems, result);
      this.showProblems();
      this.showTotal();
      this.markDraft();
    }
    this.showSaveState();
  }

  // The list shows "draft" beside the entry once a draft is on file.
  markDraft() {
    const e = this.entries.find((x) => x.entry_id === this.currentEntryId);
    if (e && !e.draft) { e.draft = true; this.paintList(); }
  }

  showProblems() { sheetForm.showProblems(this, this.problems); }

  showTotal() {
    if (!this.check) return;
    sheetForm.showTotal(this, 'st-', { total: this.check.total, scored: this.check.scored, of: this.sheet.criteria.length });
  }

  showSaveState() {
    sheetForm.showSaveState(this, 'st-', this.saveState, this.problems, (time) => t('station.draft_saved', { time }));
  }

  // Where the entry's latest ballot stands, from the station (follows its events).
  showSubmitState() {
    const el = this.querySelector('[data-testid=st-submit-status]');
    if (!el || !this.sheet) return;
    const st = this.sheet.state;
    const badge = badgeOf(st);
    let text = '';
    if (this.submitNote) text = this.submitNote;
    else if (st.status && st.status.state === 'rejected') text = t('station.rejected_why', { code: st.status.code, why: st.status.message });
    else if (st.revision) text = `${ICON[badge]} ${t('station.revision_status', { n: st.revision, status: t(`station.status.${badge}`) })}`;
    el.textContent = text;
    el.dataset.status = badge;
    el.classList.toggle('is-done', badge === 'confirmed' && !this.submitNote);
    const button = this.querySelector('[data-action=submit]');
    if (button) {
      button.disabled = Boolean(this.submitting);
      button.textContent = this.submitting ? t('station.submitting') : t('station.submit');
    }
  }

  async submit() {
    const entryId = this.currentEntryId;
    this.submitting = true;
    this.submitNote = '';
    this.showSubmitState();
    try {
      await this.saver.flush();
      const state = await api.stationSubmit(entryId, this.snapshot());
      this.sheet.state = state;
      this.sheet.source = 'ballot';
      sheetForm.clearProblems(this, this.problems);
      const e = this.entries.find((x) => x.entry_id === entryId);
      if (e) Object.assign(e, state, { draft: false });
      this.paintList();
      const notice = this.querySelector('.draft-notice');
      if (notice) notice.remove();
      this.saveState = null;
      this.showSaveState();
    } catch (err) {
      this.submitNote = sheetForm.refusedSubmission(this, this.problems, err);
    } finally {
      this.submitting = false;
      this.showSubmitState();
    }
  }

  say(text) {
    const el = this.querySelector('[data-testid=station-message]');
    if (el) el.textContent = text;
  }
}

export function defineStationSheet() { customElements.define('panelis-station-sheet', StationSheet); }
