// The Musyawarah screen: the panel deliberates on the ranking. It shows the backend's
// decision view (agreed order, ties, near-ties, departures, outcomes, seats, apportionment,
// clusters, quorum, problems) and sends the panel's actions: order a tie group or any order
// with a reason, clear an order, define outcomes, propose and apply a fill by score order,
// give or take an outcome; and puts the projector in deliberation mode. Every rule is the
// backend's: a refusal is shown by its code (refusal.js).
import { html } from '../../lib/html.js';
import { useStyles } from '../../lib/styles.js';
import { Screen } from '../../lib/screen.js';
import { addCatalogue, t } from '../../i18n/index.js';
import * as api from '../../api.js';
import strings from './strings.js';
import { refusalView } from './refusal.js';
import {
  apportionmentPart, clustersCard, problemsCard, quorumCard, rankingTable, seatsCard,
} from './parts.js';

const SCOPES = ['overall', 'cluster', 'proportional'];

// The projector's mode is the secretariat's setting for this run of the app: kept here so
// the screen shows it again when the user comes back.
const projectorMode = { deliberation: false, showPanelists: false };

class FormProblem extends Error {}

function parseEntries(text) {
  return text.split(/[\s,;]+/).filter(Boolean).map((token) => {
    if (!/^\d+$/.test(token)) throw new FormProblem(t('dlb.bad_entries', { token }));
    return Number(token);
  });
}

// Exact tie groups as the backend marks them: rows with `tied`, by their shared rank, in
// the agreed order.
function tieGroups(rows) {
  const groups = new Map();
  for (const r of rows) {
    if (!r.tied || r.rank === null) continue;
    if (!groups.has(r.rank)) groups.set(r.rank, []);
    groups.get(r.rank).push(r);
  }
  return [...groups.entries()].map(([rank, members]) => ({
    rank, score: members[0].score, members, open: members.some((m) => m.tie_open),
  }));
}

class DeliberationScreen extends Screen {
  constructor() {
    super();
    this.nearTie = null; // hundredths of a point: the core's default until the user sets one
    this.tieDrafts = new Map(); // rank -> entry numbers in the order being arranged
    this.outcomesDraft = null; // [{ name, seats, scope }] while edited
    this.proposal = null;
    this.message = '';
    this.actionError = null;
    this.giving = null; // the entry number of the outcome dialog
    this.departDraft = { entries: '', reason: '' }; // kept while an order is refused
  }

  connectedCallback() {
    super.connectedCallback();
    this.stopBallots = api.listen('ballots-changed', () => {
      if (!this.querySelector('dialog[open]')) this.refresh();
    });
    this.stopProjector = api.listen('projector-state', (open) => {
      if (this.data) { this.data.projector = { open: Boolean(open) }; this.paint(); }
    });
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopBallots.then((stop) => stop());
    this.stopProjector.then((stop) => stop());
  }

  async load() {
    const [view, projector, mode] = await Promise.all([
      api.decisionView(this.nearTie),
      api.projectorStatus().catch(() => ({ open: false })),
      api.projectorMode(),
    ]);
    this.nearTie = view.near_tie_hundredths;
    // The app holds the projector's mode: the switches show what it is set to.
    Object.assign(projectorMode, { deliberation: mode.deliberation, showPanelists: mode.show_panelists });
    return { view, projector };
  }

  draftOrder(group) {
    const draft = this.tieDrafts.get(group.rank);
    const now = group.members.map((m) => m.no);
    // A draft that no longer names the same entries (the ranking changed) is dropped.
    if (draft && draft.length === now.length && now.every((no) => draft.includes(no))) return draft;
    return now;
  }

  outcomes(view) { return this.outcomesDraft || view.outcomes.map(({ name, seats, scope }) => ({ name, seats, scope })); }

