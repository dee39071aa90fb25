// The secretariat's paper ballots: one panelist's grid (entries by criteria) typed in from
// the paper score sheet, autosaved row by row and submitted row by row (signed with the
// secretariat's key on the panelist's behalf); plus importing a scores CSV and a panelist's
// ballot file, each with its full report. Blank sheets to print for the chosen panelist, and
// a scan field: a USB scanner types a sheet's QR code and Enter, the backend says which
// panelist and entry it names, and the grid opens that row.
import { html } from '../../lib/html.js';
import { useStyles } from '../../lib/styles.js';
import { Screen } from '../../lib/screen.js';
import { addCatalogue, errorText, lang, t } from '../../i18n/index.js';
import * as api from '../../api.js';
import { Autosaver } from '../scoring/autosave.js';
import { problemText } from '../rubric-sheet/rubric-sheet.js';
import strings from './strings.js';

const PANELIST_KEY = 'panelis.paper.panelist';

// A criterion as people name it on this page, in the UI's language.
function criterionLabel(c) { return lang() === 'en' ? c.label_en : c.label_id; }

class PaperBallots extends Screen {
  disconnectedCallback() {
    (this.savers || new Map()).forEach((s) => s.flush());
    super.disconnectedCallback();
  }

  async load() {
    const panelists = await api.listPanelists();
    const stored = sessionStorage.getItem(PANELIST_KEY);
    const panelist = panelists.find((p) => p.id === stored) || panelists[0];
    const grid = panelist ? await api.paperGrid(panelist.id) : null;
    this.savers = new Map();
    this.rows = new Map(); // entry id -> { state, problems, latest, total }
    this.rowsOf = grid ? grid.panelist.id : null;
    if (grid) {
      grid.rows.forEach((r) => this.rows.set(r.progress.entry_id, {
        state: null, problems: {}, total: r.total, progress: r.progress, signer: r.signer, form: r.form,
      }));
    }
    return { panelists, grid };
  }

  view({ panelists, grid }) {
    const label = criterionLabel;
    return html`
      <section class="paper">
        <div class="paper-bar">
          <label class="paper-who">${t('paper.panelist')}
            <select class="paper-select" data-testid="paper-panelist">${panelists.map((p) => html`
              <option value="${p.id}" ${grid && grid.panelist.id === p.id ? 'selected' : ''}>${p.name}</option>`)}</select>
          </label>
          <button class="quiet-button" data-action="blank-sheets" title="${t('paper.blank_hint')}" ${grid ? '' : 'disabled'}>${t('paper.blank')}</button>
          <span class="spacer"></span>
          <button class="quiet-button" data-action="import-csv" title="${t('paper.import_csv_hint')}">${t('paper.import_csv')}</button>
          <button class="quiet-button" data-action="import-file">${t('paper.import_file')}</button>
        </div>
        <div class="paper-scanbar">
          <label class="paper-scan">${t('paper.scan')}
            <input class="paper-scan-input" data-testid="paper-scan" autocomplete="off" spellcheck="false"
              placeholder="${t('paper.scan_placeholder')}" title="${t('paper.scan_hint')}">
          </label>
          <span class="paper-scan-status ${this.scanNote && this.scanNote.bad ? 'is-error' : ''}" data-testid="paper-scan-status" role="status">${this.scanNote ? this.scanNote.text : ''}</span>
        </div>
        <p class="muted paper-lead">${t('paper.lead')}</p>
        <p class="muted paper-lead" data-testid="paper-csv-format">${t('paper.csv_format')}: ${t('paper.import_csv_hint')}</p>
        <div class="paper-report" data-testid="paper-report" role="status"></div>
        ${grid && grid.rows.length ? html`
        <div class="table-wrap paper-wrap">
          <table class="grid paper-grid" data-testid="paper-grid">
            <thead><tr><th class="num">${t('paper.no')}</th><th>${t('paper.entry')}</th>
              ${grid.criteria.map((c) => html`<th class="paper-crit" data-testid="paper-criterion"><span class="paper-crit-label">${label(c)}</span><span class="sub"><code>${c.code}</code> · ${c.weight}%</span></th>`)}
              <th class="num">${t('paper.total')}</th><th>${t('paper.status')}</th><th></th></tr></thead>
            <tbody>${grid.rows.map((r) => this.rowView(grid, r))}</tbody>
          </table>
        </div>` : html`<p class="empty">${t('paper.empty')}</p>`}
      </section>`;
  }

