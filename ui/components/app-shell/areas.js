// The app's areas and the module that defines each one's screen. A screen's module (with
// its strings and styles) is loaded the first time its area is opened, so the start-up
// loads the shell and the first screen only.
import { stylesReady } from '../../lib/styles.js';

// Loads a screen's module and registers it once; later openings find it ready at once. A
// load that failed is tried again on the next opening.
function once(load) {
  let loading = null;
  return () => {
    loading ||= load().then(stylesReady).catch((err) => { loading = null; throw err; });
    return loading;
  };
}

// [key in the URL hash, title's catalogue key, the screen's element, its loader]
export const AREAS = [
  ['overview', 'nav.overview', 'panelis-overview', once(() => import('../overview/overview.js').then((m) => m.registerOverview()))],
  ['entries', 'nav.entries', 'panelis-entries', once(() => import('../entries-list/entries-list.js').then((m) => m.registerEntriesList()))],
  ['panel', 'nav.panel', 'panelis-panel-rubric', once(() => import('../panel-rubric/panel-rubric.js').then((m) => m.registerPanelRubric()))],
  ['schedule', 'nav.schedule', 'panelis-schedule', once(() => import('../schedule/schedule.js').then((m) => m.registerSchedule()))],
  ['live', 'nav.live', 'panelis-live', once(() => import('../live/live.js').then((m) => m.registerLive()))],
  ['scoring', 'nav.scoring', 'panelis-scoring', once(() => import('../scoring/scoring.js').then((m) => m.registerScoring()))],
  ['venue', 'nav.venue', 'panelis-venue-host', once(() => import('../venue-host/venue-host.js').then((m) => m.registerVenueHost()))],
  ['deliberation', 'nav.deliberation', 'panelis-deliberation', once(() => import('../deliberation/deliberation.js').then((m) => m.registerDeliberation()))],
  ['results', 'nav.results', 'panelis-results', once(() => import('../results/results.js').then((m) => m.registerResults()))],
];

// Station mode, and joining a host from the secretariat's menu: the station's module
// defines both (panelis-station, panelis-station-join).
export const loadStationScreens = once(() => import('../station/station.js').then((m) => m.registerStation()));
export const JOIN = ['join', 'station.join_title', 'panelis-station-join', loadStationScreens];

// Shown instead of an area whose module could not be loaded.
export const loadPlaceholder = once(() => import('../placeholder/placeholder.js').then((m) => m.registerPlaceholder()));
