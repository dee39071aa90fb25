// An area of the app that a later version fills; says so plainly.
import { html } from '../../lib/html.js';
import { Screen } from '../../lib/screen.js';
import { t } from '../../i18n/index.js';

class Placeholder extends Screen {
  view() {
    return html`<h1 class="screen-title">${t(this.getAttribute('title-key') || '')}</h1>
      <p class="empty">${t('placeholder.soon')}</p>`;
  }
}

export function registerPlaceholder() { customElements.define('panelis-placeholder', Placeholder); }
