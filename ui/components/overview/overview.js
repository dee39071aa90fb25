// The overview of the open competition: its details and counts at a glance.
import { html } from '../../lib/html.js';
import { Screen } from '../../lib/screen.js';
import { t } from '../../i18n/index.js';
import * as api from '../../api.js';

class OverviewScreen extends Screen {
  load() { return api.overview(); }

  view(o) {
    const c = o.competition;
    const dates = [c.start_date, c.end_date].filter(Boolean).join(' – ');
    const stat = (key, value, testid) => html`
      <div class="stat"><span class="stat-value" data-testid="${testid}">${value}</span>
      <span class="stat-label">${t(key)}</span></div>`;
    return html`
      <h1 class="screen-title">${t('overview.title')}</h1>
      <section class="card">
        <h2 class="competition-name" data-testid="competition-name">${c.name}</h2>
        <dl class="facts">
          <dt>${t('overview.organizer')}</dt><dd>${c.organizer || '—'}</dd>
          <dt>${t('overview.venue')}</dt><dd>${c.venue || '—'}</dd>
          <dt>${t('overview.dates')}</dt><dd>${dates || '—'}</dd>
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
      <panelis-backups></panelis-backups>`;
  }
}

export function registerOverview() { customElements.define('panelis-overview', OverviewScreen); }
