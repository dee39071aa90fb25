// The shortlist import inside the Inovasi screen: a file (from the OS dialog, typed, or
// dropped on the window) is previewed with its column mapping, every problem located by row
// and column, and what a re-import would add, change and remove; it is written only on
// confirm. The file dialog only supplies the path, so every way in takes the same path.
import { html } from '../../lib/html.js';
import { errorText, lang, t } from '../../i18n/index.js';
import * as api from '../../api.js';

const FIELDS = ['no', 'title', 'agency', 'unit', 'region', 'innovators', 'category', 'cluster'];
// Entries shown in the preview table: enough to check the columns, short enough to see the
// confirm button without much scrolling.
const PREVIEW_ROWS = 10;

const located = (p) => (lang() === 'en' ? p.message_en : p.message_id);

export class ShortlistImport {
  // The screen showing the import sets `repaint()` (paint it again) and `done(message)`
  // (leave the import; message null when the user went back without importing).
  constructor() {
    this.repaint = () => {};
    this.done = () => {};
    this.path = '';
    this.preview = null;
    this.busy = false;
    this.error = null;
    this.choice = { kind: 'guess' };
    this.sheet = null; // the worksheet the user picked; null: the one whose header matches best
  }

  // Reads the file at `this.path` with the mapping choice and shows the preview.
  async read(choice = { kind: 'guess' }) {
    if (!this.path.trim()) {
      this.error = t('import.need_path');
      this.repaint();
      return;
    }
    this.busy = true;
    this.error = null;
    this.choice = choice;
    this.repaint();
    try {
      this.preview = await api.previewShortlist(this.path.trim(), choice, this.sheet);
    } catch (err) {
      this.preview = null;
      this.error = errorText(err);
    }
    this.busy = false;
    this.repaint();
  }

  // Another file starts from its best-matching sheet.
  async readNew(path) {
    this.path = path;
    this.sheet = null;
    await this.read();
  }

  async choose() {
    const path = await api.chooseShortlistFile().catch((err) => { this.error = errorText(err); return null; });
    if (path) {
      await this.readNew(path);
    } else {
      this.repaint();
    }
  }

  // A dropped file previews at once, whatever was typed before.
  async dropped(path) {
    await this.readNew(path);
  }

  async confirm() {
    const { plan, source } = this.preview;
    this.busy = true;
    this.repaint();
    try {
      await api.applyShortlist(plan);
      const first = this.preview.existing === 0;
      this.done(first
        ? t('entries.imported', { n: plan.added.length, source })
        : t('entries.reimported', { source, added: plan.added.length, changed: plan.changed.length, removed: plan.removed.length }));
    } catch (err) {
      this.busy = false;
      if (err && err.code === 'stale_preview') {
        // The entries changed since the preview (another window, a check-in): show the
        // plan as it would be now, and say so.
        await this.read(this.choice);
        this.error = t('import.stale');
      } else {
        this.error = errorText(err);
        if (err && err.problems && err.problems.length) this.preview = { ...this.preview, problems: err.problems };
      }
      this.repaint();
    }
  }

  view() {
    const p = this.preview;
    return html`
      <div class="screen-head">
        <h1 class="screen-title">${t('import.title')}</h1>
        <span class="spacer"></span>
        <button class="button" data-action="import-back">${t('import.back')}</button>
      </div>
      <section class="card import-source">
        <p class="muted lead">${t('import.lead')}</p>
        <form class="import-path">
          <button type="button" class="button" data-action="choose-file" ${this.busy ? 'disabled' : ''}>${t('import.choose')}</button>
          <input name="path" class="path-input" value="${this.path}" placeholder="${t('import.path_placeholder')}"
            aria-label="${t('import.path')}" spellcheck="false" autocomplete="off">
          <button type="submit" class="primary" data-action="preview" ${this.busy ? 'disabled' : ''}>${t('import.preview')}</button>
        </form>
        ${this.busy ? html`<p class="muted" role="status">${t('import.reading')}</p>` : ''}
        ${this.error ? html`<p class="error" role="alert" data-testid="import-error">${this.error}</p>` : ''}
      </section>
      ${p ? this.previewView(p) : ''}`;
  }

  previewView(p) {
    return html`
      ${p.mapping ? this.mappingView(p) : html`<p class="muted">${t('import.source')}: <strong>${p.source}</strong> ${this.sheetPicker(p)}</p>`}
      ${p.problems.length ? this.problemsView(p) : ''}
      ${p.left_out.length ? this.leftOutView(p) : ''}
      ${p.plan && p.existing > 0 ? this.planView(p) : ''}
      ${p.entries.length && !p.problems.length ? this.entriesView(p) : ''}
      ${this.confirmView(p)}`;
  }

