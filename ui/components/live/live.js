// The Sesi Langsung screen: the room's current slot with its big phase clock, calling the
// innovator (present/absent), the timer controls with their keyboard shortcuts, the sound
// cue, the next slot and today's order, and opening the projector window.
import { html } from '../../lib/html.js';
import { useStyles } from '../../lib/styles.js';
import { Screen } from '../../lib/screen.js';
import { addCatalogue, errorText, t } from '../../i18n/index.js';
import * as api from '../../api.js';
import strings from './strings.js';
import scheduleStrings from '../schedule/strings.js';
import { LocalClock, clockText } from './clock.js';
import { beep } from './beep.js';
import { dayOverflow, delay, duration, phaseName } from '../schedule/format.js';
import { nextWhen, timeOnDay, venueTime } from '../../lib/when.js';

const ROOM_KEY = 'panelis.live.room';
const SOUND_KEY = 'panelis.live.sound';
const TICK_MS = 200;
// The backend is the authority: the screen re-reads it this often even if nothing was done.
const RESYNC_MS = 5000;
// How long a first press of F (before the last phase) waits for the second.
const FINISH_CONFIRM_MS = 4000;
const RANK = { normal: 0, warning: 1, danger: 2 };

// Keys and what they do; shown on the buttons.
const KEYS = { toggle: 'live.key_space', next: 'N', prev: 'P', plus: '+', minus: '−', restart: 'R', finish: 'F', call: 'C' };

function keyCommand(ev) {
  if (ev.key === ' ' || ev.key === 'Spacebar') return 'toggle';
  switch (ev.key.toLowerCase()) {
    case 'n': return 'next';
    case 'p': return 'prev';
    case '+': case '=': return 'plus';
    case '-': case '_': case '−': return 'minus';
    case 'r': return 'restart';
    case 'f': return 'finish';
    case 'c': return 'call';
    default: return null;
  }
}

// What the screen shows that is not the ticking clock: a change repaints, the rest ticks.
function signature(data) {
  if (!data) return '';
  const live = data.live;
  return JSON.stringify([
    live && [live.slot.id, live.timer.status, live.timer.phase_index, live.timer.allowed_seconds,
      live.entry.present, live.next_up && live.next_up.slot_id],
    data.schedule.rooms.map((r) => [r.room.id, r.room.name, r.slots.map((s) => [s.slot_id, s.status, s.present, Math.round(s.delay_seconds / 60)])]),
    data.projector,
  ]);
}

class LiveScreen extends Screen {
  constructor() {
    super();
    this.roomId = sessionStorage.getItem(ROOM_KEY);
    this.clock = new LocalClock();
    this.sound = localStorage.getItem(SOUND_KEY) === 'on';
    this.finishArmed = false;
    this.busy = false;
    this.actionError = null;
    this.onKey = (ev) => this.handleKey(ev);
  }