  view({ view, projector }) {
    const groups = tieGroups(view.rows);
    const open = groups.filter((g) => g.open).length;
    return html`
      <div class="screen-head">
        <h1 class="screen-title">${t('dlb.title')}</h1>
        <span class="chip ${open ? 'warn' : 'ok'}" data-testid="dlb-ties-status">${open ? t('dlb.status_ties', { n: open }) : t('dlb.status_no_ties')}</span>
        <span class="chip ${view.problems.length ? 'bad' : 'ok'}">${view.problems.length ? t('dlb.status_problems', { n: view.problems.length }) : t('dlb.status_no_problems')}</span>
        <span class="chip ${view.quorum.missing.length ? 'warn' : 'ok'}">${t('dlb.status_quorum', { counted: view.quorum.counted, expected: view.quorum.expected })}</span>
        ${view.finalized.length ? html`<span class="chip final">${t('dlb.status_final', { n: view.finalized.length })}</span>` : ''}
        <span class="spacer"></span>
        <button class="btn" data-action="refresh">${t('dlb.refresh')}</button>
      </div>
      <p class="muted small lead">${t('dlb.lead')}</p>
      ${this.message ? html`<p class="dlb-message" role="status" data-testid="dlb-message">${this.message}</p>` : ''}
      ${this.actionError ? refusalView(this.actionError, 'dlb-error') : ''}
      <div class="dlb-layout">
        <div class="dlb-main">
          ${this.tiesCard(groups)}
          ${this.proposal ? this.proposalCard(this.proposal) : ''}
          ${view.apportionments.length ? html`<section class="card" data-testid="apportionments"><h2>${t('dlb.apportion_title')}</h2>${apportionmentPart(view.apportionments)}</section>` : ''}
          <section class="card ranking-card">
            <div class="card-head"><h2>${t('dlb.ranking')}</h2><span class="spacer"></span>
              <label class="inline small">${t('dlb.near_tie')}
                <input type="number" class="near-tie" min="0" max="100" step="0.01" value="${(this.nearTie / 100).toFixed(2)}" data-testid="near-tie"> ${t('dlb.points')}</label></div>
            ${rankingTable(view, view.near_tie)}
          </section>
        </div>
        <aside class="dlb-side">
          ${this.projectorCard(projector)}
          ${this.outcomesCard(view)}
          ${seatsCard(view)}
          ${problemsCard(view)}
          ${quorumCard(view)}
          ${clustersCard(view)}
        </aside>
      </div>
      ${this.giveDialog(view)}`;
  }

  projectorCard(projector) {
    return html`
      <section class="card projector-card" data-testid="dlb-projector">
        <h2>${t('dlb.projector')}</h2>
        <label class="check"><input type="checkbox" data-projector="deliberation" data-testid="projector-deliberation" ${projectorMode.deliberation ? 'checked' : ''}> ${t('dlb.projector_on')}</label>
        <label class="check"><input type="checkbox" data-projector="panelists" data-testid="projector-panelists" ${projectorMode.showPanelists ? 'checked' : ''}> ${t('dlb.projector_panelists')}</label>
        <p class="muted small">${t('dlb.projector_hint')}</p>
        <p class="small">${projectorMode.deliberation ? t('dlb.projector_is_on') : t('dlb.projector_is_off')}</p>
        <button class="btn small" data-action="projector" data-testid="dlb-projector-open" aria-pressed="${projector.open ? 'true' : 'false'}">
          ${projector.open ? t('dlb.projector_close') : t('dlb.projector_open')}</button>
      </section>`;
  }

  tiesCard(groups) {
    return html`
      <section class="card ties-card" data-testid="ties">
        <h2>${t('dlb.ties')}</h2>
        ${groups.length ? html`<p class="muted small">${t('dlb.ties_lead')}</p>
          <div class="tie-groups">${groups.map((g) => this.tieGroup(g))}</div>`
    : html`<p class="empty small">${t('dlb.ties_none')}</p>`}
        <details class="depart" ${this.departOpen ? 'open' : ''}>
          <summary>${t('dlb.depart')}</summary>
          <p class="muted small">${t('dlb.depart_lead')}</p>
          <div class="depart-form">
            <label>${t('dlb.depart_entries')}<input name="depart-entries" placeholder="${t('dlb.depart_entries_hint')}" data-testid="depart-entries" value="${this.departDraft.entries}"></label>
            <label class="grow">${t('dlb.depart_reason')}<input name="depart-reason" data-testid="depart-reason" value="${this.departDraft.reason}"></label>
            <button class="btn" data-action="depart" data-testid="depart-set">${t('dlb.order_set')}</button>
          </div>
        </details>
      </section>`;
  }

