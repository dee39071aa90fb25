// The Inovasi screen: the shortlist, searchable, sortable and filterable by category, with
// check-in per entry (hadir / tidak hadir / belum, kepala daerah hadir), corrections of an
// entry's fields, export to .xlsx, and the shortlist import (shortlist-import.js).
import { html } from '../../lib/html.js';
import { Screen } from '../../lib/screen.js';
import { addCatalogue, errorText, lang, t } from '../../i18n/index.js';
import * as api from '../../api.js';
import strings from './strings.js';
import { ShortlistImport } from './shortlist-import.js';

const COLUMNS = [
  ['no', 'entries.no'],
  ['title', 'entries.title_col'],
  ['agency', 'entries.agency'],
  ['region', 'entries.region'],
  ['category', 'entries.category'],
];
// Every field of an entry is sent back on save: one left out would be emptied.
const EDITABLE = ['title', 'agency', 'unit', 'region', 'innovators', 'category', 'cluster'];

// The check-in select's value for an entry's `present` and back.
const presentValue = (present) => (present === true ? 'yes' : present === false ? 'no' : '');
const presentOf = (value) => (value === 'yes' ? true : value === 'no' ? false : null);

// The app shell re-creates the screen in place when the language changes: what the user was
// doing (search, filter, an open import preview) carries over to the new element. Going to
// another area or opening another competition changes the address first, and starts afresh.
const AREA = '#entries';
let carried = null;

class EntriesList extends Screen {
  constructor() {
    super();
    this.query = '';
    this.category = '';
    this.sortKey = 'no';
    this.ascending = true;
    this.importer = null; // a ShortlistImport while the import is open
    this.editing = null; // the entry whose fields are being corrected
    this.editError = '';
    this.flash = '';
    this.flashError = false;
    if (carried) {
      Object.assign(this, carried);
      carried = null;
      if (this.importer) this.attach(this.importer);
    }
  }

  connectedCallback() {
    super.connectedCallback();
    // A file dropped on the window while the import is open is previewed.
    api.listen('tauri://drag-drop', (payload) => {
      const path = payload && payload.paths && payload.paths[0];
      if (path && this.importer) this.importer.dropped(path);
    }).then((stop) => { this.stopDrop = stop; });
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    if (this.stopDrop) this.stopDrop();
    if (location.hash === AREA) {
      const { query, category, sortKey, ascending, importer, flash, flashError } = this;
      carried = { query, category, sortKey, ascending, importer, flash, flashError };
    }
  }

  load() { return api.listEntries(); }

  categories() {
    return [...new Set((this.data || []).map((e) => e.category).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'id'));
  }

  visible() {
    const q = this.query.trim().toLowerCase();
    const rows = (this.data || []).filter((e) => (!this.category || e.category === this.category)
      && (!q || [String(e.no), e.title, e.agency, e.unit, e.region, e.category, e.cluster, e.innovators].some((f) => f.toLowerCase().includes(q))));
    const k = this.sortKey;
    rows.sort((a, b) => {
      const cmp = k === 'no' ? a.no - b.no : String(a[k]).localeCompare(String(b[k]), 'id') || a.no - b.no;
      return this.ascending ? cmp : -cmp;
    });
    return rows;
  }

