// The backup card: folder, how many to keep and how often, "back up now", and the list of
// backups of the open competition with a restore button each.
import { html } from '../../lib/html.js';
import { Screen } from '../../lib/screen.js';
import { when } from '../../lib/when.js';
import { addCatalogue, errorDetails, errorText, t } from '../../i18n/index.js';
import * as api from '../../api.js';
import strings from './strings.js';

const fileName = (p) => String(p).split(/[\\/]/).pop();

// A status read already (by the start-up call), for the next card built to show instead of
// asking; taken once, so a card built later asks for the status as it then is.
let handedOver = null;

export function handOverStatus(status) { handedOver = status; }

class BackupsCard extends Screen {
  load() {
    const status = handedOver;
    handedOver = null;
    return status ?? api.backupStatus();
  }

  view(st) {
    const s = st.settings;
    return html`
      <section class="card backups" data-testid="backups">
        <h2>${t('backup.title')}</h2>
        ${st.last_error ? html`<div class="error" role="alert" data-testid="backup-failed"><p>${t('backup.failed')} ${errorText(st.last_error)}</p>
          ${errorDetails(st.last_error) ? html`<details><summary>${t('backup.details')}</summary><code>${errorDetails(st.last_error)}</code></details>` : ''}</div>` : ''}
        <form class="form backup-form">
          <label>${t('backup.folder')}
            <span class="row"><input name="folder" value="${st.folder}" readonly data-testid="backup-folder">
            <button type="button" data-action="choose">${t('backup.choose')}</button></span></label>
          <span class="row">
            <label>${t('backup.keep')}<input name="keep" type="number" min="1" max="1000" value="${s.keep}"></label>
            <label>${t('backup.every')}<input name="every" type="number" min="1" max="1440" value="${s.every_minutes}"></label>
          </span>
          <div class="actions">
            <button type="submit">${t('backup.save')}</button>
            <button type="button" class="primary" data-action="now">${t('backup.now')}</button>
          </div>
          <p class="muted status" role="status">${this.message || ''}</p>
        </form>
        <p class="muted small">${t('backup.hint')}</p>
        <h3>${t('backup.list')}</h3>
        ${st.backups.length ? html`<table class="grid" data-testid="backup-list"><tbody>
          ${st.backups.map((b) => html`<tr><td class="when">${when(b.taken_at)}</td>
            <td>${t(`backup.reason.${b.reason}`)}</td><td class="sub">${fileName(b.path)}</td>
            <td><button data-restore="${b.path}">${t('backup.restore')}</button></td></tr>`)}
        </tbody></table>` : html`<p class="empty">${t('backup.none')}</p>`}
      </section>`;
  }

  afterPaint() {
    const form = this.querySelector('.backup-form');
    const say = (text) => { this.message = text; this.querySelector('.status').textContent = text; };
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const f = new FormData(form);
      const settings = { folder: this.chosen ?? this.data.settings.folder, keep: Number(f.get('keep')), every_minutes: Number(f.get('every')) };
      try { await api.setBackupSettings(settings); this.message = t('backup.saved'); await this.refresh(); } catch (err) { say(errorText(err)); }
    });
    this.querySelector('[data-action="choose"]').addEventListener('click', async () => {
      const folder = await api.chooseBackupFolder().catch(() => null);
      if (folder) { this.chosen = folder; form.querySelector('[name=folder]').value = folder; }
    });
    this.querySelector('[data-action="now"]').addEventListener('click', async () => {
      try { const b = await api.backupNow(); this.message = t('backup.done', { name: fileName(b.path) }); await this.refresh(); } catch (err) { say(errorText(err)); }
    });
    this.querySelectorAll('[data-restore]').forEach((btn) => btn.addEventListener('click', async () => {
      try {
        await api.restoreBackup(btn.dataset.restore);
        // The restored file is now the open competition: reload everything.
        location.hash = '#overview';
        location.reload();
      } catch (err) { say(errorText(err)); }
    }));
  }
}

export function registerBackups() {
  addCatalogue(strings);
  customElements.define('panelis-backups', BackupsCard);
}