  tieGroup(g) {
    const order = this.draftOrder(g);
    const byNo = new Map(g.members.map((m) => [m.no, m]));
    return html`
      <div class="tie-group ${g.open ? 'open' : 'closed'}" data-testid="tie-group-${g.rank}">
        <div class="tie-head"><strong>${t('dlb.tie_group', { rank: g.rank, score: g.score })}</strong>
          <span class="mark ${g.open ? 'tie-open' : 'tie-closed'}">${g.open ? t('dlb.tie_open') : t('dlb.tie_closed')}</span></div>
        <ol class="tie-order">${order.map((no, i) => html`
          <li data-testid="tie-${g.rank}-item"><span class="tie-no">No ${no}</span> <span class="tie-title">${byNo.get(no).title}</span>
            <span class="spacer"></span>
            <button class="btn small icon" data-move="up" data-rank="${g.rank}" data-no="${no}" data-testid="tie-up-${no}" aria-label="${t('dlb.up', { no })}" ${i === 0 ? 'disabled' : ''}>↑</button>
            <button class="btn small icon" data-move="down" data-rank="${g.rank}" data-no="${no}" data-testid="tie-down-${no}" aria-label="${t('dlb.down', { no })}" ${i === order.length - 1 ? 'disabled' : ''}>↓</button></li>`)}</ol>
        <div class="tie-actions">
          <input name="tie-reason-${g.rank}" placeholder="${t('dlb.reason_optional')}" aria-label="${t('dlb.reason_optional')}" data-testid="tie-reason-${g.rank}"
            value="${g.members[0].order_reason || ''}">
          <button class="btn primary small" data-order-tie="${g.rank}" data-testid="tie-set-${g.rank}">${t('dlb.order_set')}</button>
          ${g.open ? '' : html`<button class="btn small" data-clear-tie="${g.rank}">${t('dlb.order_clear')}</button>`}
        </div>
      </div>`;
  }

  outcomesCard(view) {
    const outcomes = this.outcomes(view);
    return html`
      <section class="card outcomes-card" data-testid="outcomes">
        <h2>${t('dlb.outcomes')}</h2>
        <p class="muted small">${t('dlb.outcomes_lead')}</p>
        ${outcomes.length ? html`<ol class="outcome-editor">${outcomes.map((o, i) => html`<li data-outcome="${i}">
            <input name="name" value="${o.name}" data-testid="outcome-name-${i}" aria-label="${t('dlb.outcome_name')}" placeholder="${t('dlb.outcome_name')}">
            <div class="outcome-row">
              <label class="inline small">${t('dlb.outcome_seats')} <input name="seats" type="number" min="1" value="${o.seats}" data-testid="outcome-seats-${i}"></label>
              <select name="scope" data-testid="outcome-scope-${i}" aria-label="${t('dlb.outcome_scope')}">${SCOPES.map((s) => html`<option value="${s}" ${s === o.scope ? 'selected' : ''}>${t(`dlb.scope.${s}`)}</option>`)}</select>
              <button class="btn small" data-remove-outcome="${i}" aria-label="${t('dlb.outcome_remove', { name: o.name })}" title="${t('dlb.outcome_remove', { name: o.name })}">✕</button>
            </div></li>`)}</ol>` : html`<p class="empty small">${t('dlb.outcomes_none')}</p>`}
        ${this.outcomesDraft ? html`<p class="small warn-text">${t('dlb.outcomes_unsaved')}</p>` : ''}
        <div class="outcome-actions">
          <button class="btn small" data-action="add-outcome" data-testid="outcome-add">${t('dlb.outcome_add')}</button>
          <button class="btn small ${this.outcomesDraft ? 'primary' : ''}" data-action="save-outcomes" data-testid="outcomes-save" ${this.outcomesDraft ? '' : 'disabled'}>${t('dlb.outcomes_save')}</button>
        </div>
        <button class="btn propose" data-action="propose" data-testid="propose" ${view.outcomes.length ? '' : 'disabled'}>${t('dlb.propose')}</button>
      </section>`;
  }

  proposalCard(p) {
    return html`
      <section class="card proposal-card" data-testid="proposal">
        <div class="card-head"><h2>${t('dlb.proposal')}</h2><span class="spacer"></span>
          <button class="btn small" data-action="close-proposal">${t('dlb.close')}</button></div>
        <p class="muted small">${t('dlb.proposal_lead')}</p>
        ${p.changes.length ? html`<table class="grid compact" data-testid="proposal-changes">
          <thead><tr><th class="num">${t('dlb.no')}</th><th>${t('dlb.entry')}</th><th>${t('dlb.cluster')}</th>
            <th>${t('dlb.proposal_from')}</th><th>${t('dlb.proposal_to')}</th></tr></thead>
          <tbody>${p.changes.map((c) => html`<tr><td class="num">${c.no}</td><td>${c.title}</td><td class="small">${c.cluster || t('dlb.no_cluster')}</td>
            <td>${c.from ?? t('dlb.none')}</td><td><strong>${c.to ?? t('dlb.none')}</strong></td></tr>`)}</tbody></table>`
    : html`<p class="small">${t('dlb.proposal_none')}</p>`}
        ${apportionmentPart(p.apportionments)}
        <div class="outcome-actions"><span class="spacer"></span>
          <button class="btn primary" data-action="apply" data-testid="apply-proposal" ${p.changes.length ? '' : 'disabled'}>${t('dlb.apply')}</button></div>
      </section>`;
  }

