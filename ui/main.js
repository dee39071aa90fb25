// Registers the components and starts the app.
import { registerAppShell } from './components/app-shell/app-shell.js';
import { registerOverview } from './components/overview/overview.js';
import { registerEntriesList } from './components/entries-list/entries-list.js';
import { registerPanelRubric } from './components/panel-rubric/panel-rubric.js';
import { registerPlaceholder } from './components/placeholder/placeholder.js';
import { registerResults } from './components/results/results.js';
import { registerSchedule } from './components/schedule/schedule.js';
import { registerLive } from './components/live/live.js';
import { registerBackups } from './components/backups/backups.js';
import { registerScoring } from './components/scoring/scoring.js';
import { registerPaperBallots } from './components/paper-ballots/paper-ballots.js';
import { registerStation } from './components/station/station.js';
import { registerVenueHost } from './components/venue-host/venue-host.js';

registerOverview();
registerEntriesList();
registerPanelRubric();
registerPlaceholder();
registerResults();
registerSchedule();
registerLive();
registerBackups();
registerScoring();
registerPaperBallots();
registerStation();
registerVenueHost();
registerAppShell();
