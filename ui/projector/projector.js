// The projector window ("Layar Proyektor"): one room's phase clock for the audience, very
// large, with the phase, the entry and who is next (at the time the day now expects them).
// Once the slot has finished it is calm: the entry done, and who is next. Nothing private
// reaches it: the backend's projector view has no scores and no attendance. It follows the
// live control by the events the backend sends, ticks the clock locally between them (its
// colour and words change when the core said they would), and re-reads the view every few
// seconds in case an event was missed. In deliberation mode (the
// secretariat's choice on the Musyawarah screen) it shows the panel's deliberation instead
// (deliberation.js), fetched on the backend's "projector-deliberation" event.
import { html } from '../lib/html.js';
import { nextWhen } from '../lib/when.js';
import { addCatalogue, lang, setLang, t } from '../i18n/index.js';
import * as api from '../api.js';
import { LocalClock } from '../components/live/clock.js';
import strings from './strings.js';
import { deliberationPage } from './deliberation.js';

addCatalogue(strings);

const TICK_MS = 100;
const RESYNC_MS = 3000;

const screen = document.getElementById('screen');
const clock = new LocalClock();
// The room this projector shows; `null` follows the room called most recently.
let room = window.__PANELIS_PROJECTOR_ROOM__ ?? null;
let view = null;
let problem = false;
let loading = false;
// The deliberation screen while in deliberation mode; null shows the timer.
let deliberation = null;

function apply(next) {
  view = next;
  problem = false;
  clock.sync(next.live ? next : null);
  paint();
}

async function resync() {
  if (loading) return;
  loading = true;
  try {
    apply(await api.projectorView(room));
  } catch {
    // The audience sees a calm screen, not an error; the next re-sync tries again.
    problem = true;
    if (!view) paint();
  } finally {
    loading = false;
  }
}

const pick = (idText, enText) => (lang() === 'en' ? enText : idText);

// Who is next, at the time the day now expects them; the planned time small beside it
// when the day runs late or early.
function nextLine(v) {
  const n = v.next_up;
  if (!n) return html`<span class="p-next-label">${t('proj.next')}</span> <span class="muted">${t('proj.no_next')}</span>`;
  const when = nextWhen(n);
  return html`<span class="p-next-label">${t('proj.next')}</span>
    <span class="p-next-what"><strong>No ${n.entry_no}</strong> ${n.title}<span class="p-next-agency"> · ${n.agency}</span></span>
    <span class="p-next-time" data-testid="projector-next-time">${when.expected}</span>
    ${when.planned ? html`<span class="p-next-planned" data-testid="projector-next-planned">${t('proj.planned', { time: when.planned })}</span>` : ''}`;
}

function livePage(v) {
  return html`
    <header class="p-head"><span class="p-competition">${v.competition}</span><span class="p-room">${v.room}</span></header>
    <section class="p-phase">
      <span class="p-phase-name" data-testid="projector-phase">${pick(v.phase_label_id, v.phase_label_en)}</span>
      <span class="p-phase-count">${t('proj.phase_of', { n: v.phase_number, m: v.phase_count })}</span>
    </section>
    <div class="p-state" data-testid="projector-state">${clock.stateWords()}</div>
    <div class="p-clock" data-testid="projector-clock">${clock.text()}</div>
    <div class="p-progress" aria-hidden="true"><div class="p-fill"></div></div>
    <section class="p-entry">
      <div class="p-title" data-testid="projector-title"><span class="p-no">No ${v.entry_no}</span> ${v.entry_title}</div>
      <div class="p-agency" data-testid="projector-agency">${v.entry_agency}</div>
    </section>
    <footer class="p-next" data-testid="projector-next">${nextLine(v)}</footer>`;
}

// The slot is over: a calm page saying so, with who comes next and when.
function finishedPage(v) {
  return html`
    <header class="p-head"><span class="p-competition">${v.competition}</span><span class="p-room">${v.room}</span></header>
    <div class="p-state p-done" data-testid="projector-state">${pick(v.state_id, v.state_en)}</div>
    <section class="p-entry p-entry-done">
      <div class="p-title" data-testid="projector-title"><span class="p-no">No ${v.entry_no}</span> ${v.entry_title}</div>
      <div class="p-agency" data-testid="projector-agency">${v.entry_agency}</div>
    </section>
    <footer class="p-next p-next-big" data-testid="projector-next">${nextLine(v)}</footer>`;
}

function waitingPage(v) {
  return html`
    <header class="p-head"><span class="p-competition">${v.competition}</span><span class="p-room">${v.room}</span></header>
    <div class="p-state p-waiting" data-testid="projector-state">${pick(v.state_id, v.state_en)}</div>
    <div class="p-clock p-clock-idle" data-testid="projector-clock">${v.clock}</div>
    <footer class="p-next p-next-big" data-testid="projector-next">${nextLine(v)}</footer>`;
}

// Asks whether the projector is in deliberation mode and what it shows then.
async function loadDeliberation() {
  try {
    deliberation = await api.projectorDeliberation();
  } catch {
    deliberation = null;
  }
  paint();
}

function paint() {
  if (deliberation) {
    document.body.className = 'projector is-deliberation';
    screen.className = 'p-screen pd-screen';
    screen.innerHTML = String(deliberationPage(deliberation));
    return;
  }
  screen.className = 'p-screen';
  if (!view) {
    document.body.className = 'projector u-normal';
    screen.innerHTML = String(html`<div class="p-state p-waiting">${problem ? t('proj.unavailable') : '…'}</div>`);
    return;
  }
  const u = view.live ? clock.urgency() : 'normal';
  document.body.className = `projector u-${u} s-${view.status} ${view.live ? 'is-live' : 'is-waiting'}`;
  const page = !view.live ? waitingPage : view.status === 'finished' ? finishedPage : livePage;
  screen.innerHTML = String(page(view));
  tick();
}

function tick() {
  if (deliberation || !view || !view.live) return;
  const clockEl = screen.querySelector('.p-clock');
  if (!clockEl) return;
  const text = clock.text();
  if (clockEl.textContent !== text) clockEl.textContent = text;
  screen.querySelector('.p-fill').style.width = `${Math.round(clock.progress() * 1000) / 10}%`;
  const u = clock.urgency();
  if (!document.body.classList.contains(`u-${u}`)) {
    document.body.classList.remove('u-normal', 'u-warning', 'u-danger');
    document.body.classList.add(`u-${u}`);
  }
  const state = screen.querySelector('.p-state');
  const words = clock.stateWords();
  if (state && state.textContent !== words) state.textContent = words;
}

api.listen('projector-sync', (payload) => {
  if (room === null || payload.room_id === room) apply(payload.view);
});
api.listen('projector-room', (next) => {
  room = next ?? null;
  resync();
});
api.listen(api.PROJECTOR_DELIBERATION_EVENT, () => loadDeliberation());
// The language is the main window's choice (shared storage).
window.addEventListener('storage', (ev) => {
  if (ev.key === 'panelis.lang') {
    setLang(ev.newValue);
    paint();
  }
});

setInterval(tick, TICK_MS);
setInterval(resync, RESYNC_MS);
setInterval(loadDeliberation, RESYNC_MS);
resync();
loadDeliberation();
