// The scoring screen ("Penilaian"): asks which panelist this device scores for, then shows
// that panelist's sheet for one entry (the one presenting now, or any other from the
// progress list) with the rubric, autosave and signed submission ("Kirim"). The
// secretariat's tab holds the paper-ballot grid and the imports (panelis-paper-ballots).
import { html } from '../../lib/html.js';
import { useStyles } from '../../lib/styles.js';
import { Screen } from '../../lib/screen.js';
import { addCatalogue, errorText, lang, t } from '../../i18n/index.js';
import * as api from '../../api.js';
import { Autosaver } from './autosave.js';
import * as sheetForm from '../rubric-sheet/rubric-sheet.js';
import sheetStrings from '../rubric-sheet/strings.js';
import strings from './strings.js';
import { registerPaperBallots } from '../paper-ballots/paper-ballots.js';

const ENTRY_KEY = 'panelis.scoring.entry';
const TAB_KEY = 'panelis.scoring.tab';
const STATUS_ICON = { submitted: '✓', draft: '✎', not_started: '○', abstain: '⊘' };

class Scoring extends Screen {
  connectedCallback() {
    super.connectedCallback();
    this.poll = setInterval(() => this.pollLive(), 1000);
  }

  disconnectedCallback() {
    clearInterval(this.poll);
    // Leaving the screen (another area, a language switch) saves what was typed.
    if (this.saver) this.saver.flush();
    super.disconnectedCallback();
  }

  async load() {
    this.tab = sessionStorage.getItem(TAB_KEY) === 'secretariat' ? 'secretariat' : 'panelist';
    const station = await api.scoringStation();
    if (this.tab === 'secretariat') return { station };
    if (!station) return { station: null, panelists: await api.listPanelists() };
    const [progress, live] = await Promise.all([
      api.scoringProgress(),
      api.scoringNowPresenting().catch(() => null),
    ]);
    this.live = live;
    const entryId = this.pickEntry(progress, live);
    const sheet = entryId ? await api.scoringSheet(entryId) : null;
    this.startSheet(sheet);
    return { station, progress, sheet };
  }

  // Where the screen opens: the entry chosen earlier in this session, else the one
  // presenting now, else the first one not yet submitted.
  pickEntry(progress, live) {
    const has = (id) => id && progress.some((p) => p.entry_id === id);
    const stored = sessionStorage.getItem(ENTRY_KEY);
    if (has(stored)) return stored;
    if (live && has(live.entry.id)) return live.entry.id;
    const next = progress.find((p) => p.status === 'not_started' || p.status === 'draft');
    return (next || progress[0] || {}).entry_id || null;
  }

  // Fresh state for a newly loaded sheet: its autosaver and what was last stored.
  startSheet(sheet) {
    if (this.saver) this.saver.cancel();
    this.saver = null;
    this.problems = {};
    this.saveState = null;
    this.submitNote = '';
    if (!sheet) return;
    this.latest = sheet.ballot;
    this.total = sheet.total;
    const entryId = sheet.entry.id;
    this.saver = new Autosaver({
      send: (form) => api.saveBallotDraft(entryId, form),
      onState: (state, result) => this.onSaveState(state, result),
    });
  }

  // Keeps what is typed when the screen repaints (language switch, progress refresh).
  paint() {
    const shown = this.querySelector('.score-sheet');
    if (this.data && this.data.sheet && shown && shown.dataset.entry === this.data.sheet.entry.id
        && this.data.sheet.status !== 'abstain') {
      this.data.sheet.form = this.snapshot();
    }
    super.paint();
  }

  view(data) {
    const tabs = html`
      <div class="scoring-tabs" role="tablist">
        <button role="tab" data-tab="panelist" aria-selected="${this.tab === 'panelist'}">${t('scoring.tab_panelist')}</button>
        <button role="tab" data-tab="secretariat" aria-selected="${this.tab === 'secretariat'}" title="${t('scoring.tab_secretariat_hint')}">${t('scoring.tab_secretariat')}</button>
      </div>`;
    if (this.tab === 'secretariat') {
      // A panelist's laptop never shows the other panelists' scores.
      return html`<div class="scoring-head"><h1 class="screen-title">${t('scoring.title')}</h1>${tabs}</div>
        ${data.station
          ? html`<p class="notice" data-testid="secretariat-elsewhere">${t('scoring.secretariat_elsewhere', { name: data.station.name })}</p>`
          : html`<panelis-paper-ballots></panelis-paper-ballots>`}`;
    }
    if (!data.station) {
      return html`<div class="scoring-head"><h1 class="screen-title">${t('scoring.title')}</h1>${tabs}</div>
        ${this.whoView(data.panelists)}`;
    }
    return html`
      <div class="scoring-head">
        <h1 class="screen-title">${t('scoring.title')}</h1>
        ${tabs}
        <div class="station" data-testid="station">
          <span class="muted">${t('scoring.station')}</span>
          <strong data-testid="station-name">${data.station.name}</strong>
          <button class="link-button" data-action="change">${t('scoring.change')}</button>
          <button class="quiet-button" data-action="export">${t('scoring.export')}</button>
        </div>
      </div>
      <div class="change-confirm" hidden>
        <span>${t('scoring.change_confirm', { name: data.station.name })}</span>
        <button class="quiet-button" data-action="change-yes">${t('scoring.change')}</button>
        <button class="quiet-button" data-action="change-no">${t('new.cancel')}</button>
      </div>
      <p class="scoring-message" role="status" data-testid="scoring-message"></p>
      ${data.progress.length ? html`
      <div class="scoring-layout">
        <aside class="progress-pane" aria-label="${t('scoring.progress')}">${this.progressView(data.progress)}</aside>
        ${data.sheet ? this.sheetView(data.sheet) : ''}
      </div>` : html`<p class="empty">${t('scoring.no_entries')}</p>`}`;
  }

