// Autosave for score forms (the panelist's sheet and each row of the paper-ballot grid):
// changes are sent shortly after typing stops, at once on `flush()` (blur, leaving the
// entry), one save at a time, always the newest snapshot. "Saved" is reported only when the
// backend answered success for the snapshot that is on screen, never before.

export class Autosaver {
  // send(snapshot) -> Promise<result>; onState('pending' | 'saving' | 'saved' | 'error',
  // result | error); delay in milliseconds after the last change.
  constructor({ send, onState, delay = 350 }) {
    this.send = send;
    this.onState = onState;
    this.delay = delay;
    this.version = 0; // bumped on every change
    this.savedVersion = 0; // the version the last successful save carried
    this.timer = null;
    this.running = null;
    this.failed = false;
  }

  // Records the form as it now stands and schedules a save.
  change(snapshot) {
    this.snapshot = snapshot;
    this.version += 1;
    this.onState('pending');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.flush(); }, this.delay);
  }

  // Whether the backend has confirmed the form as it now stands.
  get clean() { return this.savedVersion === this.version; }

  // Saves now if anything is unsaved; resolves true once all is saved, false on failure.
  async flush() {
    clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await this.running;
    if (this.savedVersion === this.version) return !this.failed;
    const version = this.version;
    this.onState('saving');
    this.failed = false;
    this.running = this.send(this.snapshot).then(
      (result) => {
        this.savedVersion = version;
        // Typed again meanwhile: that newer snapshot is not saved yet, so no "saved".
        this.onState(version === this.version ? 'saved' : 'pending', result);
      },
      (err) => {
        this.failed = true;
        this.onState('error', err);
      },
    );
    try { await this.running; } finally { this.running = null; }
    if (this.failed) return false;
    if (this.savedVersion !== this.version) return this.flush();
    return true;
  }

  // Stops a scheduled save without sending it (the form is being replaced by a fresh load).
  cancel() { clearTimeout(this.timer); this.timer = null; }
}