  giveDialog(view) {
    const row = this.giving === null ? null : view.rows.find((r) => r.no === this.giving);
    return html`
      <dialog class="give-dialog" data-testid="give-dialog">
        ${row ? html`<form method="dialog" class="form">
          <h2>${t('dlb.give_title', { no: row.no })}</h2>
          <p class="small">${row.title}<br><span class="muted">${row.agency}</span></p>
          <label>${t('dlb.give_outcome')}<select name="outcome" data-testid="give-outcome">
            <option value="">${t('dlb.give_none')}</option>
            ${view.outcomes.map((o) => html`<option value="${o.name}" ${o.name === row.outcome ? 'selected' : ''}>${o.name}</option>`)}</select></label>
          <label>${t('dlb.give_reason')}<textarea name="reason" rows="3" data-testid="give-reason">${row.outcome_reason || ''}</textarea></label>
          <div class="form-error"></div>
          <div class="actions"><button value="cancel" formnovalidate>${t('dlb.cancel')}</button>
            <button value="ok" class="primary" data-testid="give-confirm">${t('dlb.give_go')}</button></div>
        </form>` : ''}
      </dialog>`;
  }

  // Reads the outcome editor's fields into the draft (so a repaint keeps what was typed).
  readOutcomes() {
    const rows = [...this.querySelectorAll('.outcome-editor [data-outcome]')];
    return rows.map((tr) => ({
      name: tr.querySelector('[name=name]').value,
      seats: Number(tr.querySelector('[name=seats]').value) || 0,
      scope: tr.querySelector('[name=scope]').value,
    }));
  }

  setProjector(next) {
    Object.assign(projectorMode, next);
    return this.act(
      () => api.setProjectorMode(projectorMode.deliberation, projectorMode.showPanelists, this.nearTie),
      projectorMode.deliberation ? t('dlb.projector_is_on') : t('dlb.projector_is_off'),
    );
  }

