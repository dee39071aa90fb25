// The scoring screen ("Penilaian"): asks which panelist this device scores for, then shows
// that panelist's sheet for one entry (the one presenting now, or any other from the
// progress list) with the rubric, autosave and signed submission ("Kirim"). The
// secretariat's tab holds the paper-ballot grid and the imports (panelis-paper-ballots).
import { html } from '../../lib/html.js';
import { Screen } from '../../lib/screen.js';
import { venueTime } from '../../lib/when.js';
import { addCatalogue, errorText, lang, t } from '../../i18n/index.js';
import * as api from '../../api.js';
import { Autosaver } from './autosave.js';
import { clearMissing, formOf, markLevel, typedIn } from './rubric-form.js';
import strings from './strings.js';

const ENTRY_KEY = 'panelis.scoring.entry';
const TAB_KEY = 'panelis.scoring.tab';
const STATUS_ICON = { submitted: '✓', draft: '✎', not_started: '○', abstain: '⊘' };

// "0-49: meniru · 50-69: adaptasi" -> [{min, max, text}]; null when the guidance is prose.
export function scoreLevels(guidance) {
  const parts = String(guidance || '').split('·').map((p) => p.trim()).filter(Boolean);
  const levels = parts.map((p) => {
    const m = /^(\d+)\s*[-–]\s*(\d+)\s*:\s*(.+)$/.exec(p);
    return m ? { min: Number(m[1]), max: Number(m[2]), range: `${m[1]}–${m[2]}`, text: m[3] } : null;
  });
  return levels.length > 1 && levels.every(Boolean) ? levels : null;
}

// The save and signing times on the sheet, at the venue ("10.46 WITA").
export function clockTime(at = new Date()) { return venueTime(at); }

