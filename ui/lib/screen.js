// Base class for the app's screens: loads its data once connected, renders through the
// escaping `html` template, and re-renders when the language changes.
import { onLangChange } from '../i18n/index.js';
import { errorText } from '../i18n/index.js';
import { html } from './html.js';

export class Screen extends HTMLElement {
  connectedCallback() {
    this.unlisten = onLangChange(() => this.paint());
    this.refresh();
  }

  disconnectedCallback() { if (this.unlisten) this.unlisten(); }

  // Reloads data, then paints. Subclasses implement `load()` and `view()`. Data handed over
  // in `given` (the start-up's one call read the first screen's already) is painted at
  // once instead, the first time only.
  async refresh() {
    const given = this.given;
    this.given = undefined;
    try {
      this.data = given ?? await this.load();
      this.error = null;
    } catch (err) {
      this.error = err;
    }
    this.paint();
  }

  paint() {
    const content = this.error
      ? html`<p class="error" role="alert" data-testid="screen-error" data-code="${this.error.code || ''}">${errorText(this.error)}</p>`
      : this.view(this.data);
    this.innerHTML = String(content);
    if (!this.error && this.afterPaint) this.afterPaint();
  }

  async load() { return null; }

  // Loads the screen's data again; a screen that keeps more (a selection) says how.
  async reload() { await this.refresh(); }

  // Runs an action, keeps what it says for the next paint (`message`, or a function of the
  // action's result; else the refusal as `actionError`) and shows the screen as the file
  // now holds it. With `cancellable`, a `null` result is a dialog the user closed: nothing
  // happened, nothing is said.
  async act(fn, message, cancellable = false) {
    try {
      const result = await fn();
      if (cancellable && result === null) return;
      this.message = typeof message === 'function' ? message(result) : (message || '');
      this.actionError = null;
    } catch (err) {
      this.actionError = err;
      this.message = '';
    }
    await this.reload();
  }
}
