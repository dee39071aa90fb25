// Registers the components and starts the app.
import { registerAppShell } from './components/app-shell/app-shell.js';
import { registerOverview } from './components/overview/overview.js';
import { registerEntriesList } from './components/entries-list/entries-list.js';
import { registerPanelRubric } from './components/panel-rubric/panel-rubric.js';
import { registerPlaceholder } from './components/placeholder/placeholder.js';

registerOverview();
registerEntriesList();
registerPanelRubric();
registerPlaceholder();
registerAppShell();
