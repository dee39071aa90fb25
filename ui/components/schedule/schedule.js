// The Jadwal screen: rooms and their days, generating the schedule, the phase plans (the
// competition's and a slot's own), reordering by drag and drop or Alt+↑/↓, swapping two
// slots, no-shows to the end of the day, planned vs actual and running-late times, the
// .xlsx export, and removing a room (the core says what that takes away, or why not).
import { html } from '../../lib/html.js';
import { useStyles } from '../../lib/styles.js';
import { Screen } from '../../lib/screen.js';
import { addCatalogue, errorText, lang, t } from '../../i18n/index.js';
import * as api from '../../api.js';
import strings from './strings.js';
import { dayLabel, dayOverflow, delay, duration, hm, localHm, parseDuration, phaseName, ranSpan, toTime } from './format.js';
import { timeOnDay } from '../../lib/when.js';

const ROOM_KEY = 'panelis.schedule.room';
// Projected times move with the clock; refresh while the screen is open and idle.
const REFRESH_MS = 60_000;

// A problem found in a form before anything is sent, worded for the user.
class FormProblem extends Error {}

const problemText = (err) => (err instanceof FormProblem ? err.message : errorText(err));

// A phase code for a new phase, from its name, unique within the plan.
function phaseCode(label, taken) {
  const base = label.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'fase';
  let code = base;
  for (let i = 2; taken.has(code); i += 1) code = `${base}_${i}`;
  taken.add(code);
  return code;
}

// When a waiting slot is now expected: the time, with the day when that is not its
// planned day (a day that ran out, or a schedule from another date).
function projectedAt(r) { return timeOnDay(r.projected_start_local, r.date); }

class ScheduleScreen extends Screen {
  constructor() {
    super();
    this.roomId = sessionStorage.getItem(ROOM_KEY);
    this.selected = null; // slot whose details and actions are open
    this.swapFrom = null; // slot waiting for the one to swap with
    this.message = '';
    this.actionError = null;
    this.focusSlot = null;
    this.dragging = null;
  }

