// The independent panel (chair first) and the rubric with its weights.
import { html } from '../../lib/html.js';
import { Screen } from '../../lib/screen.js';
import { lang, t } from '../../i18n/index.js';
import * as api from '../../api.js';

class PanelRubric extends Screen {
  async load() {
    const [panelists, rubric] = await Promise.all([api.listPanelists(), api.getRubric()]);
    return { panelists, rubric };
  }

  view({ panelists, rubric }) {
    const total = rubric.criteria.reduce((sum, c) => sum + c.weight, 0);
    const label = (c) => (lang() === 'en' ? c.label_en : c.label_id);
    return html`
      <h1 class="screen-title">${t('nav.panel')}</h1>
      <section class="card">
        <h2>${t('panel.title')}</h2>
        ${panelists.length ? html`
        <table class="grid" data-testid="panel-table">
          <thead><tr><th>${t('panel.name')}</th><th>${t('panel.affiliation')}</th><th>${t('panel.role')}</th></tr></thead>
          <tbody>${panelists.map((p) => html`<tr><td>${p.name}</td><td>${p.affiliation}</td>
            <td>${p.is_chair ? html`<span class="badge">${t('panel.chair')}</span>` : t('panel.member')}</td></tr>`)}</tbody>
        </table>` : html`<p class="empty">${t('panel.empty')}</p>`}
      </section>
      <section class="card">
        <h2>${t('rubric.title')}: ${rubric.name}</h2>
        <table class="grid" data-testid="rubric-table">
          <thead><tr><th>${t('rubric.code')}</th><th>${t('rubric.criterion')}</th><th class="num">${t('rubric.weight')}</th><th class="num">${t('rubric.scale')}</th></tr></thead>
          <tbody>${rubric.criteria.map((c) => html`<tr><td><code>${c.code}</code></td>
            <td>${label(c)}<div class="sub">${c.guidance}</div></td><td class="num">${c.weight}</td>
            <td class="num">${c.scale_min}–${c.scale_max}</td></tr>`)}</tbody>
          <tfoot><tr><td></td><td>${t('rubric.total')}</td><td class="num">${total}</td><td></td></tr></tfoot>
        </table>
      </section>`;
  }
}

export function registerPanelRubric() { customElements.define('panelis-panel-rubric', PanelRubric); }