  // A workbook of several sheets says which one was read and lets the user pick another.
  sheetPicker(p) {
    if (p.sheets.length < 2) return '';
    return html`<label class="inline-label" title="${t('import.sheet_lead')}">${t('import.sheet')}
      <select class="sheet-select" data-testid="import-sheet" aria-label="${t('import.sheet')}">
        ${p.sheets.map((name) => html`<option value="${name}" ${name === p.sheet ? 'selected' : ''}>${name}</option>`)}
      </select></label>`;
  }

  mappingView(p) {
    const m = p.mapping;
    // The rows the backend left out (a cluster heading merged across the row) are shown as
    // one line with why, not as a value under every column.
    const leftOut = new Map(p.left_out.map((r) => [r.row, r]));
    const option = (value, label, current) => html`<option value="${value}" ${current === value ? 'selected' : ''}>${label}</option>`;
    return html`
      <section class="card">
        <div class="card-head">
          <h2>${t('import.columns')}</h2>
          <span class="muted">${t('import.source')}: <strong data-testid="import-source">${p.source}</strong></span>
          ${this.sheetPicker(p)}
          <label class="inline-label">${t('import.header_row')}
            <input type="number" min="0" class="header-row" value="${m.header_row}" aria-label="${t('import.header_row')}">
          </label>
        </div>
        <p class="muted lead">${t('import.columns_lead')}</p>
        ${p.not_imported.length ? html`<p class="not-imported" data-testid="import-not-imported">${t('import.not_imported', { columns: p.not_imported.join(', ') })}</p>` : ''}
        <div class="table-wrap">
          <table class="grid mapping" data-testid="mapping-table">
            <thead>
              <tr><th class="num">${t('import.row')}</th>${m.columns.map((c) => html`<th class="${c.field === 'no' ? 'narrow' : ''}">
                <select class="field-select" data-col="${c.index}" aria-label="${c.name}">
                  ${option('', t('field.ignore'), c.field || '')}
                  ${FIELDS.map((f) => option(f, t(`field.${f}`), c.field || ''))}
                </select></th>`)}</tr>
              <tr class="sheet-names"><td class="num">${m.header_row || '—'}</td>${m.columns.map((c) => html`<td class="${c.field ? 'mapped' : 'ignored'}" title="${c.name}">${c.name}</td>`)}</tr>
            </thead>
            <tbody>${p.sample.map((r) => this.sampleRow(r, m, leftOut.get(r.row)))}</tbody>
          </table>
        </div>
      </section>`;
  }

  sampleRow(r, m, leftOut) {
    if (leftOut) {
      return html`<tr class="left-out-row" data-testid="sample-left-out"><td class="num muted">${r.row}</td>
        <td colspan="${m.columns.length}" title="${leftOut.text}">${leftOut.text}
          <span class="why">${t(`import.left_out.${leftOut.why}`)}</span></td></tr>`;
    }
    return html`<tr><td class="num muted">${r.row}</td>
      ${m.columns.map((c) => html`<td class="${c.field ? '' : 'ignored'}" title="${r.cells[c.index] || ''}">${r.cells[c.index] || ''}</td>`)}</tr>`;
  }

  problemsView(p) {
    return html`
      <section class="card problems" role="alert" data-testid="import-problems">
        <h2>${t('import.problems_title', { n: p.problems.length })}</h2>
        <p class="muted lead">${t('import.problems_lead')}</p>
        <div class="table-wrap">
          <table class="grid">
            <thead><tr><th class="num">${t('import.row')}</th><th>${t('import.column')}</th><th>${t('import.problem')}</th></tr></thead>
            <tbody>${p.problems.map((x) => html`<tr><td class="num">${x.row ?? '—'}</td><td>${x.column ?? '—'}</td><td>${located(x)}</td></tr>`)}</tbody>
          </table>
        </div>
      </section>`;
  }

  leftOutView(p) {
    return html`
      <section class="card left-out" data-testid="import-left-out">
        <h2>${t('import.left_out_title', { n: p.left_out.length })}</h2>
        <p class="muted lead">${t('import.left_out_lead')}</p>
        <div class="table-wrap">
          <table class="grid compact">
            <thead><tr><th class="num">${t('import.row')}</th><th>${t('import.why')}</th><th>${t('import.text')}</th></tr></thead>
            <tbody>${p.left_out.map((r) => html`<tr><td class="num">${r.row}</td><td>${t(`import.left_out.${r.why}`)}</td><td>${r.text}</td></tr>`)}</tbody>
          </table>
        </div>
      </section>`;
  }