  connectedCallback() {
    super.connectedCallback();
    this.ticker = setInterval(() => {
      if (!this.querySelector('dialog[open]') && !this.dragging) this.reload();
    }, REFRESH_MS);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.ticker);
  }

  async load() {
    const [view, entries] = await Promise.all([api.scheduleView(), api.listEntries()]);
    return { view, entries };
  }

  // Reloads and repaints, keeping the keyboard on the slot it was on.
  async reload() {
    const active = document.activeElement;
    const row = active && active.closest ? active.closest('tr.slot-row') : null;
    if (row && this.contains(row) && !this.focusSlot) this.focusSlot = row.dataset.slot;
    await this.refresh();
  }

  room() {
    const rooms = this.data.view.rooms;
    return rooms.find((r) => r.room.id === this.roomId) || rooms[0] || null;
  }

  rowById(id) {
    for (const rs of this.data.view.rooms) {
      const row = rs.slots.find((s) => s.slot_id === id);
      if (row) return row;
    }
    return null;
  }

  view({ view }) {
    const rs = this.room();
    return html`
      <div class="screen-head sched-head">
        <h1 class="screen-title">${t('sched.title')}</h1>
        <span class="spacer"></span>
        <button class="btn" data-action="refresh">${t('sched.refresh')}</button>
        ${rs ? html`<button class="btn" data-action="export-xlsx" data-testid="export-xlsx">${t('sched.export_xlsx')}</button>
        <button class="btn" data-action="export-pdf" data-testid="export-pdf">${t('sched.export_pdf')}</button>
        <button class="btn primary" data-action="generate">${t('sched.generate')}</button>` : ''}
      </div>
      ${this.actionError ? html`<p class="error" role="alert" data-testid="sched-error">${errorText(this.actionError)}</p>` : ''}
      <p class="sched-message" role="status" data-testid="sched-message">${this.message}</p>
      ${this.roomBar(view, rs)}
      ${rs ? this.roomBody(view, rs) : html`<p class="empty">${t('sched.no_rooms')}</p>`}
      <dialog class="sched-dialog gen-dialog"></dialog>
      <dialog class="sched-dialog days-dialog"></dialog>
      <dialog class="sched-dialog plan-dialog"></dialog>
      <dialog class="sched-dialog remove-room-dialog" data-testid="remove-room-dialog"></dialog>`;
  }

  roomBar(view, current) {
    return html`<div class="room-bar">
      <div class="room-tabs" role="tablist" aria-label="${t('sched.rooms')}">
        ${view.rooms.map((r) => html`<button role="tab" class="room-tab" data-room="${r.room.id}"
          aria-selected="${current && r.room.id === current.room.id ? 'true' : 'false'}">${r.room.name}
          <span class="muted">(${r.slots.length})</span></button>`)}
      </div>
      <form class="add-room">
        <input name="room" placeholder="${t('sched.room_name')}" aria-label="${t('sched.room_name')}" required>
        <button class="btn">${t('sched.add_room')}</button>
      </form>
    </div>`;
  }

  roomBody(view, rs) {
    const plan = view.default_plan;
    const d = rs.day_plan;
    const slotSeconds = plan.phases.reduce((sum, p) => sum + p.seconds, 0);
    const pauses = d.pauses.length
      ? d.pauses.map((p) => `${p.label} ${p.start.slice(0, 5)}–${p.end.slice(0, 5)}`).join(', ')
      : t('sched.no_pauses');
    const swapping = this.swapFrom && this.rowById(this.swapFrom);
    return html`
      <div class="sched-cards">
        <section class="card sched-card">
          <h2>${t('sched.plan')}</h2>
          <p class="phase-chips" data-testid="plan-summary">${plan.phases.map((p) => html`<span class="chip">${phaseName(p)} ${duration(p.seconds)}</span>`)}</p>
          <p class="muted small">${t('sched.plan_summary', { slot: duration(slotSeconds), changeover: duration(plan.changeover_seconds), warning: duration(plan.warning_seconds) })}</p>
          <button class="btn small" data-action="edit-plan">${t('sched.plan_edit')}</button>
        </section>
        <section class="card sched-card">
          <h2>${t('sched.day_plan')}</h2>
          <p data-testid="day-summary">${t('sched.day_summary', { date: dayLabel(d.first_day), start: d.day_start.slice(0, 5), end: d.day_end.slice(0, 5) })}${d.max_slots_per_day ? `, ${t('sched.per_day', { n: d.max_slots_per_day })}` : ''}</p>
          <p class="muted small">${t('sched.pauses')}: ${pauses}</p>
          <button class="btn small" data-action="edit-days">${t('sched.day_plan_edit')}</button>
          <button class="btn small danger" data-action="remove-room" data-testid="remove-room">${t('sched.remove_room', { room: rs.room.name })}</button>
        </section>
      </div>
      ${swapping ? html`<p class="swap-banner" role="status" data-testid="swap-banner">${t('sched.swap_banner', { no: swapping.entry_no })}
        <button class="btn small" data-action="cancel-swap">${t('sched.cancel')}</button></p>` : ''}
      ${rs.slots.length ? this.table(view, rs) : html`<p class="empty">${t('sched.no_slots')}</p>`}
      <p class="muted small">${t('sched.keys_hint')}</p>`;
  }

  table(view, rs) {
    const lags = new Map(rs.days.map((d) => [d.date, d]));
    const days = [];
    for (const row of rs.slots) {
      const last = days[days.length - 1];
      if (last && last[0] === row.date) last[1].push(row);
      else days.push([row.date, [row]]);
    }
    return html`<div class="table-wrap sched-wrap">
      <table class="grid sched-table" data-testid="schedule-table">
        <thead><tr><th aria-hidden="true"></th><th class="num">${t('sched.col_pos')}</th><th class="num">${t('sched.col_no')}</th>
          <th>${t('sched.col_entry')}</th><th>${t('sched.col_planned')}</th><th>${t('sched.col_actual')}</th>
          <th>${t('sched.col_delay')}</th><th>${t('sched.col_status')}</th></tr></thead>
        ${days.map(([date, rows]) => {
    const lag = lags.get(date);
    const words = delay(lag ? lag.delay_seconds : 0, true, lag);
    const over = lag ? dayOverflow(lag) : '';
    return html`<tbody data-day="${date}">
          <tr class="day-row"><th colspan="8">${dayLabel(date)}
            <span class="day-facts">· ${t('sched.day_count', { done: lag ? lag.finished : 0, total: rows.length })} ·
            <span class="delay ${words.tone}" data-testid="day-lag">${words.text}</span></span>
            ${over ? html`<div class="day-overflow" role="alert" data-testid="day-overflow">${over}</div>` : ''}</th></tr>
          ${rows.map((r) => this.row(view, r))}
        </tbody>`;
  })}
      </table></div>`;
  }

  row(view, r) {
    const selected = r.slot_id === this.selected;
    const when = r.actual_start
      ? html`<strong data-testid="slot-ran">${ranSpan(r)}</strong>`
      : html`<span class="projected">${t('sched.projected', { time: projectedAt(r) })}</span>`;
    const d = delay(r.delay_seconds, false, r);
    // The absent state is the badge itself; a slot running or done says the check-in beside.
    const attendance = r.present === false && r.status !== 'absent'
      ? html`<div class="sub absent">${t('sched.absent')}</div>`
      : (r.present === true ? html`<div class="sub">${t('sched.present')}</div>` : '');
    return html`<tr class="slot-row st-${r.status} ${selected ? 'selected' : ''} ${this.swapFrom === r.slot_id ? 'swap-from' : ''}"
        tabindex="0" draggable="true" data-slot="${r.slot_id}" data-position="${r.position}" data-no="${r.entry_no}"
        aria-selected="${selected ? 'true' : 'false'}" data-testid="slot-row">
      <td class="grip" aria-hidden="true">⠿</td>
      <td class="num" data-testid="slot-position">${r.position}</td>
      <td class="num" data-testid="slot-no">${r.entry_no}</td>
      <td class="title-cell">${r.title}<div class="sub">${r.agency}${r.plan_overridden ? html` · <span class="own-plan">${t('sched.own_plan')}</span>` : ''}</div></td>
      <td class="time">${hm(r.planned_start_local)}–${hm(r.planned_end_local)}</td>
      <td class="time">${when}</td>
      <td><span class="delay ${d.tone}">${d.text}</span></td>
      <td><span class="status-badge st-${r.status}">${t(`sched.status.${r.status}`)}</span>${attendance}</td>
    </tr>
    ${selected ? this.detail(view, r) : ''}`;
  }

  detail(view, r) {
    const started = Boolean(r.actual_start);
    const at = (utc) => localHm(utc, view.utc_offset_minutes) || '—';
    return html`<tr class="slot-detail"><td></td><td colspan="7">
      <div class="detail-actions" role="group" aria-label="${t('sched.actions', { no: r.entry_no })}">
        <button class="btn small" data-act="up">${t('sched.move_up')}</button>
        <button class="btn small" data-act="down">${t('sched.move_down')}</button>
        <button class="btn small" data-act="swap">${t('sched.swap')}</button>
        <button class="btn small" data-act="end-of-day">${t('sched.end_of_day')}</button>
        <button class="btn small" data-act="no-show" ${started ? 'disabled' : ''}>${t('sched.no_show')}</button>
        <button class="btn small" data-act="slot-plan" ${started ? 'disabled' : ''}>${t('sched.slot_plan')}</button>
      </div>
      <table class="phases-table" aria-label="${t('sched.phases_of')}">
        <thead><tr><th>${t('sched.phase')}</th><th class="num">${t('sched.ph_planned')}</th><th class="num">${t('sched.ph_allowed')}</th>
          <th class="num">${t('sched.ph_actual')}</th><th class="num">${t('sched.ph_over')}</th><th class="num">${t('sched.ph_start')}</th><th class="num">${t('sched.ph_end')}</th></tr></thead>
        <tbody>${r.phases.map((p) => html`<tr class="${p.current && started ? 'current' : ''}">
          <td>${phaseName(p)}</td><td class="num">${duration(p.planned_seconds)}</td><td class="num">${duration(p.allowed_seconds)}</td>
          <td class="num">${p.started_at ? duration(p.elapsed_seconds) : '—'}</td>
          <td class="num">${p.overtime_seconds > 0 ? `+${duration(p.overtime_seconds)}` : '—'}</td>
          <td class="num">${at(p.started_at)}</td><td class="num">${at(p.ended_at)}</td></tr>`)}</tbody>
      </table>
    </td></tr>`;
  }

  afterPaint() {
    const on = (sel, ev, fn) => this.querySelectorAll(sel).forEach((el) => el.addEventListener(ev, fn));
    on('[data-action=refresh]', 'click', () => { this.message = ''; this.actionError = null; this.reload(); });
    on('[data-action=export-xlsx]', 'click', () => this.act(() => api.exportScheduleXlsx(lang()),
      (path) => (path ? t('sched.exported', { path }) : '')));
    // The signed PDF is one of the official documents, issued as Hasil & Dokumen issues them.
    on('[data-action=export-pdf]', 'click', () => this.act(() => api.exportDocument('schedule', lang()),
      (issued) => (issued ? t('sched.exported_pdf', { path: issued.document.file, version: issued.document.version }) : '')));
    on('[data-action=generate]', 'click', () => this.openGenerate());
    on('[data-action=edit-days]', 'click', () => this.openDays());
    on('[data-action=edit-plan]', 'click', () => this.openPlan(null));
    on('[data-action=remove-room]', 'click', () => this.openRemoveRoom());
    on('[data-action=cancel-swap]', 'click', () => { this.swapFrom = null; this.paint(); });
    on('.room-tab', 'click', (ev) => {
      this.roomId = ev.currentTarget.dataset.room;
      sessionStorage.setItem(ROOM_KEY, this.roomId);
      this.selected = null;
      this.paint();
    });
    on('form.add-room', 'submit', (ev) => {
      ev.preventDefault();
      const name = new FormData(ev.target).get('room');
      this.act(async () => {
        const room = await api.addRoom(name);
        this.roomId = room.id;
        sessionStorage.setItem(ROOM_KEY, room.id);
      }, '');
    });
    const table = this.querySelector('.sched-table');
    if (table) this.wireTable(table);
    on('.detail-actions button', 'click', (ev) => this.detailAction(ev.currentTarget.dataset.act));
    if (this.focusSlot) {
      const row = this.querySelector(`tr.slot-row[data-slot="${CSS.escape(this.focusSlot)}"]`);
      if (row) row.focus();
      this.focusSlot = null;
    }
  }

  wireTable(table) {
    table.addEventListener('keydown', (ev) => this.onKey(ev));
    table.querySelectorAll('tr.slot-row').forEach((row) => {
      row.addEventListener('click', () => this.choose(row));
      row.addEventListener('dragstart', (ev) => {
        this.dragging = row.dataset.slot;
        ev.dataTransfer.setData('text/plain', row.dataset.slot);
        ev.dataTransfer.effectAllowed = 'move';
        row.classList.add('dragging');
      });
      row.addEventListener('dragend', () => {
        this.dragging = null;
        table.querySelectorAll('.dragging, .drop-target').forEach((el) => el.classList.remove('dragging', 'drop-target'));
      });
      row.addEventListener('dragover', (ev) => {
        if (!this.dragging) return;
        ev.preventDefault();
        ev.dataTransfer.dropEffect = 'move';
        table.querySelectorAll('.drop-target').forEach((el) => el !== row && el.classList.remove('drop-target'));
        row.classList.add('drop-target');
      });
      row.addEventListener('drop', (ev) => {
        ev.preventDefault();
        const id = this.dragging || ev.dataTransfer.getData('text/plain');
        this.dragging = null;
        if (!id || id === row.dataset.slot) return;
        const dragged = this.rowById(id);
        const pos = Number(row.dataset.position);
        this.selected = id;
        this.focusSlot = id;
        this.act(() => api.moveSlot(id, pos), t('sched.moved', { no: dragged ? dragged.entry_no : '', pos }));
      });
    });
  }

  onKey(ev) {
    if (ev.key === 'Escape' && this.swapFrom) {
      this.swapFrom = null;
      this.paint();
      return;
    }
    const row = ev.target.closest ? ev.target.closest('tr.slot-row') : null;
    if (!row) return;
    const vertical = ev.key === 'ArrowUp' || ev.key === 'ArrowDown';
    if (vertical && ev.altKey) {
      ev.preventDefault();
      this.moveBy(row, ev.key === 'ArrowUp' ? -1 : 1);
    } else if (vertical) {
      ev.preventDefault();
      const rows = [...this.querySelectorAll('tr.slot-row')];
      const next = rows[rows.indexOf(row) + (ev.key === 'ArrowUp' ? -1 : 1)];
      if (next) next.focus();
    } else if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      this.choose(row);
    }
  }

  // A click or Enter on a row: completes a pending swap, else opens or closes its details.
  choose(row) {
    const id = row.dataset.slot;
    if (this.swapFrom && this.swapFrom !== id) {
      const from = this.rowById(this.swapFrom);
      const a = this.swapFrom;
      this.swapFrom = null;
      this.selected = id;
      this.focusSlot = id;
      this.act(() => api.swapSlots(a, id), t('sched.swapped', { a: from ? from.entry_no : '', b: row.dataset.no }));
      return;
    }
    this.selected = this.selected === id ? null : id;
    this.focusSlot = id;
    this.paint();
  }

  moveBy(row, delta) {
    const pos = Number(row.dataset.position) + delta;
    const rs = this.room();
    if (!rs || pos < 1 || pos > rs.slots.length) return;
    this.selected = row.dataset.slot;
    this.focusSlot = row.dataset.slot;
    this.act(() => api.moveSlot(row.dataset.slot, pos), t('sched.moved', { no: row.dataset.no, pos }));
  }

  detailAction(act) {
    const r = this.rowById(this.selected);
    if (!r) return;
    const row = this.querySelector(`tr.slot-row[data-slot="${CSS.escape(r.slot_id)}"]`);
    this.focusSlot = r.slot_id;
    switch (act) {
      case 'up': this.moveBy(row, -1); break;
      case 'down': this.moveBy(row, 1); break;
      case 'swap': this.swapFrom = r.slot_id; this.paint(); break;
      case 'end-of-day':
        this.act(() => api.moveSlotToEndOfDay(r.slot_id), t('sched.to_end', { no: r.entry_no }));
        break;
      case 'no-show':
        this.act(() => api.markNoShow(r.slot_id), t('sched.marked_no_show', { no: r.entry_no }));
        break;
      case 'slot-plan': this.openPlan(r); break;
      default: break;
    }
  }

  // --- the day plan fields, shared by "generate" and "edit days" ---

  dayFields(d) {
    return html`
      <div class="form-grid">
        <label>${t('sched.first_day')}<input type="date" name="first_day" value="${d.first_day}" required></label>
        <label>${t('sched.day_start')}<input type="time" name="day_start" value="${d.day_start.slice(0, 5)}" required></label>
        <label>${t('sched.day_end')}<input type="time" name="day_end" value="${d.day_end.slice(0, 5)}" required></label>
        <label>${t('sched.max_per_day')}<input type="number" name="max_per_day" min="1" max="200" value="${d.max_slots_per_day ?? ''}" placeholder="${t('sched.max_per_day_hint')}"></label>
      </div>
      <fieldset class="pauses"><legend>${t('sched.pauses')}</legend>
        <div class="pause-rows">${d.pauses.map((p) => this.pauseRow(p))}</div>
        <button type="button" class="btn small" data-add-pause>${t('sched.add_pause')}</button>
      </fieldset>`;
  }

  pauseRow(p) {
    return html`<div class="pause-row">
      <input name="pause_label" value="${p.label}" aria-label="${t('sched.pause_label')}" placeholder="${t('sched.pause_label')}">
      <input type="time" name="pause_start" value="${p.start.slice(0, 5)}" aria-label="${t('sched.day_start')}">
      <input type="time" name="pause_end" value="${p.end.slice(0, 5)}" aria-label="${t('sched.day_end')}">
      <button type="button" class="btn small" data-remove-pause>${t('sched.remove')}</button></div>`;
  }

  wireDayFields(dialog) {
    const rows = dialog.querySelector('.pause-rows');
    const wireRemove = (scope) => scope.querySelectorAll('[data-remove-pause]').forEach((b) => b.addEventListener('click', () => b.closest('.pause-row').remove()));
    wireRemove(dialog);
    dialog.querySelector('[data-add-pause]').addEventListener('click', () => {
      rows.insertAdjacentHTML('beforeend', String(this.pauseRow({ label: '', start: '12:00', end: '13:00' })));
      wireRemove(rows.lastElementChild);
    });
  }

  readDays(dialog, base) {
    const value = (name) => dialog.querySelector(`[name=${name}]`).value;
    const pauses = [...dialog.querySelectorAll('.pause-row')].map((row, i) => {
      const get = (name) => row.querySelector(`[name=${name}]`).value;
      if (!get('pause_start') || !get('pause_end')) {
        throw new FormProblem(`${t('sched.pauses')} ${i + 1}: ${t('sched.day_start')} / ${t('sched.day_end')}?`);
      }
      return { label: get('pause_label').trim() || `${i + 1}`, start: toTime(get('pause_start')), end: toTime(get('pause_end')) };
    });
    const max = value('max_per_day');
    return {
      first_day: value('first_day'),
      day_start: toTime(value('day_start')),
      day_end: toTime(value('day_end')),
      pauses,
      utc_offset_minutes: base.utc_offset_minutes,
      max_slots_per_day: max ? Number(max) : null,
    };
  }

  // Runs what a dialog's Save button asks; the dialog stays open with the reason on failure.
  wireDialogForm(dialog, run, message) {
    dialog.querySelector('form').addEventListener('submit', async (ev) => {
      if (!ev.submitter || ev.submitter.value === 'cancel') return;
      ev.preventDefault();
      const box = dialog.querySelector('.form-error');
      try {
        const result = await run(ev.submitter.value);
        dialog.close();
        this.message = typeof message === 'function' ? message(result) : message;
        this.actionError = null;
        await this.reload();
      } catch (err) {
        box.textContent = problemText(err);
      }
    });
  }

  openGenerate() {
    const { view, entries } = this.data;
    const current = this.room();
    const dialog = this.querySelector('.gen-dialog');
    dialog.innerHTML = String(html`<form method="dialog" class="form">
      <h2>${t('sched.generate_title')}</h2>
      <fieldset class="inline-choices"><legend>${t('sched.rooms')}</legend>
        ${view.rooms.map((r) => html`<label class="check"><input type="checkbox" name="room" value="${r.room.id}"
          ${!current || r.room.id === current.room.id ? 'checked' : ''}> ${r.room.name}</label>`)}
      </fieldset>
      <fieldset class="inline-choices"><legend>${t('sched.order')}</legend>
        <label class="check"><input type="radio" name="order" value="no" checked> ${t('sched.order_no')}</label>
        <label class="check"><input type="radio" name="order" value="category"> ${t('sched.order_category')}</label>
        <label class="check"><input type="radio" name="order" value="given"> ${t('sched.order_given')}</label>
      </fieldset>
      ${this.dayFields(current.day_plan)}
      <p class="notice small">${t('sched.generate_warning')}</p>
      <p class="error form-error" role="alert"></p>
      <div class="actions"><button value="cancel" formnovalidate>${t('sched.cancel')}</button>
        <button value="generate" class="primary">${t('sched.generate_go')}</button></div>
    </form>`);
    this.wireDayFields(dialog);
    this.wireDialogForm(dialog, () => {
      const rooms = [...dialog.querySelectorAll('[name=room]:checked')].map((i) => i.value);
      if (!rooms.length) throw new FormProblem(t('sched.rooms'));
      const by = dialog.querySelector('[name=order]:checked').value;
      let order = { by };
      if (by === 'given') {
        // The chosen rooms' running order as it stands, then the entries not scheduled yet.
        const chosen = view.rooms.filter((r) => rooms.includes(r.room.id)).flatMap((r) => r.slots.map((s) => s.entry_id));
        const scheduled = new Set(view.rooms.flatMap((r) => r.slots.map((s) => s.entry_id)));
        const rest = entries.filter((e) => !scheduled.has(e.id)).sort((a, b) => a.no - b.no).map((e) => e.id);
        order = { by, entries: [...chosen, ...rest] };
      }
      return api.generateSchedule(rooms, order, this.readDays(dialog, current.day_plan));
    }, (n) => t('sched.generated', { n }));
    dialog.showModal();
  }

  openDays() {
    const current = this.room();
    const dialog = this.querySelector('.days-dialog');
    dialog.innerHTML = String(html`<form method="dialog" class="form">
      <h2>${t('sched.day_plan_title', { room: current.room.name })}</h2>
      ${this.dayFields(current.day_plan)}
      <p class="error form-error" role="alert"></p>
      <div class="actions"><button value="cancel" formnovalidate>${t('sched.cancel')}</button>
        <button value="save" class="primary">${t('sched.save')}</button></div>
    </form>`);
    this.wireDayFields(dialog);
    this.wireDialogForm(dialog, () => api.setRoomDayPlan(current.room.id, this.readDays(dialog, current.day_plan)), '');
    dialog.showModal();
  }

  // Asks the core what removing the current room would take away; a refusal shows as any
  // other error, else the confirmation says it in the core's numbers.
  async openRemoveRoom() {
    const current = this.room();
    let preview;
    try {
      preview = await api.roomRemovalPreview(current.room.id);
    } catch (err) {
      this.actionError = err;
      this.message = '';
      await this.reload();
      return;
    }
    const room = preview.room.name;
    const n = preview.entries_unscheduled.length;
    const dialog = this.querySelector('.remove-room-dialog');
    dialog.innerHTML = String(html`<form method="dialog" class="form">
      <h2>${t('sched.remove_room_title', { room })}</h2>
      <p data-testid="remove-room-consequence">${preview.slots_removed
    ? t('sched.remove_room_slots', { room, slots: preview.slots_removed, n })
    : t('sched.remove_room_empty', { room })}</p>
      <p class="muted small">${t('sched.remove_room_audit')}</p>
      <p class="error form-error" role="alert"></p>
      <div class="actions"><button value="cancel" formnovalidate>${t('sched.cancel')}</button>
        <button value="remove" class="primary danger" data-testid="remove-room-go">${t('sched.remove_room_go')}</button></div>
    </form>`);
    this.wireDialogForm(dialog, () => api.removeRoom(current.room.id), (removed) => {
      this.roomId = null;
      sessionStorage.removeItem(ROOM_KEY);
      this.selected = null;
      this.swapFrom = null;
      const count = removed.entries_unscheduled.length;
      return count
        ? t('sched.room_removed', { room: removed.room.name, n: count })
        : t('sched.room_removed_empty', { room: removed.room.name });
    });
    dialog.showModal();
  }

  // --- the phase plan editor: the competition's plan, or one slot's own ---

  openPlan(row) {
    const base = row ? row.plan : this.data.view.default_plan;
    this.planDraft = {
      row,
      phases: base.phases.map((p) => ({ ...p, text: duration(p.seconds) })),
      changeover: duration(base.changeover_seconds),
      warning: duration(base.warning_seconds),
    };
    const dialog = this.querySelector('.plan-dialog');
    this.paintPlan(dialog);
    dialog.showModal();
  }

  // Keeps what was typed before the rows are redrawn.
  collectPlan(dialog) {
    const d = this.planDraft;
    dialog.querySelectorAll('tr[data-i]').forEach((tr) => {
      const p = d.phases[Number(tr.dataset.i)];
      p.label_id = tr.querySelector('[name=label_id]').value;
      p.label_en = tr.querySelector('[name=label_en]').value;
      p.text = tr.querySelector('[name=duration]').value;
    });
    d.changeover = dialog.querySelector('[name=changeover]').value;
    d.warning = dialog.querySelector('[name=warning]').value;
  }

  paintPlan(dialog) {
    const { row, phases, changeover, warning } = this.planDraft;
    dialog.innerHTML = String(html`<form method="dialog" class="form">
      <h2>${row ? t('sched.slot_plan_title', { no: row.entry_no, title: row.title }) : t('sched.plan_title')}</h2>
      <table class="grid plan-table">
        <thead><tr><th class="num">#</th><th>${t('sched.phase_id')}</th><th>${t('sched.phase_en')}</th><th>${t('sched.phase_duration')}</th><th></th></tr></thead>
        <tbody>${phases.map((p, i) => html`<tr data-i="${i}">
          <td class="num">${i + 1}</td>
          <td><input name="label_id" value="${p.label_id}" aria-label="${t('sched.phase')} ${i + 1} ${t('sched.phase_id')}"></td>
          <td><input name="label_en" value="${p.label_en}" aria-label="${t('sched.phase')} ${i + 1} ${t('sched.phase_en')}"></td>
          <td><input name="duration" class="dur" value="${p.text}" aria-label="${t('sched.phase')} ${i + 1} ${t('sched.phase_duration')}"></td>
          <td class="row-buttons">
            <button type="button" class="btn small" data-plan="up" title="${t('sched.up')}" ${i === 0 ? 'disabled' : ''}>↑</button>
            <button type="button" class="btn small" data-plan="down" title="${t('sched.down')}" ${i === phases.length - 1 ? 'disabled' : ''}>↓</button>
            <button type="button" class="btn small" data-plan="remove" title="${t('sched.remove')}" ${phases.length === 1 ? 'disabled' : ''}>×</button>
          </td></tr>`)}</tbody>
      </table>
      <button type="button" class="btn small" data-plan="add">+ ${t('sched.add_phase')}</button>
      <div class="form-grid two">
        <label>${t('sched.changeover')}<input name="changeover" value="${changeover}"></label>
        <label>${t('sched.warning')}<input name="warning" value="${warning}"></label>
      </div>
      <p class="error form-error" role="alert"></p>
      <div class="actions">
        ${row && row.plan_overridden ? html`<button value="reset" class="btn-left">${t('sched.plan_reset')}</button>` : ''}
        <button value="cancel" formnovalidate>${t('sched.cancel')}</button>
        <button value="save" class="primary">${t('sched.save')}</button></div>
    </form>`);
    dialog.querySelectorAll('[data-plan]').forEach((b) => b.addEventListener('click', () => {
      this.collectPlan(dialog);
      const list = this.planDraft.phases;
      const tr = b.closest('tr');
      const i = tr ? Number(tr.dataset.i) : -1;
      const swap = (x, y) => { [list[x], list[y]] = [list[y], list[x]]; };
      if (b.dataset.plan === 'add') list.push({ code: '', label_id: '', label_en: '', text: '5:00' });
      if (b.dataset.plan === 'remove') list.splice(i, 1);
      if (b.dataset.plan === 'up' && i > 0) swap(i, i - 1);
      if (b.dataset.plan === 'down' && i < list.length - 1) swap(i, i + 1);
      this.paintPlan(dialog);
    }));
    this.wireDialogForm(dialog, (action) => {
      if (action === 'reset') return api.setSlotPlan(row.slot_id, null);
      this.collectPlan(dialog);
      const plan = this.planFromDraft();
      return row ? api.setSlotPlan(row.slot_id, plan) : api.setPhasePlan(plan);
    }, '');
  }

  planFromDraft() {
    const d = this.planDraft;
    const taken = new Set(d.phases.map((p) => p.code).filter(Boolean));
    const phases = d.phases.map((p, i) => {
      const where = `${t('sched.phase')} ${i + 1}`;
      const seconds = parseDuration(p.text);
      if (!seconds) throw new FormProblem(t('sched.bad_duration', { where }));
      if (!p.label_id.trim() || !p.label_en.trim()) throw new FormProblem(t('sched.bad_name', { where }));
      return {
        code: p.code || phaseCode(p.label_id, taken),
        label_id: p.label_id.trim(),
        label_en: p.label_en.trim(),
        seconds,
      };
    });
    const changeover = parseDuration(d.changeover);
    if (changeover === null) throw new FormProblem(t('sched.bad_duration', { where: t('sched.changeover') }));
    const warning = parseDuration(d.warning);
    if (warning === null) throw new FormProblem(t('sched.bad_duration', { where: t('sched.warning') }));
    return { phases, changeover_seconds: changeover, warning_seconds: warning };
  }
}

export function registerSchedule() {
  addCatalogue(strings);
  useStyles(new URL('./schedule.css', import.meta.url));
  customElements.define('panelis-schedule', ScheduleScreen);
}