  connectedCallback() {
    super.connectedCallback();
    document.addEventListener('keydown', this.onKey);
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    this.resyncer = setInterval(() => this.resync(), RESYNC_MS);
    this.stopListening = api.listen('projector-state', (open) => {
      if (!this.data) return;
      this.data.projector = { open: Boolean(open), fullscreen: Boolean(open) && this.data.projector.fullscreen };
      this.paint();
    });
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.onKey);
    clearInterval(this.ticker);
    clearInterval(this.resyncer);
    this.stopListening.then((stop) => stop());
  }

  async load() {
    const [schedule, projector] = await Promise.all([api.scheduleView(), api.projectorStatus()]);
    const known = schedule.rooms.some((r) => r.room.id === this.roomId);
    const live = await api.liveView(known ? this.roomId : null);
    if (!known) this.roomId = live ? live.room.id : (schedule.rooms[0] ? schedule.rooms[0].room.id : null);
    // Only fresh data moves the clock's base; a repaint for another reason must not.
    this.clock.sync(live ? live.timer : null);
    this.noteUrgency(live);
    return { schedule, live, projector };
  }

  // Re-reads the backend; repaints only when more than the clock changed.
  async resync() {
    if (this.busy || !this.data) return;
    try {
      const before = signature(this.data);
      this.data = await this.load();
      this.error = null;
      if (signature(this.data) !== before) this.paint();
    } catch {
      // Keep showing the last state; the next re-sync tries again.
    }
  }

  roomSchedule() {
    const rooms = this.data.schedule.rooms;
    return rooms.find((r) => r.room.id === this.roomId) || rooms[0] || null;
  }

  // The slot to call next: the core's "next up" of the live slot, else the room's first
  // slot that has not started.
  nextToCall() {
    const { live } = this.data;
    if (live) return live.next_up;
    const rs = this.roomSchedule();
    const row = rs && rs.slots.find((s) => !s.actual_start);
    return row ? {
      slot_id: row.slot_id, entry_no: row.entry_no, title: row.title, agency: row.agency,
      planned_start_local: row.planned_start_local, projected_start_local: row.projected_start_local,
    } : null;
  }

  view({ schedule, live, projector }) {
    if (!schedule.rooms.length) {
      return html`<h1 class="screen-title">${t('live.title')}</h1><p class="empty">${t('live.no_rooms')}</p>`;
    }
    const rs = this.roomSchedule();
    return html`
      <div class="screen-head live-head">
        <h1 class="screen-title">${t('live.title')}</h1>
        ${schedule.rooms.length > 1 ? html`<label class="room-pick">${t('live.room')}
          <select data-action="room">${schedule.rooms.map((r) => html`<option value="${r.room.id}" ${r.room.id === rs.room.id ? 'selected' : ''}>${r.room.name}</option>`)}</select></label>`
    : html`<span class="muted">${rs.room.name}</span>`}
        <span class="spacer"></span>
        <label class="check sound"><input type="checkbox" data-action="sound" ${this.sound ? 'checked' : ''}> ${t('live.sound')}</label>
        <button class="btn" data-action="projector" data-testid="projector-toggle" aria-pressed="${projector.open ? 'true' : 'false'}">
          ${projector.open ? t('live.projector_close') : t('live.projector_open')}</button>
        ${projector.open ? html`<button class="btn" data-action="fullscreen" aria-pressed="${projector.fullscreen ? 'true' : 'false'}">${t('live.fullscreen')}</button>` : ''}
      </div>
      ${this.actionError ? html`<p class="error" role="alert" data-testid="live-error">${errorText(this.actionError)}</p>` : ''}
      <div class="live-grid">
        <section class="card live-main">${live ? this.current(live) : html`<p class="empty" data-testid="live-nothing">${t('live.nothing_called')}</p>`}</section>
        <aside class="live-side">${this.nextCard(live)}${this.today(rs, live)}</aside>
      </div>
      <p class="muted small live-keys">${t('live.shortcuts')}</p>`;
  }

  // Which timer controls make sense now (the core checks again).
  allowed(tm) {
    const active = tm.status === 'running' || tm.status === 'paused';
    return {
      toggle: tm.status !== 'finished',
      prev: active && tm.phase_index > 0,
      next: active && tm.phase_index < tm.phase_count - 1,
      minus: active,
      plus: active,
      restart: active,
      finish: active,
    };
  }

  current(live) {
    const { entry: e, timer: tm } = live;
    const u = this.clock.urgency();
    const active = tm.status === 'running' || tm.status === 'paused';
    const can = this.allowed(tm);
    const toggle = { idle: 'live.start', running: 'live.pause', paused: 'live.resume', finished: 'live.start' }[tm.status];
    const button = (cmd, label, enabled, cls = '') => html`<button class="btn ctl ${cls}" data-cmd="${cmd}" data-testid="cmd-${cmd}"
      ${enabled ? '' : 'disabled'}><span>${t(label)}</span> <kbd>${KEYS[cmd].startsWith('live.') ? t(KEYS[cmd]) : KEYS[cmd]}</kbd></button>`;
    const attendance = (value, label) => html`<button class="btn toggle ${e.present === value ? 'on' : ''}" data-present="${String(value)}"
      aria-pressed="${e.present === value ? 'true' : 'false'}" data-testid="attendance-${String(value)}">${t(label)}</button>`;
    return html`
      <div class="live-entry">
        <div class="live-no">No<strong>${e.no}</strong></div>
        <div class="live-who">
          <h2 class="live-title" data-testid="live-title">${e.title}</h2>
          <div class="muted">${e.agency}${e.unit ? ` · ${e.unit}` : ''}</div>
          ${e.innovators ? html`<div class="muted small">${e.innovators}</div>` : ''}
        </div>
        <div class="attendance" role="group" aria-label="${t('live.attendance')}">
          <span class="small muted">${t('live.attendance')}${e.present === null ? `: ${t('live.attendance_unknown')}` : ''}</span>
          <div>${attendance(true, 'live.present')}${attendance(false, 'live.absent')}</div>
        </div>
      </div>
      <div class="timer-panel u-${u} s-${tm.status}" data-testid="live-timer">
        <div class="timer-top">
          <span class="phase-name" data-testid="live-phase">${phaseName(tm, 'phase_label')}</span>
          <span class="phase-count">${t('live.phase_of', { n: tm.phase_index + 1, m: tm.phase_count })}</span>
          <span class="state-words" data-testid="live-state">${this.clock.stateWords()}</span>
        </div>
        <div class="live-clock" data-testid="live-clock">${this.clock.text()}</div>
        <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"><div class="progress-fill"></div></div>
        <div class="timer-foot"><span class="overtime" data-testid="live-overtime"></span>
          <span class="slot-time" data-testid="live-slot-time">${this.slotTime(tm)}</span></div>
        ${tm.status === 'paused' ? html`<p class="paused-note" role="status" data-testid="live-paused">${t('live.paused_note', { phase: phaseName(tm, 'phase_label'), time: venueTime(tm.paused_at) })}</p>` : ''}
      </div>
      <div class="controls">
        ${button('toggle', toggle, can.toggle, 'primary')}
        ${button('prev', 'live.prev', can.prev)}
        ${button('next', 'live.next', can.next)}
        ${button('minus', 'live.minus', can.minus)}
        ${button('plus', 'live.plus', can.plus)}
        ${button('restart', 'live.restart', can.restart)}
        ${button('finish', 'live.finish', can.finish, 'danger')}
      </div>
      ${this.finishArmed ? html`<p class="notice small" role="alert" data-testid="finish-confirm">${t('live.finish_confirm')}</p>` : ''}
      ${tm.status === 'idle' ? html`<p><button class="btn" data-action="no-show" data-testid="no-show">${t('live.no_show')}</button></p>` : ''}
      <table class="phases-table live-phases">
        <thead><tr><th>${t('live.phases')}</th><th class="num">${t('live.ph_planned')}</th><th class="num">${t('live.ph_allowed')}</th>
          <th class="num">${t('live.ph_actual')}</th><th class="num">${t('live.ph_over')}</th></tr></thead>
        <tbody>${tm.phases.map((p) => html`<tr class="${p.current && active ? 'current' : ''}">
          <td>${phaseName(p)}</td><td class="num">${duration(p.planned_seconds)}</td><td class="num">${duration(p.allowed_seconds)}</td>
          <td class="num" ${p.current && active ? 'data-current-elapsed' : ''}>${p.started_at ? duration(p.elapsed_seconds) : '—'}</td>
          <td class="num" ${p.current && active ? 'data-current-over' : ''}>${p.overtime_seconds > 0 ? `+${duration(p.overtime_seconds)}` : '—'}</td></tr>`)}</tbody>
      </table>`;
  }

  nextCard(live) {
    const next = this.nextToCall();
    const busy = live && (live.timer.status === 'running' || live.timer.status === 'paused');
    if (!next) return html`<section class="card next-card"><h2>${t('live.next_up')}</h2><p class="empty">${t('live.all_done')}</p></section>`;
    const when = nextWhen(next);
    return html`<section class="card next-card" data-testid="next-card">
      <h2>${live ? t('live.next_up') : t('live.to_call')}</h2>
      <div class="next-title"><strong>No ${next.entry_no}</strong> ${next.title}</div>
      <div class="muted small">${next.agency}</div>
      <div class="next-when"><span class="next-expected" data-testid="next-expected">${t('live.expected_at', { time: when.expected })}</span>
        ${when.planned ? html`<span class="muted small" data-testid="next-planned">${t('live.planned_at', { time: when.planned })}</span>` : ''}</div>
      <div class="next-actions">
        <button class="btn primary" data-action="call-present" data-testid="call-present" ${busy ? 'disabled' : ''}>
          ${live && live.timer.status === 'finished' ? t('live.call_next') : t('live.call_present')} <kbd>C</kbd></button>
        <button class="btn" data-action="call" data-testid="call" ${busy ? 'disabled' : ''}>${t('live.call')}</button>
      </div>
    </section>`;
  }

  today(rs, live) {
    if (!rs || !rs.slots.length) return '';
    const liveRow = live && rs.slots.find((s) => s.slot_id === live.slot.id);
    const next = this.nextToCall();
    const nextRow = next && rs.slots.find((s) => s.slot_id === next.slot_id);
    const date = (liveRow || nextRow || rs.slots[0]).date;
    const rows = rs.slots.filter((s) => s.date === date);
    const lag = rs.days.find((d) => d.date === date);
    const words = delay(lag ? lag.delay_seconds : 0, true, lag);
    const over = lag ? dayOverflow(lag) : '';
    return html`<section class="card today-card">
      <h2>${t('live.today')}</h2>
      <p class="delay ${words.tone}" data-testid="live-day-lag">${words.text}</p>
      ${over ? html`<p class="day-overflow" role="alert" data-testid="live-day-overflow">${over}</p>` : ''}
      <ol class="today-list">${rows.map((s) => html`<li class="${live && s.slot_id === live.slot.id ? 'live' : ''} st-${s.status}">
        <span class="tl-time">${timeOnDay(s.actual_start_local || s.projected_start_local, s.date)}</span>
        <span class="tl-title"><strong>${s.entry_no}</strong> ${s.title}</span>
        <span class="status-badge st-${s.status}">${t(`sched.status.${s.status}`)}</span></li>`)}</ol>
    </section>`;
  }

  afterPaint() {
    const on = (sel, ev, fn) => this.querySelectorAll(sel).forEach((el) => el.addEventListener(ev, fn));
    on('[data-cmd]', 'click', (ev) => this.command(ev.currentTarget.dataset.cmd));
    on('[data-present]', 'click', (ev) => {
      const { live } = this.data;
      this.send(() => api.callSlot(live.slot.id, ev.currentTarget.dataset.present === 'true'));
    });
    on('[data-action=call-present]', 'click', () => this.command('call'));
    on('[data-action=call]', 'click', () => this.callNext(null));
    on('[data-action=no-show]', 'click', () => this.noShow());
    on('[data-action=room]', 'change', (ev) => {
      this.roomId = ev.target.value;
      sessionStorage.setItem(ROOM_KEY, this.roomId);
      if (this.data.projector.open) api.openProjector(this.roomId).catch(() => {});
      this.refresh();
    });
    on('[data-action=sound]', 'change', (ev) => {
      this.sound = ev.target.checked;
      localStorage.setItem(SOUND_KEY, this.sound ? 'on' : 'off');
      if (this.sound) beep('warning'); // a gesture unlocks audio, and the user hears it works
    });
    on('[data-action=projector]', 'click', () => this.projectorAction(this.data.projector.open ? api.closeProjector : () => api.openProjector(this.roomId)));
    on('[data-action=fullscreen]', 'click', () => this.projectorAction(api.toggleProjectorFullscreen));
    this.tick();
  }

  async projectorAction(fn) {
    try {
      this.data.projector = await fn();
      this.actionError = null;
    } catch (err) {
      this.actionError = err;
    }
    this.paint();
  }

  // Keeps the ticking parts current between repaints.
  tick() {
    const live = this.data && this.data.live;
    const panel = this.querySelector('.timer-panel');
    if (!live || !panel) return;
    const u = this.clock.urgency();
    this.noteUrgency(live);
    panel.classList.remove('u-normal', 'u-warning', 'u-danger');
    panel.classList.add(`u-${u}`);
    panel.querySelector('.live-clock').textContent = this.clock.text();
    panel.querySelector('.state-words').textContent = this.clock.stateWords();
    const pct = Math.round(this.clock.progress() * 1000) / 10;
    panel.querySelector('.progress-fill').style.width = `${pct}%`;
    panel.querySelector('.progress').setAttribute('aria-valuenow', String(Math.round(pct)));
    const over = this.clock.overtimeSeconds();
    panel.querySelector('.overtime').textContent = over > 0 ? t('live.overtime', { time: clockText(over) }) : '';
    const cell = this.querySelector('[data-current-elapsed]');
    if (cell) cell.textContent = duration(this.clock.elapsedSeconds());
    const overCell = this.querySelector('[data-current-over]');
    if (overCell) overCell.textContent = over > 0 ? `+${duration(over)}` : '—';
    panel.querySelector('.slot-time').textContent = this.slotTime(live.timer);
  }

  // How long the slot has run (the core leaves paused time out; it ticks only while the
  // clock runs) against its plan.
  slotTime(tm) {
    const since = Math.floor(this.clock.gone() / 1000);
    return t('live.slot_time', { elapsed: duration(tm.slot_elapsed_seconds + since), planned: duration(tm.slot_planned_seconds) });
  }

  // Beeps (when the sound cue is on) as the running phase turns warning, then danger.
  noteUrgency(live) {
    const key = live ? `${live.slot.id}:${live.timer.phase_index}` : '';
    const u = this.clock.urgency();
    if (this.sound && key && key === this.urgencyKey && this.clock.running() && RANK[u] > RANK[this.lastUrgency]) beep(u);
    this.urgencyKey = key;
    this.lastUrgency = u;
  }

  handleKey(ev) {
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey || !this.data) return;
    const target = ev.target;
    if (target && (['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName) || target.isContentEditable)) return;
    if (document.querySelector('dialog[open]')) return;
    const cmd = keyCommand(ev);
    if (!cmd) return;
    ev.preventDefault(); // Space must not also press the focused button
    if (ev.repeat) return; // a held key is one press
    this.command(cmd);
  }

  command(cmd) {
    const { live } = this.data;
    if (cmd === 'call') {
      this.callNext(true);
      return;
    }
    if (!live) return;
    const tm = live.timer;
    // A key whose button is disabled does nothing, as the button would not.
    if (!this.allowed(tm)[cmd]) return;
    const kinds = {
      toggle: { idle: 'start', running: 'pause', paused: 'resume' }[tm.status],
      next: 'next', prev: 'prev', restart: 'restart', finish: 'finish', plus: 'adjust', minus: 'adjust',
    };
    const kind = kinds[cmd];
    if (!kind) return;
    if (cmd === 'finish' && tm.phase_index < tm.phase_count - 1 && !this.finishArmed) {
      // Finishing early cannot be undone: ask for the second press.
      this.finishArmed = true;
      clearTimeout(this.finishTimer);
      this.finishTimer = setTimeout(() => { this.finishArmed = false; this.paint(); }, FINISH_CONFIRM_MS);
      this.paint();
      return;
    }
    this.finishArmed = false;
    clearTimeout(this.finishTimer);
    const command = kind === 'adjust' ? { kind, seconds: cmd === 'plus' ? 60 : -60 } : { kind };
    this.send(() => api.timerCommand(live.slot.id, command));
  }

  callNext(present) {
    const next = this.nextToCall();
    if (!next) return;
    this.send(() => api.callSlot(next.slot_id, present));
  }

  // The called innovator is not there: to the end of the day, and the next one is called.
  noShow() {
    const { live } = this.data;
    if (!live) return;
    const next = live.next_up;
    this.send(async () => {
      await api.markNoShow(live.slot.id);
      if (next) await api.callSlot(next.slot_id, null);
    });
  }

  // Sends one action at a time, then shows the backend's state.
  async send(fn) {
    if (this.busy) return;
    this.busy = true;
    try {
      await fn();
      this.actionError = null;
    } catch (err) {
      this.actionError = err;
    }
    this.busy = false;
    await this.refresh();
  }
}

export function registerLive() {
  // Buttons and badges are shared with Jadwal (schedule.css).
  useStyles(new URL('../schedule/schedule.css', import.meta.url));
  useStyles(new URL('./live.css', import.meta.url));
  addCatalogue(scheduleStrings); // slot statuses, shared with Jadwal
  addCatalogue(strings);
  customElements.define('panelis-live', LiveScreen);
}
