// The app's frame: header (competition name, file menu, language), the navigation between
// areas, and the area shown. Areas are chosen by the URL hash, so reload keeps the place;
// each area's screen is loaded the first time it is opened (areas.js).
import { html } from '../../lib/html.js';
import { errorText, lang, onLangChange, setLang, t } from '../../i18n/index.js';
import * as api from '../../api.js';
import { watchFile } from './file-alarm.js';
import { setVenueClock } from '../../lib/when.js';
import { AREAS, JOIN, loadPlaceholder, loadStationScreens } from './areas.js';

// For the start-up benchmark's breakdown (milliseconds since the page's navigation began):
// when the module graph had loaded and this ran, the start-up call, the first frame.
const marks = { shell: performance.now() };

// The marks with what the browser measured of the page's loading: the navigation's start
// (wall clock), the document's arrival, and the modules and stylesheets fetched so far.
function startUpMarks() {
  const navigation = performance.getEntriesByType('navigation')[0];
  return {
    ...marks,
    origin: performance.timeOrigin,
    document: navigation ? navigation.responseEnd : null,
    painted: performance.now(),
  };
}

class AppShell extends HTMLElement {
  async connectedCallback() {
    this.competitionName = '';
    this.notice = '';
    onLangChange(() => this.paint());
    window.addEventListener('hashchange', () => this.paint());
    // One call for what the first screen shows, while the first area's module loads.
    const [, , , loadFirstArea] = this.area();
    marks.asked = performance.now();
    const [start] = await Promise.all([
      api.startUp().then((r) => { marks.answered = performance.now(); return r; })
        .catch((err) => ({ failed: err })),
      loadFirstArea().then(() => { marks.area = performance.now(); }).catch(() => {}),
    ]);
    this.begin(start);
    // Venue LAN, station: a laptop that joined a host opens in station mode (issue 9).
    if (this.stationMode) await loadStationScreens().catch(() => {});
    window.addEventListener('panelis-station-mode', async () => { await this.loadStation(); location.hash = '#overview'; this.paint(); });
    // The competition's details edited on the overview: the header follows.
    document.addEventListener('competition-changed', async () => {
      await this.loadName();
      const name = this.querySelector('[data-testid=topbar-name]');
      if (name) name.textContent = this.competitionName;
    });
    this.paint();
    marks.shown = performance.now();
    requestAnimationFrame(() => {
      marks.frame1 = performance.now();
      requestAnimationFrame(() => this.firstFramePainted());
    });
  }

  // After the first frame with the competition shown: the start-up benchmark's mark, then
  // what waits for the first frame.
  firstFramePainted() {
    api.benchReady(startUpMarks()).catch(() => {});
    // A secretariat's file that disappears while open raises the blocking alarm.
    if (!this.stationMode) {
      watchFile(async () => {
        this.notice = '';
        await this.loadName();
        location.hash = '#overview';
        this.paint();
      });
    }
  }

  // What the start-up call said: the version, the competition's name (and the overview
  // screen's data with its backup card's, handed to it on the first paint), station mode,
  // and any problem.
  begin(start) {
    if (start.failed) {
      this.notice = errorText(start.failed);
      return;
    }
    this.version = start.version;
    this.launchProblem = start.launch_problem;
    if (start.overview) {
      this.showName(start.overview.overview);
      this.firstScreen = { ...start.overview, backups: start.backups };
    } else {
      this.notice = errorText(start.overview_problem);
    }
    this.stationMode = Boolean(start.station.station);
    if (start.station.problem) this.notice = errorText(start.station.problem);
  }

  showName(overview) {
    this.competitionName = overview.competition.name;
    // Every screen shows instants in the venue's time, from this one call.
    setVenueClock(overview.venue_clock);
  }

  async loadName() {
    try {
      this.showName(await api.overview());
    } catch (err) {
      this.competitionName = '';
      this.notice = errorText(err);
    }
  }

  async loadStation() {
    const mode = await api.stationStatus().catch(() => ({ station: null }));
    this.stationMode = Boolean(mode.station);
    if (mode.problem) this.notice = errorText(mode.problem);
    if (this.stationMode) await loadStationScreens().catch(() => {});
  }

  area() {
    const key = location.hash.replace('#', '');
    if (key === 'join') return JOIN;
    return AREAS.find(([k]) => k === key) || AREAS[0];
  }