export function problemText(p) { return lang() === 'en' ? p.message_en : p.message_id; }

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
        ${e.innovators ? html`<div class="entry-innovators"><span class="muted">${t('scoring.innovators')}:</span> ${e.innovators}</div>` : ''}
      </header>`;
    if (sheet.status === 'abstain') {
      return html`<section class="score-sheet is-abstain" data-entry="${e.id}">${head}
        <div class="abstain-card" data-testid="abstain">
          <h3>⊘ ${t('scoring.abstain_title')}</h3>
          <p>${t('scoring.abstain_body')}</p>
          ${sheet.conflict_reason ? html`<p class="muted">${t('scoring.abstain_reason', { reason: sheet.conflict_reason })}</p>` : ''}
        </div></section>`;
    }
    const locked = sheet.finalized;
    const field = (c) => sheet.form.criteria.find((i) => i.criterion_id === c.id) || { score: '', note: '' };
    const label = (c) => (lang() === 'en' ? c.label_en : c.label_id);
    return html`
      <section class="score-sheet" data-entry="${e.id}">
        ${head}
        ${locked ? html`<p class="notice">${t('scoring.finalized')}</p>` : ''}
        <div class="rubric-pane">
          ${sheet.criteria.map((c, i) => {
            const f = field(c);
            const levels = scoreLevels(c.guidance);
            return html`
            <div class="crit" data-code="${c.code}" data-criterion="${c.id}">
              <div class="crit-head">
                <label class="crit-label" for="score-${c.code}"><span class="crit-index">${i + 1}</span>${label(c)}</label>
                <span class="crit-weight">${t('scoring.weight', { w: c.weight })}</span>
                ${locked ? '' : html`<button type="button" class="link-button note-toggle" data-action="note">✎ ${t('scoring.note_add')}</button>`}
              </div>
              <div class="crit-levels">${levels
                ? levels.map((l) => html`<span class="level" data-min="${l.min}" data-max="${l.max}" title="${l.range}: ${l.text}"><b>${l.range}</b> ${l.text}</span>`)
                : html`<span class="level-prose">${c.guidance}</span>`}</div>
              <div class="crit-score">
                <input id="score-${c.code}" class="score-input" data-testid="score-${c.code}" data-criterion="${c.id}"
                  inputmode="numeric" autocomplete="off" spellcheck="false" maxlength="6" value="${f.score}"
                  placeholder="${c.scale_min}–${c.scale_max}" aria-label="${t('scoring.score_label', { label: label(c) })}"
                  aria-describedby="problem-${c.code}" ${locked ? 'disabled' : ''}>
              </div>
              <input class="crit-note" data-criterion="${c.id}" value="${f.note}" placeholder="${t('scoring.note_placeholder')}"
                aria-label="${t('scoring.note_placeholder')}: ${label(c)}" ${locked ? 'disabled' : ''} ${f.note ? '' : 'hidden'}>
              <div class="crit-problem" id="problem-${c.code}" data-testid="problem-${c.code}" role="alert"></div>
            </div>`;
          })}
          <label class="entry-note">
            <span>${t('scoring.entry_note')}</span>
            <textarea class="entry-note-input" data-testid="entry-note" rows="2" placeholder="${t('scoring.entry_note_placeholder')}" ${locked ? 'disabled' : ''}>${sheet.form.note}</textarea>
          </label>
        </div>
        <footer class="sheet-foot">
          <div class="total-box">
            <span class="total-label">${t('scoring.total')}</span>
            <span class="total-value" data-testid="total">—</span>
            <span class="total-sub muted" data-testid="scored-of"></span>
          </div>
          <div class="save-status" data-testid="save-status" data-state="" aria-live="polite"></div>
          <div class="submit-box">
            <span class="submit-status" data-testid="submit-status"></span>
            ${locked ? '' : html`<button class="primary submit-button" data-action="submit" data-testid="submit">${t('scoring.submit')}</button>`}
          </div>
        </footer>
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
    const scores = [...this.querySelectorAll('.score-input')];
    const changed = () => this.saver.change(this.snapshot());
    const flush = () => { this.saver.flush(); };
    scores.forEach((input, i) => {
      input.addEventListener('input', () => { markLevel(input); if (clearMissing(this.problems, input)) this.showProblems(); changed(); });
      input.addEventListener('blur', flush);
      // Tab and Enter go from score to score, so a ballot is typed without the mouse;
      // the criterion notes stay reachable by click and by Tab from the entry note back.
      input.addEventListener('keydown', (ev) => {
        const forward = (ev.key === 'Tab' && !ev.shiftKey) || ev.key === 'Enter';
        const back = ev.key === 'Tab' && ev.shiftKey;
        if (forward) {
          ev.preventDefault();
          (scores[i + 1] || this.querySelector('.entry-note-input')).focus();
        } else if (back && i > 0) {
          ev.preventDefault();
          scores[i - 1].focus();
        }
      });
      markLevel(input);
    });
    // A criterion's note field shows when it has a note, or on "Catatan" (notes are rare;
    // the score levels get the row's width).
    this.querySelectorAll('[data-action=note]').forEach((b) => b.addEventListener('click', () => {
      const note = b.closest('.crit').querySelector('.crit-note');
      note.hidden = false;
      note.focus();
    }));
    this.querySelectorAll('.crit-note, .entry-note-input').forEach((el) => {
      el.addEventListener('input', changed);
      el.addEventListener('blur', flush);
    });
    this.on('[data-action=submit]', 'click', () => this.submit());
    this.showProblems();
    this.showTotal();
    this.showSaveState();
    this.showSubmitState();
  }

  // The form as typed, in the shape `save_draft` takes.
  snapshot() {
    return formOf(this, this.data.sheet.criteria);
  }

  onSaveState(state, result) {
    this.saveState = { state, result, at: new Date() };
    if (state === 'saved') {
      this.problems = {};
      result.problems.forEach((p) => { if (p.column) this.problems[p.column] = { text: problemText(p) }; });
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

  showProblems() {
    this.querySelectorAll('.crit').forEach((row) => {
      const p = this.problems[row.dataset.code];
      const box = row.querySelector('.crit-problem');
      const input = row.querySelector('.score-input');
      box.textContent = p ? (p.missing ? `⚠ ${p.text}` : `⚠ ${p.text}: ${t('scoring.not_saved')}`) : '';
      row.classList.toggle('has-problem', Boolean(p));
      if (p) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
    });
  }

  showTotal() {
    const sheet = this.data.sheet;
    const el = this.querySelector('[data-testid=total]');
    if (!el) return;
    el.textContent = this.total || '—';
    el.classList.toggle('is-empty', !this.total);
    const scored = this.latest ? this.latest.scores.length : 0;
    this.querySelector('[data-testid=scored-of]').textContent = t('scoring.scored_of', { n: scored, m: sheet.criteria.length });
  }

  showSaveState() {
    const el = this.querySelector('[data-testid=save-status]');
    if (!el) return;
    const s = this.saveState;
    el.dataset.state = s ? s.state : '';
    el.classList.toggle('is-error', Boolean(s && s.state === 'error'));
    el.classList.remove('is-warning');
    if (!s) { el.textContent = ''; return; }
    if (s.state === 'pending' || s.state === 'saving') el.textContent = t('scoring.saving');
    else if (s.state === 'error') el.textContent = t('scoring.save_failed', { why: errorText(s.result) });
    else {
      // A sheet with wrong fields is not shown as fine: a warning, the wrong fields first.
      const invalid = Object.values(this.problems).filter((p) => !p.missing).length;
      el.classList.toggle('is-warning', invalid > 0);
      el.textContent = invalid
        ? `⚠ ${t('scoring.saved_except', { time: clockTime(s.at), n: invalid })}`
        : `✓ ${t('scoring.saved', { time: clockTime(s.at) })}`;
    }
  }

  showSubmitState() {
    const status = this.querySelector('[data-testid=submit-status]');
    const button = this.querySelector('[data-action=submit]');
    if (!status) return;
    const latest = this.latest;
    const frozen = latest && latest.status === 'submitted' && this.saver && this.saver.clean;
    if (this.submitNote) status.textContent = this.submitNote;
    else if (frozen) status.textContent = `✓ ${t('scoring.submitted', { n: latest.revision, time: clockTime(latest.submitted_at) })}`;
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
      this.problems = {};
      this.showProblems();
      this.refreshProgress();
    } catch (err) {
      if (err && err.problems && err.problems.length) {
        // A field typed wrong is named by what is wrong with it, not also as "no score".
        err.problems.forEach((p) => {
          if (p.column && !this.problems[p.column]) {
            this.problems[p.column] = { text: problemText(p), missing: !typedIn(this, p.column) };
          }
        });
        this.submitNote = t('scoring.submit_incomplete');
        this.showProblems();
        const first = this.querySelector('.crit.has-problem .score-input');
        if (first) first.focus();
      } else {
        this.submitNote = errorText(err);
      }
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
      const state = tv.status === 'running' ? '' : ` · ${t(`scoring.live_${tv.status}`)}`;
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

export function registerScoring() {
  addCatalogue(strings);
  // The screen's styles travel with it, loaded once at start-up.
  if (!document.querySelector('link[data-styles=scoring]')) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = 'components/scoring/scoring.css';
    link.dataset.styles = 'scoring';
    document.head.append(link);
  }
  customElements.define('panelis-scoring', Scoring);
}