  view(entries) {
    if (this.importer) return this.importer.view();
    const flash = this.flash ? html`<p class="${this.flashError ? 'error' : 'flash'}" role="status" data-testid="entries-flash">${this.flash}</p>` : '';
    if (!entries.length) {
      return html`
        <div class="screen-head"><h1 class="screen-title">${t('entries.title')}</h1></div>
        ${flash}
        <section class="card empty-state">
          <p class="empty">${t('entries.empty')}</p>
          <button class="primary" data-action="import">${t('entries.import')}</button>
        </section>`;
    }
    const rows = this.visible();
    // Entries that compete in clusters show theirs; a list without clusters has no such column.
    const columns = entries.some((e) => e.cluster) ? [...COLUMNS, ['cluster', 'entries.cluster']] : COLUMNS;
    const arrow = (key) => (key === this.sortKey ? (this.ascending ? ' ▲' : ' ▼') : '');
    const count = (v) => rows.filter((e) => e.present === v).length;
    const cats = this.categories();
    return html`
      <div class="screen-head">
        <h1 class="screen-title">${t('entries.title')}</h1>
        <input type="search" class="search" placeholder="${t('entries.search')}" value="${this.query}" aria-label="${t('entries.search')}">
        ${cats.length ? html`<select class="category-filter" aria-label="${t('entries.category_filter')}">
          <option value="">${t('entries.all_categories')}</option>
          ${cats.map((c) => html`<option value="${c}" ${c === this.category ? 'selected' : ''}>${c}</option>`)}
        </select>` : ''}
        <span class="spacer"></span>
        <button class="button" data-action="import">${t('entries.import')}</button>
        <button class="button" data-action="export">${t('entries.export')}</button>
      </div>
      <p class="muted list-summary"><span data-testid="entries-count">${t('entries.count', { n: rows.length })}</span> ·
        <span data-testid="checkin-summary">${t('entries.checked_in', { present: count(true), absent: count(false), unknown: count(null) })}</span></p>
      ${flash}
      <div class="table-wrap">
      <table class="grid entries" data-testid="entries-table">
        <thead><tr>${columns.map(([key, label]) => html`<th class="${key === 'no' ? 'num' : ''}"><button class="sort" data-key="${key}">${t(label)}${arrow(key)}</button></th>`)}
          <th>${t('entries.attendance')}</th><th class="head-col">${t('entries.head')}</th><th></th></tr></thead>
        <tbody>${rows.map((e) => html`<tr data-entry="${e.id}" class="${e.present === true ? 'present' : e.present === false ? 'absent' : ''}">
          <td class="num">${e.no}</td><td class="title-cell">${e.title}<div class="sub">${e.unit}</div></td>
          <td class="small">${e.agency}</td><td class="small">${e.region}</td><td class="small">${e.category}</td>${columns.length > COLUMNS.length ? html`<td class="small" data-testid="entry-cluster">${e.cluster}</td>` : ''}
          <td><select class="attendance" data-id="${e.id}" aria-label="${t('entries.attendance_of', { no: e.no })}">
            <option value="" ${e.present === null ? 'selected' : ''}>${t('entries.present_unknown')}</option>
            <option value="yes" ${e.present === true ? 'selected' : ''}>${t('entries.present_yes')}</option>
            <option value="no" ${e.present === false ? 'selected' : ''}>${t('entries.present_no')}</option>
          </select></td>
          <td class="center"><input type="checkbox" class="head-attended" data-id="${e.id}" ${e.head_attended ? 'checked' : ''}
            aria-label="${t('entries.head_of', { no: e.no })}" title="${t('entries.head_attended')}"></td>
          <td><button class="link" data-edit="${e.id}" aria-label="${t('entries.edit_of', { no: e.no })}">${t('entries.edit')}</button></td></tr>`)}</tbody>
      </table>
      ${rows.length ? '' : html`<p class="empty pad">${t('entries.no_match')}</p>`}
      </div>
      ${this.editing ? this.editView(this.editing) : ''}`;
  }

  editView(e) {
    const field = (name, label) => html`<label>${t(label)}<input name="${name}" value="${e[name]}"></label>`;
    return html`
      <dialog class="entry-dialog">
        <form method="dialog" class="form">
          <h2>${t('entries.edit_title', { no: e.no })}</h2>
          <div class="form-grid">
            <label>${t('field.no')}<input name="no" type="number" min="1" step="1" value="${e.no}"></label>
            ${field('title', 'field.title')}
            ${field('agency', 'field.agency')}
            ${field('unit', 'field.unit')}
            ${field('region', 'field.region')}
            ${field('innovators', 'field.innovators')}
            ${field('category', 'field.category')}
            ${field('cluster', 'field.cluster')}
          </div>
          <p class="error form-error" role="alert">${this.editError}</p>
          <div class="actions"><button value="cancel" formnovalidate>${t('entries.cancel')}</button>
            <button value="save" class="primary">${t('entries.save')}</button></div>
        </form>
      </dialog>`;
  }

  say(text, isError = false) {
    this.flash = text;
    this.flashError = isError;
  }