  paint() {
    // Station mode shows the station only: no secretariat areas on a panelist's laptop.
    this.classList.toggle('is-station', Boolean(this.stationMode));
    if (this.stationMode) {
      if (!this.querySelector(':scope > panelis-station')) this.innerHTML = '<panelis-station></panelis-station>';
      return;
    }
    const area = this.area();
    const current = area[0];
    // Said again in the current language on every paint, until another file is opened.
    if (this.launchProblem) this.notice = `${t('error.launch')} ${errorText(this.launchProblem)}`;
    this.innerHTML = String(html`
      <header class="topbar">
        <span class="brand">Panelis</span>
        <span class="topbar-name" data-testid="topbar-name">${this.competitionName}</span>
        <div class="menu">
          <button class="menu-button" data-action="toggle-file" aria-haspopup="true">${t('file.menu')} ▾</button>
          <div class="menu-list" hidden>
            <button data-action="new">${t('file.new')}</button>
            <button data-action="open">${t('file.open')}</button>
            <button data-action="join-host" data-testid="menu-join-host">${t('file.join_host')}</button>
            <div class="menu-heading">${t('file.recent')}</div>
            <div class="recent-list"><span class="muted">…</span></div>
            <button data-action="about">${t('about.menu')}</button>
          </div>
        </div>
        <button class="lang" data-action="lang">${t('lang.switch')}</button>
      </header>
      <nav class="sidenav" aria-label="Panelis">
        ${AREAS.map(([key, label]) => html`<a href="#${key}" class="${key === current ? 'active' : ''}" data-area="${key}">${t(label)}</a>`)}
        <button class="version muted" data-action="about" data-testid="version">v${this.version || ''}</button>
      </nav>
      <main class="content">
        ${this.notice ? html`<p class="notice" role="alert">${this.notice}</p>` : ''}
        <div class="area"></div>
      </main>
      <dialog class="about-dialog" data-testid="about">
        <form method="dialog" class="form">
          <h2>Panelis</h2>
          <p>${t('about.version')} <strong data-testid="about-version">${this.version || ''}</strong></p>
          <p>${t('about.what')}</p>
          <div class="actions"><button value="close" class="primary">${t('about.close')}</button></div>
        </form>
      </dialog>
      <dialog class="new-dialog">
        <form method="dialog" class="form">
          <h2>${t('new.title')}</h2>
          <label>${t('new.name')}<input name="name" required></label>
          <label>${t('new.year')}<input name="year" type="number" min="2000" max="2100" value="${new Date().getFullYear()}"></label>
          <label>${t('new.organizer')}<input name="organizer"></label>
          <label>${t('new.venue')}<input name="venue"></label>
          <p class="error form-error" role="alert"></p>
          <div class="actions"><button value="cancel" formnovalidate>${t('new.cancel')}</button>
          <button value="create" class="primary">${t('new.create')}</button></div>
        </form>
      </dialog>`);
    this.wire();
    // The start-up read the overview screen's data: the overview paints it at once, once.
    const given = current === 'overview' ? this.firstScreen : null;
    this.firstScreen = null;
    this.showArea(area, given);
  }

  // Shows the area's screen once its module is loaded (at once if it was before). An area
  // whose module does not load says so instead of going blank.
  async showArea([, titleKey, tag, load], given) {
    const box = this.querySelector('.area');
    let shown = tag;
    try {
      await load();
    } catch {
      shown = 'panelis-placeholder';
      await loadPlaceholder().catch(() => {});
    }
    // Painted again meanwhile (another area, the language): that paint shows its own.
    if (!box.isConnected) return;
    const el = document.createElement(shown);
    el.setAttribute('title-key', titleKey);
    if (given) el.given = given;
    box.append(el);
  }

  wire() {
    const list = this.querySelector('.menu-list');
    this.querySelector('[data-action="toggle-file"]').addEventListener('click', async () => {
      list.hidden = !list.hidden;
      if (!list.hidden) this.paintRecent();
    });
    this.querySelector('[data-action="lang"]').addEventListener('click', () => setLang(lang() === 'id' ? 'en' : 'id'));
    this.querySelector('[data-action="open"]').addEventListener('click', () => this.afterOpen(api.chooseCompetition()));
    this.querySelector('[data-action="join-host"]').addEventListener('click', () => { list.hidden = true; location.hash = '#join'; });
    const about = this.querySelector('.about-dialog');
    this.querySelectorAll('[data-action="about"]').forEach((b) => b.addEventListener('click', () => { list.hidden = true; about.showModal(); }));
    const dialog = this.querySelector('.new-dialog');
    this.querySelector('[data-action="new"]').addEventListener('click', () => { list.hidden = true; dialog.showModal(); });
    dialog.querySelector('form').addEventListener('submit', (ev) => {
      if (ev.submitter && ev.submitter.value === 'create') {
        ev.preventDefault();
        const f = new FormData(ev.target);
        const year = f.get('year') ? Number(f.get('year')) : null;
        const details = { name: f.get('name'), year, organizer: f.get('organizer'), venue: f.get('venue') };
        this.afterOpen(api.newCompetition(details), dialog);
      }
    });
  }

  async paintRecent() {
    const box = this.querySelector('.recent-list');
    const files = await api.recentCompetitions().catch(() => []);
    box.innerHTML = String(files.length
      ? html`${files.map((p) => html`<button data-path="${p}" title="${p}">${p.split(/[\\/]/).pop()}</button>`)}`
      : html`<span class="muted">${t('file.none_recent')}</span>`);
    box.querySelectorAll('button').forEach((b) => b.addEventListener('click', () => this.afterOpen(api.openCompetition(b.dataset.path))));
  }

  // Waits for an open/new call; on success shows the overview of the new file.
  async afterOpen(promise, dialog = null) {
    try {
      const result = await promise;
      if (!result) return; // the user cancelled the file dialog
      if (dialog) dialog.close();
      this.notice = '';
      this.launchProblem = null;
      await this.loadName();
      location.hash = '#overview';
      this.paint();
    } catch (err) {
      if (dialog) {
        dialog.querySelector('.form-error').textContent = errorText(err);
      } else {
        this.notice = errorText(err);
        this.paint();
      }
    }
  }
}

export function registerAppShell() { customElements.define('panelis-app', AppShell); }
