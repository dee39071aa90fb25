// The shortlist: searchable and sortable by any column.
import { html } from '../../lib/html.js';
import { Screen } from '../../lib/screen.js';
import { t } from '../../i18n/index.js';
import * as api from '../../api.js';

const COLUMNS = [
  ['no', 'entries.no'],
  ['title', 'entries.title_col'],
  ['agency', 'entries.agency'],
  ['region', 'entries.region'],
  ['category', 'entries.category'],
];

class EntriesList extends Screen {
  constructor() {
    super();
    this.query = '';
    this.sortKey = 'no';
    this.ascending = true;
  }

  load() { return api.listEntries(); }

  visible() {
    const q = this.query.trim().toLowerCase();
    const rows = (this.data || []).filter((e) => !q
      || [e.title, e.agency, e.unit, e.region, e.category, e.innovators].some((f) => f.toLowerCase().includes(q)));
    const k = this.sortKey;
    rows.sort((a, b) => {
      const cmp = k === 'no' ? a.no - b.no : String(a[k]).localeCompare(String(b[k]), 'id');
      return this.ascending ? cmp : -cmp;
    });
    return rows;
  }

  view(entries) {
    if (!entries.length) return html`<h1 class="screen-title">${t('entries.title')}</h1><p class="empty">${t('entries.empty')}</p>`;
    const rows = this.visible();
    const arrow = (key) => (key === this.sortKey ? (this.ascending ? ' ▲' : ' ▼') : '');
    return html`
      <div class="screen-head">
        <h1 class="screen-title">${t('entries.title')}</h1>
        <input type="search" class="search" placeholder="${t('entries.search')}" value="${this.query}" aria-label="${t('entries.search')}">
        <span class="muted" data-testid="entries-count">${t('entries.count', { n: rows.length })}</span>
      </div>
      <div class="table-wrap">
      <table class="grid" data-testid="entries-table">
        <thead><tr>${COLUMNS.map(([key, label]) => html`<th><button class="sort" data-key="${key}">${t(label)}${arrow(key)}</button></th>`)}</tr></thead>
        <tbody>${rows.map((e) => html`<tr>
          <td class="num">${e.no}</td><td class="title-cell">${e.title}<div class="sub">${e.unit}</div></td>
          <td>${e.agency}</td><td>${e.region}</td><td>${e.category}</td></tr>`)}</tbody>
      </table></div>`;
  }

  afterPaint() {
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
    this.querySelectorAll('button.sort').forEach((b) => b.addEventListener('click', () => {
      const key = b.dataset.key;
      this.ascending = key === this.sortKey ? !this.ascending : true;
      this.sortKey = key;
      this.paint();
    }));
  }
}

export function registerEntriesList() { customElements.define('panelis-entries', EntriesList); }
