// The phase clock between syncs, shared by Sesi Langsung and the projector: ticks the
// remaining time locally from the last view the backend sent (its remaining milliseconds
// and when it arrived). The backend stays the authority: every sync replaces the base, and
// the urgency (with its words) is only ever one the core sent, the view's own or one of the
// changes it said come while the clock runs, picked once its time has come.
import { lang } from '../../i18n/index.js';

const pad = (n) => String(n).padStart(2, '0');

// `mm:ss` remaining, `+mm:ss` overtime; minutes go past 59 (as the core's clock_text).
export function clockText(seconds) {
  const s = Math.abs(seconds);
  return `${seconds < 0 ? '+' : ''}${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
}

export class LocalClock {
  constructor() { this.base = null; this.at = 0; }

  // `timer` has status, urgency, state_id/state_en, urgency_changes, remaining_ms and
  // allowed_seconds (a TimerView or a ProjectorView); null when nothing is live.
  sync(timer) {
    this.base = timer;
    this.at = performance.now();
  }

  running() { return Boolean(this.base && this.base.status === 'running'); }

  // Milliseconds the clock has run since the last sync (none while it stands still).
  gone() { return this.running() ? performance.now() - this.at : 0; }

  remainingMs() {
    if (!this.base) return 0;
    return this.base.remaining_ms - this.gone();
  }

  // Rounded up like the core: 00:00 shows only once the time is really up.
  remainingSeconds() {
    const s = Math.ceil(this.remainingMs() / 1000);
    return s === 0 ? 0 : s; // no "-0"
  }

  text() { return clockText(this.remainingSeconds()); }

  overtimeSeconds() { return Math.max(0, -this.remainingSeconds()); }

  // What the core says now: the base's urgency and words, or the latest change it sent
  // whose time has come.
  now() {
    const b = this.base;
    if (!b) return null;
    const gone = this.gone();
    let current = b;
    for (const change of b.urgency_changes || []) {
      if (change.in_ms <= gone) current = change;
    }
    return current;
  }

  // normal | warning | danger.
  urgency() {
    const current = this.now();
    return current ? current.urgency : 'normal';
  }

  // The state in words, in the current language ('' when nothing is live).
  stateWords() {
    const current = this.now();
    if (!current) return '';
    return lang() === 'en' ? current.state_en : current.state_id;
  }

  // Share of the phase's allowance used, 0 to 1.
  progress() {
    const b = this.base;
    if (!b) return 0;
    const allowed = b.allowed_seconds * 1000;
    if (allowed <= 0) return 1;
    return Math.min(1, Math.max(0, (allowed - this.remainingMs()) / allowed));
  }

  // Seconds of the current phase used so far.
  elapsedSeconds() {
    if (!this.base) return 0;
    return Math.max(0, Math.floor((this.base.allowed_seconds * 1000 - this.remainingMs()) / 1000));
  }
}