  whoView(panelists) {
    return html`
      <section class="card who" data-testid="who">
        <h2>${t('scoring.who_title')}</h2>
        <p class="muted">${t('scoring.who_lead')}</p>
        ${panelists.length ? html`<div class="who-list">${panelists.map((p) => html`
          <button class="who-button" data-panelist="${p.id}">
            <span class="who-name">${p.name}</span>
            <span class="who-aff">${p.affiliation}${p.is_chair ? html` <span class="badge">${t('scoring.who_chair')}</span>` : ''}</span>
          </button>`)}</div>` : html`<p class="empty">${t('scoring.who_empty')}</p>`}
        <p class="error who-error" role="alert"></p>
      </section>`;
  }

  progressView(progress) {
    const count = (s) => progress.filter((p) => p.status === s).length;
    const current = this.data && this.data.sheet ? this.data.sheet.entry.id : null;
    const liveId = this.live ? this.live.entry.id : null;
    return html`
      <h2>${t('scoring.progress')}</h2>
      <p class="progress-counts" data-testid="progress-counts">${t('scoring.progress_counts', {
        submitted: count('submitted'), draft: count('draft'), not_started: count('not_started'), abstain: count('abstain'),
      })}</p>
      <ol class="progress-list">${progress.map((p) => html`
        <li><button class="progress-item ${p.entry_id === current ? 'is-current' : ''} ${p.entry_id === liveId ? 'is-live' : ''}"
            data-entry="${p.entry_id}" data-status="${p.status}" data-no="${p.no}" aria-current="${p.entry_id === current ? 'true' : 'false'}">
          <span class="p-no">${p.no}</span>
          <span class="p-title">${p.title}${p.entry_id === liveId ? html`<span class="p-live">▶ ${t('scoring.live_here')}</span>` : ''}</span>
          <span class="p-status status-${p.status}">${STATUS_ICON[p.status]} ${this.statusWord(p)}</span>
        </button></li>`)}</ol>`;
  }

  statusWord(p) {
    if (p.finalized && p.status !== 'abstain') return t('scoring.status_final');
    if (p.revising) return t('scoring.status_revising');
    return t(`scoring.status_${p.status}`);
  }

  sheetView(sheet) {
    const e = sheet.entry;
    const meta = [t('scoring.no', { no: e.no }), e.category, e.region].filter(Boolean).join(' · ');
    const head = html`
      <header class="entry-head">
        <div class="entry-topline"><span class="entry-meta">${meta}</span>
          <div class="live-chip" data-testid="scoring-timer" hidden></div></div>
        <h2 class="entry-title" data-testid="entry-title">${e.title}</h2>
        <div class="entry-agency">${[e.agency, e.unit].filter(Boolean).join(' — ')}</div>
        ${e.innovators ? html`<div class="entry-innovators"><span class="muted">${t('sheet.innovators')}:</span> ${e.innovators}</div>` : ''}
      </header>`;
    if (sheet.status === 'abstain') {
      return html`<section class="score-sheet is-abstain" data-entry="${e.id}">${head}
        <div class="abstain-card" data-testid="abstain">
          <h3>⊘ ${t('sheet.abstain_title')}</h3>
          <p>${t('scoring.abstain_body')}</p>
          ${sheet.conflict_reason ? html`<p class="muted">${t('scoring.abstain_reason', { reason: sheet.conflict_reason })}</p>` : ''}
        </div></section>`;
    }
    const locked = sheet.finalized;
    return html`
      <section class="score-sheet" data-entry="${e.id}">
        ${head}
        ${locked ? html`<p class="notice">${t('sheet.finalized')}</p>` : ''}
        ${sheetForm.rubricFields({ criteria: sheet.criteria, form: sheet.form, locked }, '')}
        ${sheetForm.sheetFoot('', locked, t('scoring.submit'))}
      </section>`;
  }

