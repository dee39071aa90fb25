// The phase clock between syncs, shared by Sesi Langsung and the projector: ticks the
// remaining time locally from the last view the backend sent (its remaining milliseconds
// and when it arrived). The backend stays the authority: every sync replaces the base.

const pad = (n) => String(n).padStart(2, '0');

// `mm:ss` remaining, `+mm:ss` overtime; minutes go past 59 (as the core's clock_text).
export function clockText(seconds) {
  const s = Math.abs(seconds);
  return `${seconds < 0 ? '+' : ''}${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
}

export class LocalClock {
  constructor() { this.base = null; this.at = 0; }

  // `timer` has status, urgency, remaining_ms, allowed_seconds and warning_seconds (a
  // TimerView or a ProjectorView); null when nothing is live.
  sync(timer) {
    this.base = timer;
    this.at = performance.now();
  }

  running() { return Boolean(this.base && this.base.status === 'running'); }

  remainingMs() {
    if (!this.base) return 0;
    const gone = this.running() ? performance.now() - this.at : 0;
    return this.base.remaining_ms - gone;
  }

  // Rounded up like the core: 00:00 shows only once the time is really up.
  remainingSeconds() {
    const s = Math.ceil(this.remainingMs() / 1000);
    return s === 0 ? 0 : s; // no "-0"
  }

  text() { return clockText(this.remainingSeconds()); }

  overtimeSeconds() { return Math.max(0, -this.remainingSeconds()); }

  // normal | warning | danger, as the core decides it (the base's own once not running).
  urgency() {
    const b = this.base;
    if (!b) return 'normal';
    if (!this.running()) return b.urgency;
    const ms = this.remainingMs();
    if (ms <= 0) return 'danger';
    if (ms <= b.warning_seconds * 1000) return 'warning';
    return 'normal';
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
