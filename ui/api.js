// The one module that talks to the backend. Components call these functions; nothing else
// calls `invoke`. Errors arrive as { code, message, problems } from the Rust side.

const invoke = (cmd, args) => {
  const tauri = window.__TAURI__;
  if (!tauri) return Promise.reject({ code: 'no_backend', message: 'Tauri is not available' });
  return tauri.core.invoke(cmd, args);
};

export const appInfo = () => invoke('app_info');
export const overview = () => invoke('overview');
export const recentCompetitions = () => invoke('recent_competitions');
export const openCompetition = (path) => invoke('open_competition', { path });
export const chooseCompetition = () => invoke('choose_competition');
export const newCompetition = (details, path = null) => invoke('new_competition', { details, path });
export const listEntries = () => invoke('list_entries');
export const listPanelists = () => invoke('list_panelists');
export const getRubric = () => invoke('get_rubric');
