// The overview of the open competition: where the day stands and the next thing to do (the
// core's rule), the competition's details (editable: name, organizer, venue, year, dates),
// and its counts at a glance.
import { html } from '../../lib/html.js';
import { Screen } from '../../lib/screen.js';
import { venueDate } from '../../lib/when.js';
import { errorText, lang, t } from '../../i18n/index.js';
import * as api from '../../api.js';
import { handOverStatus, registerBackups } from '../backups/backups.js';

class OverviewScreen extends Screen {
  load() { return api.overviewScreen(); }

  // The start-up call read the backup card's status with this screen's data: the card is
  // handed it before it is built, so the first frame shows it without a call of its own.
  refresh() {
    if (this.given?.backups) handOverStatus(this.given.backups);
    return super.refresh();
  }

  view({ overview: o, day }) {
    const c = o.competition;
    const dates = [c.start_date, c.end_date].filter(Boolean).map(venueDate).join(' – ');
    const stat = (key, value, testid) => html`
      <div class="stat"><span class="stat-value" data-testid="${testid}">${value}</span>
      <span class="stat-label">${t(key)}</span></div>`;
    return html`
      <h1 class="screen-title">${t('overview.title')}</h1>
      <section class="card day-card" data-testid="day-status" data-stage="${day.stage}">
        <h2>${t('overview.day')}</h2>
        <p class="day-words">${lang() === 'en' ? day.message_en : day.message_id}</p>
        ${day.stage === 'done' ? '' : html`<a class="button" href="#${day.area}" data-testid="day-next">${t('overview.go')} →</a>`}
      </section>
      <section class="card">
        <div class="card-head">
          <h2 class="competition-name" data-testid="competition-name">${c.name}</h2>
          <span class="spacer"></span>
          <button class="button" data-action="edit-competition">${t('overview.edit')}</button>
        </div>
        <dl class="facts">
          <dt>${t('overview.organizer')}</dt><dd>${c.organizer || '—'}</dd>
          <dt>${t('overview.venue')}</dt><dd>${c.venue || '—'}</dd>
          <dt>${t('overview.dates')}</dt><dd data-testid="competition-dates">${dates || '—'}</dd>
          <dt>${t('overview.chair')}</dt><dd>${o.chair || '—'}</dd>
          <dt>${t('overview.rubric')}</dt><dd>${o.rubric_name}</dd>
        </dl>
      </section>
      <section class="stats">
        ${stat('overview.entries', o.entries, 'count-entries')}
        ${stat('overview.panelists', o.panelists, 'count-panelists')}
        ${stat('overview.rooms', o.rooms, 'count-rooms')}
        ${stat('overview.slots', o.slots, 'count-slots')}
        ${stat('overview.criteria', o.criteria, 'count-criteria')}
        ${stat('overview.conflicts', o.conflicts, 'count-conflicts')}
        ${stat('overview.ballots', o.ballots_submitted, 'count-ballots')}
      </section>
      ${this.editing ? this.editView(c) : ''}
      <panelis-backups></panelis-backups>`;
  }

  editView(c) {
    const field = (name, label, value, type = 'text') => html`<label>${t(label)}<input name="${name}" type="${type}" value="${value ?? ''}"></label>`;
    return html`
      <dialog class="competition-dialog">
        <form method="dialog" class="form">
          <h2>${t('overview.edit_title')}</h2>
          <div class="form-grid">
            ${field('name', 'new.name', c.name)}
            ${field('organizer', 'overview.organizer', c.organizer)}
            ${field('venue', 'overview.venue', c.venue)}
            ${field('year', 'overview.year', c.year, 'number')}
            ${field('start_date', 'overview.first_day', c.start_date, 'date')}
            ${field('end_date', 'overview.last_day', c.end_date, 'date')}
          </div>
          <p class="error form-error" role="alert"></p>
          <div class="actions"><button value="cancel" formnovalidate>${t('new.cancel')}</button>
            <button value="save" class="primary">${t('overview.save')}</button></div>
        </form>
      </dialog>`;
  }

  afterPaint() {
    const edit = this.querySelector('[data-action=edit-competition]');
    if (edit) edit.addEventListener('click', () => { this.editing = true; this.paint(); });
    const dialog = this.querySelector('.competition-dialog');
    if (!dialog) return;
    dialog.showModal();
    dialog.addEventListener('cancel', () => { this.editing = false; });
    dialog.querySelector('form').addEventListener('submit', async (ev) => {
      if (!ev.submitter || ev.submitter.value !== 'save') { this.editing = false; return; }
      ev.preventDefault();
      const f = new FormData(ev.target);
      const text = (k) => String(f.get(k) || '').trim();
      const details = {
        name: text('name'),
        organizer: text('organizer'),
        venue: text('venue'),
        year: text('year') ? Number(text('year')) : null,
        start_date: text('start_date') || null,
        end_date: text('end_date') || null,
      };
      try {
        const overview = await api.updateCompetition(details);
        this.editing = false;
        dialog.close();
        this.data = { ...this.data, overview };
        this.paint();
        // The app's header shows the name too.
        document.dispatchEvent(new CustomEvent('competition-changed'));
      } catch (err) {
        dialog.querySelector('.form-error').textContent = errorText(err);
      }
    });
  }
}

// With the backup card shown below the overview.
export function registerOverview() {
  registerBackups();
  customElements.define('panelis-overview', OverviewScreen);
}
