// The Panelis & Rubrik screen: the independent panel (add, correct, choose the chair, take
// off the panel: the core deletes or retires and says which),
// conflicts of interest (panelist x entry with a reason), and the rubric with its editor
// (codes, labels in both languages, score levels with a label in both languages, a note,
// weights that must total 100,
// scale), which is locked once any ballot was given.
import { html } from '../../lib/html.js';
import { Screen } from '../../lib/screen.js';
import { addCatalogue, errorText, lang, t } from '../../i18n/index.js';
import * as api from '../../api.js';
import { when } from '../../lib/when.js';
import strings from './strings.js';

const NIL = '00000000-0000-0000-0000-000000000000';

// A criterion as the editor holds it: its numbers as typed (the core reads them).
const draftOf = (c) => ({
  ...c,
  weight: String(c.weight),
  scale_min: String(c.scale_min),
  scale_max: String(c.scale_max),
  levels: c.levels.map((l) => ({ ...l, min: String(l.min), max: String(l.max) })),
});
const levelText = (l) => `${l.min}–${l.max}: ${lang() === 'en' ? l.label_en || l.label_id : l.label_id}`;

// The app shell re-creates the screen in place when the language changes: an open rubric
// draft carries over to the new element. Going to another area or opening another
// competition changes the address first, and starts afresh.
const AREA = '#panel';
let carried = null;