  rowView(grid, r) {
    const p = r.progress;
    // A ballot the panelist signed on their own device is theirs to correct: read-only here
    // (the core refuses paper over it too).
    const off = p.status === 'abstain' || p.finalized || r.signer === 'panelist';
    const score = (c) => (r.form.criteria.find((i) => i.criterion_id === c.id) || { score: '' }).score;
    return html`<tr data-entry="${p.entry_id}" class="${off ? 'is-off' : ''}">
      <td class="num">${p.no}</td>
      <td class="paper-title">${p.title}</td>
      ${grid.criteria.map((c) => html`<td class="paper-cell"><input class="paper-input" data-criterion="${c.id}" data-code="${c.code}"
        inputmode="numeric" autocomplete="off" maxlength="6" value="${score(c)}" aria-label="${p.no} ${c.code}" ${off ? 'disabled' : ''}></td>`)}
      <td class="num paper-total"></td>
      <td class="paper-status"></td>
      <td>${off ? '' : html`<button class="quiet-button paper-submit" data-action="submit-row">${t('paper.submit')}</button>`}</td>
    </tr>`;
  }

  afterPaint() {
    const select = this.querySelector('.paper-select');
    if (select) {
      select.addEventListener('change', async () => {
        await Promise.all([...this.savers.values()].map((s) => s.flush()));
        sessionStorage.setItem(PANELIST_KEY, select.value);
        this.scanNote = null;
        this.refresh();
      });
    }
    const scan = this.querySelector('[data-testid=paper-scan]');
    scan.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Enter') return;
      ev.preventDefault();
      this.scan(scan.value);
    });
    this.querySelector('[data-action=blank-sheets]').addEventListener('click', () => this.exportBlankSheets());
    this.querySelector('[data-action=import-csv]').addEventListener('click', () => this.importCsv());
    this.querySelector('[data-action=import-file]').addEventListener('click', () => this.importFile());
    this.querySelectorAll('.paper-grid tbody tr[data-entry]').forEach((tr) => {
      const entryId = tr.dataset.entry;
      tr.querySelectorAll('.paper-input').forEach((input) => {
        input.addEventListener('input', () => this.saver(entryId).change(this.snapshot(tr)));
        input.addEventListener('blur', () => { if (this.savers.has(entryId)) this.savers.get(entryId).flush(); });
        // Enter goes down the column, as on the paper sheet read entry by entry.
        input.addEventListener('keydown', (ev) => {
          if (ev.key !== 'Enter') return;
          ev.preventDefault();
          const below = tr.parentElement.querySelectorAll('tr[data-entry]');
          const nextRow = [...below][[...below].indexOf(tr) + 1];
          const next = nextRow && nextRow.querySelector(`.paper-input[data-code="${input.dataset.code}"]:not([disabled])`);
          if (next) next.focus();
        });
      });
      const submit = tr.querySelector('[data-action=submit-row]');
      if (submit) submit.addEventListener('click', () => this.submitRow(tr));
      this.showRow(tr);
    });
  }

  saver(entryId) {
    if (!this.savers.has(entryId)) {
      const panelistId = this.data.grid.panelist.id;
      this.savers.set(entryId, new Autosaver({
        send: (form) => api.savePaperDraft(panelistId, entryId, form),
        onState: (state, result) => this.onRowState(panelistId, entryId, state, result),
      }));
    }
    return this.savers.get(entryId);
  }

  // The row as typed; notes written earlier (on a station or in the ballot) are kept.
  snapshot(tr) {
    const row = this.rows.get(tr.dataset.entry);
    return {
      criteria: this.data.grid.criteria.map((c) => ({
        criterion_id: c.id,
        score: tr.querySelector(`.paper-input[data-criterion="${c.id}"]`).value,
        note: (row.form.criteria.find((i) => i.criterion_id === c.id) || { note: '' }).note,
      })),
      note: row.form.note,
    };
  }

  onRowState(panelistId, entryId, state, result) {
    // A save that lands after another panelist's grid was opened belongs to no row here.
    if (this.rowsOf !== panelistId) return;
    const row = this.rows.get(entryId);
    if (!row) return;
    row.state = state;
    if (state === 'error') row.error = errorText(result);
    if (state === 'saved') {
      row.problems = {};
      result.problems.forEach((p) => { if (p.column) row.problems[p.column] = problemText(p); });
      row.total = result.total;
      row.latest = result.ballot;
      row.error = null;
    }
    const tr = this.querySelector(`tr[data-entry="${entryId}"]`);
    if (tr) this.showRow(tr);
  }

  showRow(tr) {
    const row = this.rows.get(tr.dataset.entry);
    const p = row.progress;
    tr.querySelector('.paper-total').textContent = row.total || '—';
    tr.querySelectorAll('.paper-input').forEach((input) => {
      const bad = row.problems[input.dataset.code];
      input.classList.toggle('is-invalid', Boolean(bad));
      input.title = bad || '';
      if (bad) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
    });
    const status = tr.querySelector('.paper-status');
    const latest = row.latest || null;
    let text;
    if (p.status === 'abstain') text = t('paper.abstain');
    else if (p.finalized) text = t('paper.final');
    else if (row.state === 'pending' || row.state === 'saving') text = t('paper.saving');
    else if (row.state === 'error') text = t('paper.save_failed', { why: row.error });
    else if (latest ? latest.status === 'submitted' : (p.status === 'submitted' && !p.revising)) {
      const rev = latest ? latest.revision : p.submitted_revision;
      const signer = latest ? latest.signer : row.signer;
      text = `${t('paper.submitted', { n: rev })} · ${t(signer === 'panelist' ? 'paper.by_panelist' : 'paper.by_paper')}`;
    } else if (latest || p.status === 'draft' || p.revising) text = t('paper.draft');
    else text = t('paper.not_started');
    // Each field's own message stands on its field (marked red, the message as its title),
    // the status says how many are wrong, and the messages are read whole on one line of
    // their own under the row, across the grid's width: the row itself stays one row tall
    // and no message is cut.
    const labels = new Map(this.data.grid.criteria.map((c) => [c.code, criterionLabel(c)]));
    // Fields that share a message are named together ("Keberlanjutan, Kualitas presentasi:
    // belum diberi nilai"), so an unfinished row does not repeat it per field.
    const byMessage = new Map();
    Object.entries(row.problems).forEach(([code, msg]) => {
      byMessage.set(msg, [...(byMessage.get(msg) || []), labels.get(code) || code]);
    });
    const problems = [...byMessage].map(([msg, fields]) => `${fields.join(', ')}: ${msg}`);
    const wrong = Object.keys(row.problems).length;
    status.innerHTML = String(html`<span>${text}</span>${wrong
      ? html`<span class="paper-problem" data-testid="paper-problem-count">⚠ ${t('paper.fields_wrong', { n: wrong })}</span>` : ''}`);
    status.classList.toggle('is-error', row.state === 'error' || wrong > 0);
    this.showProblems(tr, problems);
    // "Kirim" only where there is a draft to send, so the column stays quiet.
    const button = tr.querySelector('[data-action=submit-row]');
    if (button) {
      const busy = row.state === 'pending' || row.state === 'saving' || row.state === 'error';
      const draft = latest ? latest.status === 'draft' : (p.status === 'draft' || p.revising);
      button.hidden = !(busy || draft || Object.keys(row.problems).length);
    }
  }

  // The line under a row that holds its fields' messages; gone when there are none.
  showProblems(tr, problems) {
    const after = tr.nextElementSibling;
    let line = after && after.classList.contains('paper-problems-row') ? after : null;
    if (!problems.length) { if (line) line.remove(); return; }
    if (!line) {
      line = document.createElement('tr');
      line.className = 'paper-problems-row';
      tr.after(line);
    }
    line.innerHTML = String(html`<td></td><td colspan="${tr.children.length - 1}" data-testid="paper-problems">⚠ ${problems.join(' · ')}</td>`);
  }

  async submitRow(tr) {
    const entryId = tr.dataset.entry;
    const row = this.rows.get(entryId);
    const button = tr.querySelector('[data-action=submit-row]');
    button.disabled = true;
    try {
      if (this.savers.has(entryId) && !(await this.savers.get(entryId).flush())) return;
      const ballot = await api.submitPaperBallot(this.data.grid.panelist.id, entryId, this.snapshot(tr));
      row.latest = ballot;
      row.problems = {};
      row.state = null;
    } catch (err) {
      row.problems = {};
      (err && err.problems ? err.problems : []).forEach((p) => { if (p.column) row.problems[p.column] = problemText(p); });
      if (!Object.keys(row.problems).length) { row.state = 'error'; row.error = errorText(err); }
    } finally {
      button.disabled = false;
      this.showRow(tr);
    }
  }

  // A scanned sheet: the backend reads the code; the grid switches to its panelist if need be,
  // then scrolls to the entry's row and puts the cursor in its first score field.
  async scan(code) {
    if (!code.trim()) return;
    let sheet;
    try {
      sheet = await api.scanPaperSheet(code);
    } catch (err) {
      this.showScan(true, scanErrorText(err));
      const field = this.querySelector('[data-testid=paper-scan]');
      if (field) field.select(); // the next scan replaces it
      return;
    }
    if (!this.data.grid || this.data.grid.panelist.id !== sheet.panelist_id) {
      await Promise.all([...this.savers.values()].map((s) => s.flush()));
      sessionStorage.setItem(PANELIST_KEY, sheet.panelist_id);
      this.scanNote = null;
      await this.refresh();
    }
    const field = this.querySelector('[data-testid=paper-scan]');
    if (field) field.value = '';
    const tr = this.querySelector(`.paper-grid tr[data-entry="${sheet.entry_id}"]`);
    const row = this.rows.get(sheet.entry_id);
    const first = tr && tr.querySelector('.paper-input:not([disabled])');
    const who = { no: sheet.entry_no, panelist: sheet.panelist_name };
    if (!tr || !row) {
      this.showScan(true, t('paper.scan_no_row', who));
      return;
    }
    tr.scrollIntoView({ block: 'center' });
    if (first) {
      this.showScan(false, t('paper.scan_found', who));
      first.focus();
      first.select();
    } else {
      const why = row.progress.status === 'abstain' ? 'paper.abstain' : 'paper.final';
      this.showScan(true, t('paper.scan_off', { ...who, why: t(why) }));
    }
  }

  // The scan's outcome beside the field; kept across repaints of the grid.
  showScan(bad, text) {
    this.scanNote = { bad, text };
    const status = this.querySelector('[data-testid=paper-scan-status]');
    if (!status) return;
    status.textContent = text;
    status.classList.toggle('is-error', bad);
  }

  // Blank sheets for the panelist shown; the button passes no path (the OS dialog asks).
  async exportBlankSheets(path = null) {
    const grid = this.data.grid;
    if (!grid) return;
    try {
      const done = await api.exportBlankSheets(grid.panelist.id, lang(), path);
      if (!done) return;
      this.report(html`<div class="report-ok"><p>✓ ${t('paper.blank_done', {
        sheets: done.sheets, pages: done.pages, panelist: grid.panelist.name,
      })}${done.left_out ? ` ${t('paper.blank_left_out', { n: done.left_out })}` : ''}</p>
        <p class="muted paper-file">${done.path} <button class="quiet-button" data-action="open-blank">${t('paper.blank_open')}</button></p>
        <p class="muted">${t('paper.blank_not_official')}</p></div>`);
      this.querySelector('[data-action=open-blank]').addEventListener('click', async () => {
        try { await api.openBlankSheets(); } catch (err) { this.report(html`<p class="error">${errorText(err)}</p>`); }
      });
    } catch (err) {
      this.report(html`<p class="error">${errorText(err)}</p>`);
    }
  }

  report(content) {
    this.querySelector('[data-testid=paper-report]').innerHTML = String(content);
  }

  // The buttons pass no path (the OS dialog asks); tests pass one.
  async importCsv(path = null) {
    try {
      const done = await api.importPaperScores(path);
      if (!done) return;
      await this.refresh();
      this.report(html`<p class="report-ok">✓ ${t('paper.csv_done', done)}</p>`);
    } catch (err) {
      const problems = (err && err.problems) || [];
      this.report(problems.length ? html`
        <div class="report-bad"><p>${t('paper.csv_rejected')}</p>
        <ul class="problem-list">${problems.map((p) => html`<li>${[p.row ? t('paper.line', { n: p.row }) : '', p.column || ''].filter(Boolean).join(' · ')}: ${problemText(p)}</li>`)}</ul></div>`
        : html`<p class="error">${errorText(err)}</p>`);
    }
  }

  // Imports a ballot file (path null: the OS dialog asks). A key the file announces that is
  // not registered is shown with its fingerprint; once the secretariat compared it with the
  // panelist's laptop, "accept" imports the same file again with that key confirmed.
  async importFile(path = null, acceptKeys = null) {
    try {
      const r = await api.importBallotFile(path, acceptKeys);
      if (!r) return;
      await this.refresh();
      const unregistered = r.unregistered_keys || [];
      const rejected = r.rejected.filter((x) => x.code !== 'unregistered_key');
      this.report(html`<div class="${r.rejected.length ? 'report-bad' : 'report-ok'}" data-testid="ballot-file-report">
        <p>${r.rejected.length ? '⚠' : '✓'} ${t('paper.file_done', {
          panelist: r.panelist, imported: r.imported, present: r.already_present, rejected: r.rejected.length,
        })}</p>
        ${r.keys_registered.length ? html`<p class="muted">${t('paper.file_keys')}</p>` : ''}
        ${unregistered.map((k) => html`<div class="key-confirm" data-testid="key-confirm">
          <p>${t('paper.key_unregistered', { n: r.rejected.length - rejected.length })}</p>
          <p><code class="fingerprint" data-testid="key-fingerprint">${k.fingerprint}</code></p>
          <button class="btn" data-action="accept-key" data-fingerprint="${k.fingerprint}">${t('paper.key_accept')}</button>
        </div>`)}
        ${rejected.length ? html`<ul class="problem-list">${rejected.map((x) => html`<li>${t('paper.file_rejected', {
          no: x.entry_no, rev: x.revision, why: lang() === 'en' ? x.reason_en : x.reason_id,
        })}</li>`)}</ul>` : ''}</div>`);
      this.querySelectorAll('[data-action=accept-key]').forEach((button) => button.addEventListener('click',
        () => this.importFile(r.file, [...(acceptKeys || []), button.dataset.fingerprint])));
    } catch (err) {
      this.report(html`<p class="error">${errorText(err)}</p>`);
    }
  }
}

// Why a scanned code opens no row, by the backend's code (never by its wording).
function scanErrorText(err) {
  const code = err && err.code;
  if (code === 'unknown_scan_code') return t('paper.scan_invalid');
  if (code === 'not_found') return t('paper.scan_unknown');
  return errorText(err);
}

export function registerPaperBallots() {
  addCatalogue(strings);
  useStyles(new URL('./paper-ballots.css', import.meta.url));
  customElements.define('panelis-paper-ballots', PaperBallots);
}