  afterPaint() {
    this.querySelectorAll('[data-tab]').forEach((b) => b.addEventListener('click', () => {
      sessionStorage.setItem(TAB_KEY, b.dataset.tab);
      if (this.saver) this.saver.flush();
      this.refresh();
    }));
    this.querySelectorAll('.who-button').forEach((b) => b.addEventListener('click', () => this.bind(b.dataset.panelist)));
    if (this.tab !== 'panelist' || !this.data || !this.data.station) return;
    const confirmBox = this.querySelector('.change-confirm');
    this.on('[data-action=change]', 'click', () => { confirmBox.hidden = false; });
    this.on('[data-action=change-no]', 'click', () => { confirmBox.hidden = true; });
    this.on('[data-action=change-yes]', 'click', () => this.unbind());
    this.on('[data-action=export]', 'click', () => this.exportBallots());
    this.wireProgress();
    this.wireSheet();
    this.restoreScroll();
    this.updateLive();
  }

  on(css, event, fn) {
    const el = this.querySelector(css);
    if (el) el.addEventListener(event, fn);
  }

  wireProgress() {
    this.querySelectorAll('.progress-item').forEach((b) => b.addEventListener('click', () => this.openEntry(b.dataset.entry)));
  }

  wireSheet() {
    const sheet = this.data.sheet;
    if (!sheet || sheet.status === 'abstain') return;
    sheetForm.wireFields(this, {
      problems: this.problems,
      onChange: () => this.saver.change(this.snapshot()),
      onFlush: () => { this.saver.flush(); },
      onProblems: () => this.showProblems(),
    });
    this.on('[data-action=submit]', 'click', () => this.submit());
    this.showProblems();
    this.showTotal();
    this.showSaveState();
    this.showSubmitState();
  }

  // The form as typed, in the shape `save_draft` takes.
  snapshot() {
    return sheetForm.formOf(this, this.data.sheet.criteria);
  }

  onSaveState(state, result) {
    this.saveState = { state, result, at: new Date() };
    if (state === 'saved') {
      sheetForm.typedProblems(this.problems, result);
      this.latest = result.ballot;
      this.total = result.total;
      this.submitNote = '';
      this.showProblems();
      this.showTotal();
      this.refreshProgress();
    }
    this.showSaveState();
    this.showSubmitState();
  }

  showProblems() { sheetForm.showProblems(this, this.problems); }

  showTotal() {
    sheetForm.showTotal(this, '', {
      total: this.total,
      scored: this.latest ? this.latest.scores.length : 0,
      of: this.data.sheet.criteria.length,
    });
  }

  showSaveState() {
    sheetForm.showSaveState(this, '', this.saveState, this.problems, (time) => t('scoring.saved', { time }));
  }

  showSubmitState() {
    const status = this.querySelector('[data-testid=submit-status]');
    const button = this.querySelector('[data-action=submit]');
    if (!status) return;
    const latest = this.latest;
    const frozen = latest && latest.status === 'submitted' && this.saver && this.saver.clean;
    if (this.submitNote) status.textContent = this.submitNote;
    else if (frozen) status.textContent = `✓ ${t('scoring.submitted', { n: latest.revision, time: sheetForm.clockTime(latest.submitted_at) })}`;
    else if (this.data.sheet.submitted_revision) status.textContent = t('scoring.revise_hint');
    else status.textContent = '';
    status.classList.toggle('is-done', Boolean(frozen && !this.submitNote));
    if (!button) return;
    button.disabled = Boolean(frozen) || this.submitting;
    const revision = latest && latest.status === 'draft' && latest.revision > 1 ? latest.revision : null;
    button.textContent = this.submitting ? t('scoring.submitting')
      : frozen ? t('scoring.status_submitted')
        : revision ? t('scoring.submit_revision', { n: revision }) : t('scoring.submit');
  }

  async submit() {
    const entryId = this.data.sheet.entry.id;
    this.submitting = true;
    this.submitNote = '';
    this.showSubmitState();
    try {
      const saved = await this.saver.flush();
      if (!saved) return;
      const ballot = await api.submitBallot(entryId, this.snapshot());
      this.latest = ballot;
      this.data.sheet.submitted_revision = ballot.revision;
      this.data.sheet.status = 'submitted';
      sheetForm.clearProblems(this, this.problems);
      this.refreshProgress();
    } catch (err) {
      this.submitNote = sheetForm.refusedSubmission(this, this.problems, err);
    } finally {
      this.submitting = false;
      this.showSubmitState();
    }
  }