  afterPaint() {
    if (this.importer) {
      this.importer.wire(this);
      return;
    }
    const flash = this.querySelector('[data-testid=entries-flash]');
    if (this.revealFlash && flash) {
      this.revealFlash = false;
      flash.scrollIntoView({ block: 'center' });
    }
    this.querySelectorAll('[data-action="import"]').forEach((b) => b.addEventListener('click', () => this.openImport()));
    const exportButton = this.querySelector('[data-action="export"]');
    if (exportButton) exportButton.addEventListener('click', () => this.exportList());
    const search = this.querySelector('.search');
    if (search) {
      search.addEventListener('input', () => {
        this.query = search.value;
        const pos = search.selectionStart;
        this.paint();
        const again = this.querySelector('.search');
        again.focus();
        again.setSelectionRange(pos, pos);
      });
    }
    const filter = this.querySelector('.category-filter');
    if (filter) filter.addEventListener('change', () => { this.category = filter.value; this.paint(); });
    this.querySelectorAll('button.sort').forEach((b) => b.addEventListener('click', () => {
      const key = b.dataset.key;
      this.ascending = key === this.sortKey ? !this.ascending : true;
      this.sortKey = key;
      this.paint();
    }));
    this.querySelectorAll('select.attendance').forEach((s) => s.addEventListener('change', () => {
      this.checkIn(s.dataset.id, { present: presentOf(s.value) });
    }));
    this.querySelectorAll('input.head-attended').forEach((c) => c.addEventListener('change', () => {
      this.checkIn(c.dataset.id, { head_attended: c.checked });
    }));
    this.querySelectorAll('[data-edit]').forEach((b) => b.addEventListener('click', () => {
      this.editing = this.data.find((e) => e.id === b.dataset.edit);
      this.editError = '';
      this.paint();
    }));
    this.wireEditDialog();
  }

  wireEditDialog() {
    const dialog = this.querySelector('.entry-dialog');
    if (!dialog) return;
    dialog.showModal();
    dialog.addEventListener('cancel', () => { this.editing = null; });
    dialog.querySelector('form').addEventListener('submit', (ev) => {
      if (!ev.submitter || ev.submitter.value !== 'save') {
        this.editing = null;
        return;
      }
      ev.preventDefault();
      const f = new FormData(ev.target);
      const fields = { no: Number(f.get('no')) };
      EDITABLE.forEach((k) => { fields[k] = String(f.get(k) || ''); });
      // The core judges the fields (a number of 1 or more, a title) and words what is wrong.
      if (!Number.isInteger(fields.no)) fields.no = 0;
      this.saveEntry(this.editing.id, fields, dialog);
    });
  }

  async saveEntry(id, fields, dialog) {
    try {
      const saved = await api.updateEntry(id, fields);
      this.data = this.data.map((e) => (e.id === id ? saved : e));
      this.editing = null;
      dialog.close();
      this.say(t('entries.saved', { no: saved.no }));
      this.paint();
    } catch (err) {
      dialog.querySelector('.form-error').textContent = errorText(err);
    }
  }

  // Saves one entry's check-in; the list shows what the file now holds.
  async checkIn(id, change) {
    const entry = this.data.find((e) => e.id === id);
    const next = { present: entry.present, head_attended: entry.head_attended, ...change };
    try {
      await api.setEntryAttendance(id, next.present, next.head_attended);
      Object.assign(entry, next);
      this.say('');
    } catch (err) {
      this.say(errorText(err), true);
    }
    this.paint();
  }

  async exportList() {
    try {
      const path = await api.exportEntriesXlsx(lang());
      if (path) this.say(t('entries.exported', { path }));
    } catch (err) {
      this.say(errorText(err), true);
    }
    this.paint();
  }

  openImport() {
    this.say('');
    this.attach(new ShortlistImport());
    this.paint();
  }

  // Makes `importer` this element's import: it repaints and finishes here.
  attach(importer) {
    this.importer = importer;
    importer.repaint = () => { if (this.isConnected) this.paint(); };
    importer.done = (message) => {
      this.importer = null;
      if (message) {
        this.say(message);
        // The import's page was scrolled down to its confirm button: the list opens with
        // the message that says what was imported in view, not off-screen above.
        this.revealFlash = true;
        this.refresh();
      } else {
        this.paint();
      }
    };
  }
}

export function registerEntriesList() {
  addCatalogue(strings);
  customElements.define('panelis-entries', EntriesList);
}
