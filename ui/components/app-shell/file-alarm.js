// The blocking alarm for a competition file that is gone (deleted, its USB stick pulled out)
// or replaced while open. The backend refuses every change from then on (nothing is saved or
// confirmed to a station that is not on disk); this asks every few seconds and, when it
// happens, says so over everything with the two ways out: save what memory holds to a new
// place, or open the latest backup, and let the stations send their ballots again.
import { html } from '../../lib/html.js';
import { errorText, t } from '../../i18n/index.js';
import * as api from '../../api.js';

const LOST = new Set(['file_gone', 'file_replaced']);
const EVERY_MS = 2000;

// Starts watching; `reopened` runs after the user saved a copy or opened another file.
export function watchFile(reopened) {
  let shown = null;
  const check = async () => {
    let problem = null;
    try { await api.fileStatus(); } catch (err) { problem = err; }
    if (problem && LOST.has(problem.code)) {
      if (!shown) {
        // The alarm closes once the app shows the file now open, never before: whoever
        // goes on (a person, a test) then works on that file's screens.
        const alarm = raise(problem, async () => {
          alarm.recovering = true;
          try { await reopened(); } finally {
            alarm.remove();
            if (shown === alarm) shown = null;
          }
        });
        shown = alarm;
      }
    } else if (shown && !problem && !shown.recovering) {
      shown.remove();
      shown = null;
    }
  };
  setInterval(check, EVERY_MS);
  check();
}

function raise(problem, done) {
  const dialog = document.createElement('dialog');
  dialog.className = 'file-alarm';
  dialog.dataset.testid = 'file-alarm';
  dialog.innerHTML = String(html`
    <h2>⚠ ${t(problem.code === 'file_gone' ? 'alarm.gone_title' : 'alarm.replaced_title')}</h2>
    <p class="alarm-what">${errorText(problem)}</p>
    <ul class="small">
      <li>${t('alarm.nothing_saved')}</li>
      <li>${t('alarm.stations_keep')}</li>
    </ul>
    <p class="form-error" role="alert"></p>
    <div class="dialog-actions">
      <button class="btn primary" data-action="save-copy" data-testid="alarm-save-copy">${t('alarm.save_copy')}</button>
      <button class="btn" data-action="open-backup">${t('alarm.open_other')}</button>
    </div>`);
  // Blocking: Escape does not close it; only a way out does.
  dialog.addEventListener('cancel', (ev) => ev.preventDefault());
  const attempt = async (promise) => {
    try {
      if (await promise) done();
    } catch (err) {
      dialog.querySelector('.form-error').textContent = errorText(err);
    }
  };
  // The button passes no path (the OS save dialog asks); tests call saveCopy with one.
  dialog.saveCopy = (path = null) => attempt(api.saveCopyFromMemory(path));
  dialog.querySelector('[data-action=save-copy]').addEventListener('click', () => dialog.saveCopy());
  dialog.querySelector('[data-action=open-backup]').addEventListener('click', () => attempt(api.chooseCompetition()));
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}