  planView(p) {
    const { added, changed, removed, unchanged } = p.plan;
    const none = html`<li class="muted">${t('import.none')}</li>`;
    return html`
      <section class="card plan" data-testid="import-plan">
        <h2>${t('import.plan_title', { existing: p.existing })}</h2>
        <div class="plan-columns">
          <div><h3 class="plan-added">${t('import.added', { n: added.length })}</h3>
            <ul>${added.length ? added.map((e) => html`<li><span class="no">${e.no}</span> ${e.title}</li>`) : none}</ul></div>
          <div><h3 class="plan-changed">${t('import.changed', { n: changed.length })}</h3>
            <ul>${changed.length ? changed.map((c) => html`<li><span class="no">${c.no}</span> ${c.after.title}
              <ul class="fields">${c.fields.map((f) => html`<li>${t(`field.${f.field}`)}: <del>${f.before || '—'}</del> → <ins>${f.after || '—'}</ins></li>`)}</ul></li>`) : none}</ul></div>
          <div><h3 class="plan-removed">${t('import.removed', { n: removed.length })}</h3>
            <ul>${removed.length ? removed.map((e) => html`<li><span class="no">${e.no}</span> ${e.title}</li>`) : none}</ul></div>
        </div>
        <p class="muted">${t('import.unchanged', { n: unchanged })}</p>
      </section>`;
  }

  entriesView(p) {
    const shown = p.entries.slice(0, PREVIEW_ROWS);
    return html`
      <section class="card">
        <h2 data-testid="import-summary">${t('import.entries_title', { n: p.entries.length })}</h2>
        <div class="table-wrap">
          <table class="grid compact" data-testid="import-entries">
            <thead><tr><th class="num">${t('import.row')}</th>${FIELDS.map((f) => html`<th>${t(`field.${f}`)}</th>`)}</tr></thead>
            <tbody>${shown.map(({ row, entry }) => html`<tr><td class="num muted">${row}</td>
              ${FIELDS.map((f) => html`<td class="${f === 'no' ? 'num' : ''}">${entry[f]}</td>`)}</tr>`)}</tbody>
          </table>
        </div>
        ${p.entries.length > shown.length ? html`<p class="muted">${t('import.entries_more', { n: p.entries.length - shown.length })}</p>` : ''}
      </section>`;
  }

  confirmView(p) {
    const ok = p.problems.length === 0 && p.plan && (p.plan.added.length + p.plan.changed.length + p.plan.removed.length) > 0;
    const why = p.problems.length ? t('import.blocked') : (!ok && p.plan ? t('import.nothing') : '');
    const label = p.existing === 0 ? t('import.confirm_first', { n: p.entries.length }) : t('import.confirm_changes');
    return html`
      <div class="import-actions">
        ${why ? html`<p class="muted" data-testid="import-why">${why}</p>` : ''}
        <button class="primary" data-action="import-confirm" ${ok && !this.busy ? '' : 'disabled'}>${this.busy && ok ? t('import.applying') : label}</button>
      </div>`;
  }

  wire(root) {
    root.querySelector('[data-action="import-back"]').addEventListener('click', () => this.done(null));
    const form = root.querySelector('form.import-path');
    const input = form.querySelector('.path-input');
    input.addEventListener('input', () => { this.path = input.value; });
    form.addEventListener('submit', (ev) => { ev.preventDefault(); this.readNew(input.value); });
    root.querySelector('[data-action="choose-file"]').addEventListener('click', () => this.choose());
    root.querySelectorAll('select.field-select').forEach((s) => s.addEventListener('change', () => {
      // The backend moves the field off the column that had it (one rule, with --map).
      this.read({ kind: 'assign', value: { mapping: this.preview.mapping, column: Number(s.dataset.col), field: s.value || null } });
    }));
    const sheet = root.querySelector('select.sheet-select');
    if (sheet) {
      sheet.addEventListener('change', () => { this.sheet = sheet.value; this.read(); });
    }
    const headerRow = root.querySelector('input.header-row');
    if (headerRow) {
      headerRow.addEventListener('change', () => {
        const row = Number(headerRow.value);
        if (Number.isInteger(row) && row >= 0) this.read({ kind: 'header_row', value: row });
      });
    }
    const confirm = root.querySelector('[data-action="import-confirm"]');
    if (confirm) confirm.addEventListener('click', () => this.confirm());
  }
}