  async refreshProgress() {
    try {
      const progress = await api.scoringProgress();
      this.data.progress = progress;
      const pane = this.querySelector('.progress-pane');
      if (!pane) return;
      const list = pane.querySelector('.progress-list');
      const top = list ? list.scrollTop : 0;
      pane.innerHTML = String(this.progressView(progress));
      pane.querySelector('.progress-list').scrollTop = top;
      this.wireProgress();
    } catch (err) {
      this.message(errorText(err));
    }
  }

  // Opens another entry: what was typed is saved first.
  async openEntry(entryId) {
    if (this.saver) await this.saver.flush();
    const list = this.querySelector('.progress-list');
    this.scrollTop = list ? list.scrollTop : 0;
    try {
      const [sheet, progress] = await Promise.all([api.scoringSheet(entryId), api.scoringProgress()]);
      sessionStorage.setItem(ENTRY_KEY, entryId);
      this.startSheet(sheet);
      this.data = { ...this.data, sheet, progress };
      super.paint();
      const first = this.querySelector('.score-input:not([disabled])');
      if (first) first.focus();
    } catch (err) {
      this.message(errorText(err));
    }
  }

  restoreScroll() {
    const list = this.querySelector('.progress-list');
    if (!list) return;
    if (this.scrollTop !== undefined) list.scrollTop = this.scrollTop;
    const current = list.querySelector('.is-current');
    if (current) {
      const top = current.offsetTop - list.offsetTop;
      if (top < list.scrollTop || top > list.scrollTop + list.clientHeight - current.offsetHeight) {
        list.scrollTop = Math.max(0, top - list.clientHeight / 3);
      }
    }
  }

  message(text) {
    const el = this.querySelector('[data-testid=scoring-message]');
    if (el) el.textContent = text;
  }

  async bind(panelistId) {
    try {
      await api.bindStation(panelistId);
      sessionStorage.removeItem(ENTRY_KEY);
      this.refresh();
    } catch (err) {
      const box = this.querySelector('.who-error');
      if (box) box.textContent = errorText(err);
    }
  }

  async unbind() {
    try {
      if (this.saver) await this.saver.flush();
      await api.unbindStation();
      sessionStorage.removeItem(ENTRY_KEY);
      this.startSheet(null);
      this.refresh();
    } catch (err) {
      this.message(errorText(err));
    }
  }

  // The button passes no path (the OS save dialog asks); tests pass one.
  async exportBallots(path = null) {
    try {
      const done = await api.exportStationBallots(path);
      if (!done) return;
      const noOf = (id) => ((this.data.progress || []).find((p) => p.entry_id === id) || {}).no || '?';
      const lines = [t('scoring.exported', { n: done.ballots, path: done.path })]
        .concat(done.key_fingerprints.map((fp) => t('scoring.export_key', { fp })))
        .concat(done.failed.map(([entry, rev, why]) => t('scoring.export_left_out', { no: noOf(entry), rev, why })));
      this.message(lines.join(' '));
    } catch (err) {
      this.message(errorText(err));
    }
  }

  // The entry presenting now, every second: the timer chip, and a way there from elsewhere.
  async pollLive() {
    if (this.tab !== 'panelist' || !this.data || !this.data.station) return;
    let live = null;
    try { live = await api.scoringNowPresenting(); } catch { live = null; }
    const before = this.live ? this.live.entry.id : null;
    this.live = live;
    if ((live ? live.entry.id : null) !== before && this.data.progress) this.refreshProgress();
    this.updateLive();
  }

  updateLive() {
    const chip = this.querySelector('[data-testid=scoring-timer]');
    if (!chip) return;
    const live = this.live;
    const sheet = this.data.sheet;
    if (!live || !sheet) { chip.hidden = true; return; }
    chip.hidden = false;
    const tv = live.timer;
    if (live.entry.id === sheet.entry.id) {
      const phase = lang() === 'en' ? tv.phase_label_en : tv.phase_label_id;
      const state = tv.status === 'running' ? '' : ` · ${lang() === 'en' ? tv.state_en : tv.state_id}`;
      chip.className = `live-chip urgency-${tv.urgency} status-${tv.status}`;
      chip.innerHTML = String(html`<span class="live-dot">●</span> <span>${t('scoring.live_here')}</span>
        <span class="live-phase">${phase}${state}</span><span class="live-clock">${tv.clock}</span>`);
    } else {
      chip.className = 'live-chip is-elsewhere';
      chip.innerHTML = String(html`<button class="link-button" data-action="go-live">▶ ${t('scoring.live_go', { no: live.entry.no })}</button>`);
      chip.querySelector('[data-action=go-live]').addEventListener('click', () => this.openEntry(live.entry.id));
    }
  }
}

// With the secretariat's tab, the paper ballots (part of this screen).
export function registerScoring() {
  registerPaperBallots();
  addCatalogue(sheetStrings);
  addCatalogue(strings);
  useStyles(new URL('./scoring.css', import.meta.url));
  customElements.define('panelis-scoring', Scoring);
}