class PanelRubric extends Screen {
  constructor() {
    super();
    this.adding = false;
    this.editingId = null;
    this.removingId = null;
    this.rubricDraft = null;
    this.flash = '';
    this.flashError = false;
    if (carried) {
      Object.assign(this, carried);
      carried = null;
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    if (location.hash === AREA) {
      const { adding, rubricDraft, flash, flashError } = this;
      carried = { adding, rubricDraft, flash, flashError };
    }
  }

  async load() {
    const [onRecord, rubric, conflicts, entries, ballots] = await Promise.all([
      api.listPanelOnRecord(), api.getRubric(), api.listConflicts(), api.listEntries(), api.rubricBallotCount(),
    ]);
    const panelists = onRecord.filter((p) => !p.retired_at);
    const retired = onRecord.filter((p) => p.retired_at);
    return { panelists, retired, rubric, conflicts, entries, ballots };
  }

  say(text, isError = false) {
    this.flash = text;
    this.flashError = isError;
  }

  view(data) {
    return html`
      <h1 class="screen-title">${t('nav.panel')}</h1>
      ${this.flash ? html`<p class="${this.flashError ? 'error' : 'flash'}" role="status" data-testid="panel-flash">${this.flash}</p>` : ''}
      ${this.panelView(data)}
      ${this.conflictsView(data)}
      ${this.rubricDraft ? this.rubricEditor(this.rubricDraft) : this.rubricView(data)}`;
  }

  panelView({ panelists, retired, conflicts }) {
    const conflictCount = (p) => conflicts.filter((c) => c.panelist_id === p.id).length;
    const row = (p) => (p.id === this.editingId ? html`
      <tr class="editing"><td colspan="5">
        <form class="inline-form panelist-edit" data-id="${p.id}">
          <input name="name" value="${p.name}" aria-label="${t('panel.name')}">
          <input name="affiliation" value="${p.affiliation}" aria-label="${t('panel.affiliation')}">
          <button class="primary">${t('panel.save')}</button>
          <button type="button" class="button" data-action="edit-cancel">${t('panel.cancel')}</button>
        </form></td></tr>` : html`
      <tr><td>${p.name}</td><td>${p.affiliation}</td>
        <td>${p.is_chair ? html`<span class="badge">${t('panel.chair')}</span>` : t('panel.member')}</td>
        <td class="num">${conflictCount(p) || ''}</td>
        <td class="row-actions"><button class="link" data-edit-panelist="${p.id}">${t('panel.edit')}</button>
          ${p.is_chair ? '' : html`<button class="link" data-chair="${p.id}">${t('panel.make_chair')}</button>`}
          <button class="link danger" data-remove-panelist="${p.id}">${t('panel.remove')}</button></td></tr>
      ${p.id === this.removingId ? html`<tr class="confirming"><td colspan="5" data-testid="panelist-remove-confirm">
        <p>${t('panel.remove_confirm', { name: p.name })}</p>
        <button class="primary danger" data-action="remove-yes">${t('panel.remove_yes')}</button>
        <button class="button" data-action="remove-no">${t('panel.cancel')}</button></td></tr>` : ''}`);
    return html`
      <section class="card">
        <div class="card-head">
          <h2>${t('panel.title')}</h2>
          <span class="muted">${t('panel.count', { n: panelists.length })}${panelists.some((p) => p.is_chair) ? '' : html` · ${t('panel.no_chair')}`}</span>
          <span class="spacer"></span>
          ${this.adding ? '' : html`<button class="button" data-action="add-panelist">${t('panel.add')}</button>`}
        </div>
        ${this.adding ? html`
          <form class="inline-form panelist-add" aria-label="${t('panel.add_title')}">
            <input name="name" placeholder="${t('panel.name_placeholder')}" aria-label="${t('panel.name')}">
            <input name="affiliation" placeholder="${t('panel.affiliation_placeholder')}" aria-label="${t('panel.affiliation')}">
            <label class="check"><input type="checkbox" name="chair"> ${t('panel.as_chair')}</label>
            <button class="primary">${t('panel.save')}</button>
            <button type="button" class="button" data-action="add-cancel">${t('panel.cancel')}</button>
          </form>` : ''}
        ${panelists.length ? html`
        <table class="grid" data-testid="panel-table">
          <thead><tr><th>${t('panel.name')}</th><th>${t('panel.affiliation')}</th><th>${t('panel.role')}</th>
            <th class="num">${t('panel.conflicts')}</th><th></th></tr></thead>
          <tbody>${panelists.map(row)}</tbody>
        </table>` : html`<p class="empty">${t('panel.empty')}</p>`}
        ${retired.length ? html`<p class="muted" data-testid="panel-retired">${t('panel.retired_list')}
          ${retired.map((p, i) => html`${i ? ', ' : ''}<strong>${p.name}</strong> (${when(p.retired_at)})`)}</p>` : ''}
      </section>`;
  }

  conflictsView({ panelists, conflicts, entries }) {
    const byId = (list) => new Map(list.map((x) => [x.id, x]));
    const people = byId(panelists);
    const items = byId(entries);
    const order = new Map(panelists.map((p, i) => [p.id, i]));
    const rows = conflicts
      .filter((c) => people.has(c.panelist_id) && items.has(c.entry_id))
      .sort((a, b) => order.get(a.panelist_id) - order.get(b.panelist_id) || items.get(a.entry_id).no - items.get(b.entry_id).no);
    const ready = panelists.length && entries.length;
    return html`
      <section class="card">
        <h2>${t('conflict.title')}</h2>
        <p class="muted lead">${t('conflict.lead')}</p>
        ${ready ? html`
          <form class="inline-form conflict-add">
            <select name="panelist" aria-label="${t('conflict.panelist')}">
              <option value="">${t('conflict.choose_panelist')}</option>
              ${panelists.map((p) => html`<option value="${p.id}">${p.name}</option>`)}
            </select>
            <select name="entry" class="entry-select" aria-label="${t('conflict.entry')}">
              <option value="">${t('conflict.choose_entry')}</option>
              ${entries.map((e) => html`<option value="${e.id}">${e.no} · ${e.title} (${e.region || e.agency})</option>`)}
            </select>
            <input name="reason" placeholder="${t('conflict.reason_placeholder')}" aria-label="${t('conflict.reason')}">
            <button class="primary">${t('conflict.add')}</button>
          </form>` : html`<p class="empty">${t('conflict.need_both')}</p>`}
        ${rows.length ? html`
          <table class="grid" data-testid="conflicts-table">
            <thead><tr><th>${t('conflict.panelist')}</th><th class="num">${t('entries.no')}</th><th>${t('conflict.entry')}</th>
              <th>${t('conflict.reason')}</th><th></th></tr></thead>
            <tbody>${rows.map((c) => {
              const p = people.get(c.panelist_id);
              const e = items.get(c.entry_id);
              return html`<tr><td>${p.name}</td><td class="num">${e.no}</td><td>${e.title}<div class="sub">${e.agency}</div></td>
                <td>${c.reason}</td><td><button class="link danger" data-remove-conflict="${c.panelist_id}|${c.entry_id}"
                  aria-label="${t('conflict.remove_of', { panelist: p.name, no: e.no })}">${t('conflict.remove')}</button></td></tr>`;
            })}</tbody>
          </table>` : (ready ? html`<p class="empty">${t('conflict.none')}</p>` : '')}
      </section>`;
  }

  rubricView({ rubric, ballots }) {
    const total = rubric.criteria.reduce((sum, c) => sum + c.weight, 0);
    const label = (c) => (lang() === 'en' ? c.label_en || c.label_id : c.label_id);
    return html`
      <section class="card">
        <div class="card-head">
          <h2>${t('rubric.title')}: ${rubric.name}</h2>
          <span class="muted">${t('rubric.version', { version: rubric.version })}</span>
          <span class="spacer"></span>
          <button class="button" data-action="edit-rubric" ${ballots ? 'disabled' : ''}>${t('rubric.edit')}</button>
        </div>
        ${ballots ? html`<p class="notice" data-testid="rubric-locked">${t('rubric.locked', { n: ballots })}</p>` : ''}
        <table class="grid" data-testid="rubric-table">
          <thead><tr><th>${t('rubric.code')}</th><th>${t('rubric.criterion')}</th><th class="num">${t('rubric.weight')}</th><th class="num">${t('rubric.scale')}</th></tr></thead>
          <tbody>${rubric.criteria.map((c) => html`<tr><td><code>${c.code}</code></td>
            <td>${label(c)}<div class="sub levels" data-testid="levels-${c.code}">${c.levels.map(levelText).join(' · ')}</div>
              ${c.guidance ? html`<div class="sub">${c.guidance}</div>` : ''}</td><td class="num">${c.weight}</td>
            <td class="num nowrap">${c.scale_min}–${c.scale_max}</td></tr>`)}</tbody>
          <tfoot><tr><td></td><td>${t('rubric.total')}</td><td class="num">${total}</td><td></td></tr></tfoot>
        </table>
      </section>`;
  }

  rubricEditor(draft) {
    return html`
      <section class="card rubric-editor">
        <div class="card-head">
          <h2>${t('rubric.edit')}</h2>
          <label class="inline-label grow">${t('rubric.name')}<input name="rubric-name" class="rubric-name" value="${draft.name}"></label>
        </div>
        <table class="grid editor" data-testid="rubric-editor">
          <thead><tr><th>${t('rubric.code')}</th><th>${t('rubric.label_id')} / ${t('rubric.label_en')}</th><th>${t('rubric.guidance')}</th>
            <th class="num">${t('rubric.weight')}</th><th>${t('rubric.scale')}</th><th></th></tr></thead>
          <tbody>${draft.criteria.map((c, i) => html`<tr data-i="${i}">
            <td><input class="code" data-k="code" value="${c.code}" aria-label="${t('rubric.code')} ${i + 1}" spellcheck="false"></td>
            <td class="labels"><input data-k="label_id" value="${c.label_id}" aria-label="${t('rubric.label_id')} ${i + 1}">
              <input data-k="label_en" value="${c.label_en}" aria-label="${t('rubric.label_en')} ${i + 1}"></td>
            <td class="levels-editor">
              ${c.levels.map((l, j) => html`<div class="level-row" data-j="${j}">
                <input class="scale" data-lk="min" value="${l.min}" aria-label="${t('rubric.level_min', { i: i + 1, j: j + 1 })}">–<input class="scale" data-lk="max" value="${l.max}" aria-label="${t('rubric.level_max', { i: i + 1, j: j + 1 })}">
                <input data-lk="label_id" value="${l.label_id}" placeholder="${t('rubric.label_id')}" aria-label="${t('rubric.level_label_id', { i: i + 1, j: j + 1 })}">
                <input data-lk="label_en" value="${l.label_en}" placeholder="${t('rubric.label_en')}" aria-label="${t('rubric.level_label_en', { i: i + 1, j: j + 1 })}">
                <button class="link danger" data-remove-level="${j}" aria-label="${t('rubric.level_remove', { i: i + 1, j: j + 1 })}">×</button></div>`)}
              <button class="link" data-add-level aria-label="${t('rubric.level_add_of', { i: i + 1 })}">+ ${t('rubric.level_add')}</button>
              <textarea data-k="guidance" rows="2" placeholder="${t('rubric.guidance_placeholder')}" aria-label="${t('rubric.guidance')} ${i + 1}">${c.guidance}</textarea></td>
            <td class="num"><input class="weight" data-k="weight" type="number" min="0" step="1" value="${c.weight}" aria-label="${t('rubric.weight')} ${i + 1}"></td>
            <td class="nowrap"><input class="scale" data-k="scale_min" type="number" min="0" step="1" value="${c.scale_min}" aria-label="${t('rubric.min')} ${i + 1}">
              – <input class="scale" data-k="scale_max" type="number" min="1" max="1000" step="1" value="${c.scale_max}" aria-label="${t('rubric.max')} ${i + 1}"></td>
            <td><button class="link danger" data-remove-criterion="${i}" aria-label="${t('rubric.remove_of', { code: c.code })}">${t('rubric.remove')}</button></td></tr>`)}</tbody>
          <tfoot><tr><td><button class="button" data-action="add-criterion">${t('rubric.add')}</button></td><td></td>
            <td class="right">${t('rubric.total')}</td><td class="num" data-testid="weight-total"></td><td colspan="2"></td></tr></tfoot>
        </table>
        <div class="editor-bar">
          <div class="editor-status">
            <p class="weight-status" role="status" data-testid="weight-status"></p>
            <ul class="error rubric-problems" data-testid="rubric-problems"></ul>
            <p class="error rubric-error" role="alert">${draft.error || ''}</p>
          </div>
          <button class="button" data-action="rubric-cancel">${t('rubric.cancel')}</button>
          <button class="primary" data-action="rubric-save">${t('rubric.save')}</button>
        </div>
      </section>`;
  }

  afterPaint() {
    this.wirePanel();
    this.wireConflicts();
    if (this.rubricDraft) this.wireRubricEditor();
    else {
      const edit = this.querySelector('[data-action="edit-rubric"]');
      if (edit) edit.addEventListener('click', () => this.openRubricEditor());
    }
  }

  // Runs a change, then reloads what the file now holds and says how it went.
  async act(promise, message) {
    try {
      await promise;
      this.say(message);
      this.adding = false;
      this.editingId = null;
      await this.refresh();
      return true;
    } catch (err) {
      this.say(errorText(err), true);
      this.paint();
      return false;
    }
  }

  wirePanel() {
    const on = (sel, fn) => { const el = this.querySelector(sel); if (el) el.addEventListener('click', fn); };
    on('[data-action="add-panelist"]', () => { this.adding = true; this.say(''); this.paint(); this.querySelector('.panelist-add [name=name]').focus(); });
    on('[data-action="add-cancel"]', () => { this.adding = false; this.paint(); });
    on('[data-action="edit-cancel"]', () => { this.editingId = null; this.paint(); });
    const add = this.querySelector('form.panelist-add');
    if (add) {
      add.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const f = new FormData(add);
        const name = String(f.get('name') || '').trim();
        if (!name) { this.say(t('panel.need_name'), true); this.paint(); return; }
        this.act(api.addPanelist(name, String(f.get('affiliation') || ''), f.get('chair') === 'on'), t('panel.added', { name }));
      });
    }
    const edit = this.querySelector('form.panelist-edit');
    if (edit) {
      edit.querySelector('[name=name]').focus();
      edit.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const f = new FormData(edit);
        const name = String(f.get('name') || '').trim();
        if (!name) { this.say(t('panel.need_name'), true); this.paint(); return; }
        this.act(api.updatePanelist(edit.dataset.id, name, String(f.get('affiliation') || '')), t('panel.saved', { name }));
      });
    }
    this.querySelectorAll('[data-edit-panelist]').forEach((b) => b.addEventListener('click', () => {
      this.editingId = b.dataset.editPanelist;
      this.adding = false;
      this.paint();
    }));
    this.querySelectorAll('[data-remove-panelist]').forEach((b) => b.addEventListener('click', () => {
      this.removingId = b.dataset.removePanelist;
      this.say('');
      this.paint();
    }));
    on('[data-action="remove-no"]', () => { this.removingId = null; this.paint(); });
    on('[data-action="remove-yes"]', async () => {
      const id = this.removingId;
      this.removingId = null;
      try {
        const done = await api.removePanelist(id);
        this.say(done.outcome === 'retired'
          ? t('panel.retired', { name: done.name, n: done.ballots })
          : t('panel.removed', { name: done.name }));
        await this.refresh();
      } catch (err) {
        this.say(errorText(err), true);
        this.paint();
      }
    });
    this.querySelectorAll('[data-chair]').forEach((b) => b.addEventListener('click', () => {
      const p = this.data.panelists.find((x) => x.id === b.dataset.chair);
      this.act(api.setChair(p.id), t('panel.chair_now', { name: p.name }));
    }));
  }

  wireConflicts() {
    const form = this.querySelector('form.conflict-add');
    if (form) {
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const f = new FormData(form);
        const [panelistId, entryId, reason] = [f.get('panelist'), f.get('entry'), String(f.get('reason') || '').trim()];
        if (!panelistId || !entryId || !reason) { this.say(t('conflict.need_all'), true); this.paint(); return; }
        const p = this.data.panelists.find((x) => x.id === panelistId);
        const e = this.data.entries.find((x) => x.id === entryId);
        this.act(api.addConflict(panelistId, entryId, reason), t('conflict.added', { panelist: p.name, no: e.no }));
      });
    }
    this.querySelectorAll('[data-remove-conflict]').forEach((b) => b.addEventListener('click', () => {
      const [panelistId, entryId] = b.dataset.removeConflict.split('|');
      const p = this.data.panelists.find((x) => x.id === panelistId);
      const e = this.data.entries.find((x) => x.id === entryId);
      this.act(api.removeConflict(panelistId, entryId), t('conflict.removed', { panelist: p.name, no: e.no }));
    }));
  }

  openRubricEditor() {
    const { rubric } = this.data;
    this.say('');
    this.rubricDraft = { name: rubric.name, criteria: rubric.criteria.map(draftOf), error: '' };
    this.paint();
  }

  // The live total, what is wrong, and whether Save is allowed, as the core judges the
  // draft; updated on every keystroke without repainting, so the field being typed in keeps
  // its focus. A reply overtaken by later typing is dropped.
  async showRubricStatus() {
    const draft = this.rubricDraft;
    const asked = (this.rubricAsked = (this.rubricAsked || 0) + 1);
    let check;
    try {
      check = await api.checkRubric(draft.name, draft.criteria);
    } catch (err) {
      draft.error = errorText(err);
      return;
    }
    if (asked !== this.rubricAsked || draft !== this.rubricDraft || !this.isConnected) return;
    const total = check.weights;
    const sumOk = total === check.weights_required;
    const totalCell = this.querySelector('[data-testid="weight-total"]');
    totalCell.textContent = String(total);
    totalCell.classList.toggle('error', !sumOk);
    const status = this.querySelector('.weight-status');
    status.textContent = t(sumOk ? 'rubric.sum_ok' : 'rubric.sum_bad', { total, required: check.weights_required });
    status.classList.toggle('error', !sumOk);
    status.classList.toggle('ok', sumOk);
    const words = (p) => (lang() === 'en' ? p.message_en : p.message_id);
    // The sum has its own line above; the list says everything else.
    const problems = check.problems.filter((p) => p.code !== 'weights_total');
    const list = this.querySelector('.rubric-problems');
    list.innerHTML = String(html`${problems.map((p) => html`<li data-code="${p.code}">${words(p)}</li>`)}`);
    this.querySelector('[data-action="rubric-save"]').disabled = check.problems.length > 0;
  }

  wireRubricEditor() {
    const draft = this.rubricDraft;
    const name = this.querySelector('.rubric-name');
    name.addEventListener('input', () => { draft.name = name.value; this.showRubricStatus(); });
    this.querySelectorAll('.rubric-editor tbody [data-k]').forEach((input) => input.addEventListener('input', () => {
      const c = draft.criteria[Number(input.closest('tr').dataset.i)];
      const k = input.dataset.k;
      c[k] = input.value;
      this.showRubricStatus();
    }));
    this.querySelectorAll('.rubric-editor [data-lk]').forEach((input) => input.addEventListener('input', () => {
      const c = draft.criteria[Number(input.closest('tr').dataset.i)];
      c.levels[Number(input.closest('.level-row').dataset.j)][input.dataset.lk] = input.value;
      this.showRubricStatus();
    }));
    this.querySelectorAll('[data-add-level]').forEach((b) => b.addEventListener('click', () => {
      const c = draft.criteria[Number(b.closest('tr').dataset.i)];
      const last = c.levels[c.levels.length - 1];
      const from = last && /^\s*\d+\s*$/.test(last.max) ? String(Number(last.max) + 1) : c.scale_min;
      c.levels.push({ min: from, max: c.scale_max, label_id: '', label_en: '' });
      this.paint();
    }));
    this.querySelectorAll('[data-remove-level]').forEach((b) => b.addEventListener('click', () => {
      const c = draft.criteria[Number(b.closest('tr').dataset.i)];
      c.levels.splice(Number(b.dataset.removeLevel), 1);
      this.paint();
    }));
    this.querySelectorAll('[data-remove-criterion]').forEach((b) => b.addEventListener('click', () => {
      draft.criteria.splice(Number(b.dataset.removeCriterion), 1);
      this.paint();
    }));
    this.querySelector('[data-action="add-criterion"]').addEventListener('click', () => {
      draft.criteria.push({ id: NIL, code: '', label_id: '', label_en: '', guidance: '', weight: '0', scale_min: '0', scale_max: '100', levels: [] });
      this.paint();
      const codes = this.querySelectorAll('.rubric-editor input.code');
      codes[codes.length - 1].focus();
    });
    this.querySelector('[data-action="rubric-cancel"]').addEventListener('click', () => { this.rubricDraft = null; this.paint(); });
    this.querySelector('[data-action="rubric-save"]').addEventListener('click', () => this.saveRubric());
    this.showRubricStatus();
  }

  async saveRubric() {
    const draft = this.rubricDraft;
    try {
      const rubric = await api.setRubric(draft.name, draft.criteria);
      this.rubricDraft = null;
      this.say(t('rubric.saved', { version: rubric.version }));
      await this.refresh();
    } catch (err) {
      draft.error = err && err.code === 'rubric_locked' ? t('rubric.refused') : errorText(err);
      this.paint();
    }
  }
}

export function registerPanelRubric() {
  addCatalogue(strings);
  customElements.define('panelis-panel-rubric', PanelRubric);
}