  afterPaint() {
    const on = (selector, fn, event = 'click') => this.querySelectorAll(selector).forEach((el) => el.addEventListener(event, () => fn(el)));
    const { view } = this.data;
    const groups = new Map(tieGroups(view.rows).map((g) => [g.rank, g]));
    on('[data-action=refresh]', () => this.refresh());
    on('[data-move]', (b) => {
      const g = groups.get(Number(b.dataset.rank));
      const order = [...this.draftOrder(g)];
      const i = order.indexOf(Number(b.dataset.no));
      const j = b.dataset.move === 'up' ? i - 1 : i + 1;
      if (j < 0 || j >= order.length) return;
      [order[i], order[j]] = [order[j], order[i]];
      this.tieDrafts.set(g.rank, order);
      this.paint();
    });
    on('[data-order-tie]', (b) => {
      const g = groups.get(Number(b.dataset.orderTie));
      const entries = this.draftOrder(g);
      const reason = this.querySelector(`[name="tie-reason-${g.rank}"]`).value;
      this.act(() => api.decide({ kind: 'order', entries, reason }), t('dlb.order_done', { entries: entries.join(', ') }))
        .then(() => this.tieDrafts.delete(g.rank));
    });
    on('[data-clear-tie]', (b) => {
      const g = groups.get(Number(b.dataset.clearTie));
      const no = g.members[0].no;
      this.act(() => api.decide({ kind: 'clear_order', entry: no }), t('dlb.order_cleared', { no }));
    });
    on('[data-release]', (b) => {
      const no = Number(b.dataset.release);
      this.act(() => api.decide({ kind: 'clear_order', entry: no }), t('dlb.order_cleared', { no }));
    });
    on('[data-action=depart]', () => {
      this.departOpen = true;
      const reason = this.querySelector('[name=depart-reason]').value;
      const text = this.querySelector('[name=depart-entries]').value;
      this.departDraft = { entries: text, reason };
      this.act(async () => {
        const done = await api.decide({ kind: 'order', entries: parseEntries(text), reason });
        this.departDraft = { entries: '', reason: '' };
        return done;
      }, () => t('dlb.order_done', { entries: parseEntries(text).join(', ') }));
    });
    // Outcomes editor: typing only marks the draft (no repaint, so a click on Save that
    // ends the typing is not lost).
    const markDraft = () => {
      this.outcomesDraft = this.readOutcomes();
      const save = this.querySelector('[data-action=save-outcomes]');
      save.disabled = false;
      save.classList.add('primary');
    };
    on('.outcome-editor input', markDraft, 'input');
    on('.outcome-editor select', markDraft, 'change');
    on('[data-action=add-outcome]', () => {
      this.outcomesDraft = [...(this.outcomesDraft ? this.readOutcomes() : this.outcomes(view)), { name: '', seats: 1, scope: 'overall' }];
      this.paint();
      const names = this.querySelectorAll('.outcome-editor [name=name]');
      if (names.length) names[names.length - 1].focus();
    });
    on('[data-remove-outcome]', (b) => {
      const outcomes = this.outcomesDraft ? this.readOutcomes() : this.outcomes(view);
      outcomes.splice(Number(b.dataset.removeOutcome), 1);
      this.outcomesDraft = outcomes;
      this.paint();
    });
    on('[data-action=save-outcomes]', () => {
      const outcomes = this.readOutcomes();
      this.act(async () => {
        const saved = await api.setOutcomes(outcomes);
        this.outcomesDraft = null;
        this.proposal = null;
        return saved;
      }, (saved) => t('dlb.outcomes_saved', { n: saved.map((o) => o.name).join(', ') }));
    });
    on('[data-action=propose]', async () => {
      try {
        this.proposal = await api.proposeOutcomes();
        this.actionError = null;
      } catch (err) {
        this.actionError = err;
      }
      this.message = '';
      this.paint();
      const card = this.querySelector('.proposal-card');
      if (card) card.scrollIntoView({ block: 'nearest' });
    });
    on('[data-action=close-proposal]', () => { this.proposal = null; this.paint(); });
    on('[data-action=apply]', () => this.act(async () => {
      const done = await api.applyProposal();
      this.proposal = null;
      return done;
    }, t('dlb.applied')));
    // Ranking
    const near = this.querySelector('.near-tie');
    if (near) {
      near.addEventListener('change', () => {
        const hundredths = Math.round(Number(near.value) * 100);
        if (Number.isFinite(hundredths) && hundredths >= 0 && hundredths <= 10000) {
          this.nearTie = hundredths;
          if (projectorMode.deliberation) this.setProjector({});
          else this.refresh();
        } else {
          near.value = (this.nearTie / 100).toFixed(2);
        }
      });
    }
    on('[data-give]', (b) => {
      this.giving = Number(b.dataset.give);
      this.paint();
      this.querySelector('.give-dialog').showModal();
    });
    const dialog = this.querySelector('.give-dialog');
    const form = dialog && dialog.querySelector('form');
    if (form) {
      form.addEventListener('submit', async (ev) => {
        if (!ev.submitter || ev.submitter.value !== 'ok') { this.giving = null; return; }
        ev.preventDefault();
        const f = new FormData(form);
        const no = this.giving;
        const outcome = f.get('outcome') || null;
        try {
          await api.decide({ kind: 'outcome', entry: no, outcome, reason: f.get('reason') || '' });
          dialog.close();
          this.giving = null;
          this.message = outcome ? t('dlb.given', { no, outcome }) : t('dlb.taken', { no });
          this.actionError = null;
          await this.refresh();
        } catch (err) {
          form.querySelector('.form-error').innerHTML = String(refusalView(err, 'give-error'));
        }
      });
    }
    // Projector
    on('[data-projector=deliberation]', (box) => this.setProjector({ deliberation: box.checked }), 'change');
    on('[data-projector=panelists]', (box) => this.setProjector({ showPanelists: box.checked }), 'change');
    on('[data-action=projector]', () => this.act(async () => {
      this.data.projector = this.data.projector.open ? await api.closeProjector() : await api.openProjector(null);
      return null;
    }, ''));
  }
}

export function registerDeliberation() {
  addCatalogue(strings);
  useStyles(new URL('./deliberation.css', import.meta.url));
  useStyles(new URL('./refusal.css', import.meta.url));
  customElements.define('panelis-deliberation', DeliberationScreen);
}
