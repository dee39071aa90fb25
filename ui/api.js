// The one module that talks to the backend. Components call these functions; nothing else
// calls `invoke`. Errors arrive as { code, message, problems } from the Rust side.

const invoke = (cmd, args) => {
  const tauri = window.__TAURI__;
  if (!tauri) return Promise.reject({ code: 'no_backend', message: 'Tauri is not available' });
  return tauri.core.invoke(cmd, args);
};

// What the first screen needs, in one round trip: { version, launch_problem, overview:
// { overview, day } | null, overview_problem, station: { station, problem } }.
export const startUp = () => invoke('start_up');
export const benchReady = (marks) => invoke('bench_ready', { marks });
export const overview = () => invoke('overview');
// The overview screen's read: { overview, day } (where the day stands, the next step).
export const overviewScreen = () => invoke('overview_screen');
export const updateCompetition = (details) => invoke('update_competition', { details });
export const recentCompetitions = () => invoke('recent_competitions');
export const openCompetition = (path) => invoke('open_competition', { path });
export const fileStatus = () => invoke('file_status');
export const saveCopyFromMemory = (path = null) => invoke('save_copy_from_memory', { path });
export const chooseCompetition = () => invoke('choose_competition');
export const newCompetition = (details, path = null) => invoke('new_competition', { details, path });
export const listEntries = () => invoke('list_entries');
export const listPanelists = () => invoke('list_panelists');
export const listPanelOnRecord = () => invoke('list_panel_on_record');
export const removePanelist = (panelistId) => invoke('remove_panelist', { panelistId });
export const getRubric = () => invoke('get_rubric');

// --- Schedule (Jadwal), live control (Sesi Langsung) and the projector window (issue 4) ---
export const scheduleView = () => invoke('schedule_view');
export const addRoom = (name) => invoke('add_room', { name });
export const roomRemovalPreview = (roomId) => invoke('room_removal_preview', { roomId });
export const removeRoom = (roomId) => invoke('remove_room', { roomId });
// order: { by: 'no' } | { by: 'category' } | { by: 'given', entries: [entryId, ...] }
export const generateSchedule = (rooms, order, days) => invoke('generate_schedule', { rooms, order, days });
export const setPhasePlan = (plan) => invoke('set_phase_plan', { plan });
export const setSlotPlan = (slotId, plan) => invoke('set_slot_plan', { slotId, plan });
export const setRoomDayPlan = (roomId, days) => invoke('set_room_day_plan', { roomId, days });
export const moveSlot = (slotId, position) => invoke('move_slot', { slotId, position });
export const swapSlots = (a, b) => invoke('swap_slots', { a, b });
export const moveSlotToEndOfDay = (slotId) => invoke('move_slot_to_end_of_day', { slotId });
export const markNoShow = (slotId) => invoke('mark_no_show', { slotId });
// Without a path the user chooses one in a save dialog; resolves to null when cancelled.
export const exportScheduleXlsx = (lang, path = null) => invoke('export_schedule_xlsx', { lang, path });
export const liveView = (roomId = null) => invoke('live_view', { roomId });
// command: { kind: 'start' | 'pause' | 'resume' | 'next' | 'prev' | 'restart' | 'finish' }
// or { kind: 'adjust', seconds: 60 }.
export const timerCommand = (slotId, command) => invoke('timer_command', { slotId, command });
export const callSlot = (slotId, present = null) => invoke('call_slot', { slotId, present });
export const projectorView = (roomId = null) => invoke('projector_view', { roomId });
export const openProjector = (roomId = null) => invoke('open_projector', { roomId });
export const closeProjector = () => invoke('close_projector');
export const toggleProjectorFullscreen = () => invoke('toggle_projector_fullscreen');
export const projectorStatus = () => invoke('projector_status');
// Events the backend sends (the projector's sync, the projector window opening/closing);
// resolves to a function that stops listening.
export const listen = (event, handler) => {
  const tauri = window.__TAURI__;
  if (!tauri) return Promise.resolve(() => {});
  return tauri.event.listen(event, (e) => handler(e.payload));
};

// --- Entries (Inovasi), panel, conflicts of interest and rubric (issue 3) ---
// The OS file dialog only supplies a path (null when cancelled); the preview reads it.
export const chooseShortlistFile = () => invoke('choose_shortlist_file');
// choice: { kind: 'guess' } | { kind: 'header_row', value: 4 } | { kind: 'mapping', value: mapping }
export const previewShortlist = (path, choice = { kind: 'guess' }, sheet = null) => invoke('preview_shortlist', { path, sheet, choice });
export const applyShortlist = (plan) => invoke('apply_shortlist', { plan });
export const updateEntry = (entryId, fields) => invoke('update_entry', { entryId, fields });
// present: true (hadir) | false (tidak hadir) | null (belum)
export const setEntryAttendance = (entryId, present, headAttended) => invoke('set_entry_attendance', { entryId, present, headAttended });
// Without a path the user chooses one in a save dialog; resolves to null when cancelled.
export const exportEntriesXlsx = (lang, path = null) => invoke('export_entries_xlsx', { lang, path });
export const addPanelist = (name, affiliation, isChair) => invoke('add_panelist', { name, affiliation, isChair });
export const updatePanelist = (panelistId, name, affiliation) => invoke('update_panelist', { panelistId, name, affiliation });
export const setChair = (panelistId) => invoke('set_chair', { panelistId });
export const listConflicts = () => invoke('list_conflicts');
export const addConflict = (panelistId, entryId, reason) => invoke('add_conflict', { panelistId, entryId, reason });
export const removeConflict = (panelistId, entryId) => invoke('remove_conflict', { panelistId, entryId });
export const rubricBallotCount = () => invoke('rubric_ballot_count');
// Criteria added in the editor carry the nil id; the backend gives them one.
// criteria as the editor holds them, numbers as typed; the core reads and judges them.
export const setRubric = (name, criteria) => invoke('set_rubric', { name, criteria });
export const checkRubric = (name, criteria) => invoke('check_rubric', { name, criteria });

// --- Scoring (Penilaian) and paper ballots (issue 5) ---
// The panelist's own calls score as the panelist this device is bound to; the backend
// never takes a panelist id for them from the page.
export const scoringStation = () => invoke('scoring_station');
export const bindStation = (panelistId) => invoke('bind_station', { panelistId });
export const unbindStation = () => invoke('unbind_station');
export const scoringProgress = () => invoke('scoring_progress');
export const scoringSheet = (entryId) => invoke('scoring_sheet', { entryId });
// form: { criteria: [{ criterion_id, score: 'as typed', note }], note }
export const saveBallotDraft = (entryId, form) => invoke('save_ballot_draft', { entryId, form });
export const submitBallot = (entryId, form) => invoke('submit_ballot', { entryId, form });
export const scoringNowPresenting = () => invoke('scoring_now_presenting');
// Without a path the user chooses one in a file dialog; resolves to null when cancelled.
export const exportStationBallots = (path = null) => invoke('export_station_ballots', { path });
export const importBallotFile = (path = null, acceptKeys = null) => invoke('import_ballot_file', { path, acceptKeys });
export const paperGrid = (panelistId) => invoke('paper_grid', { panelistId });
export const savePaperDraft = (panelistId, entryId, form) => invoke('save_paper_draft', { panelistId, entryId, form });
export const submitPaperBallot = (panelistId, entryId, form) => invoke('submit_paper_ballot', { panelistId, entryId, form });
export const importPaperScores = (path = null) => invoke('import_paper_scores', { path });
// Blank paper score sheets for one panelist (null: the whole panel). Without a path the user
// chooses one in a save dialog; resolves to null when cancelled.
export const exportBlankSheets = (panelistId, lang, path = null) => invoke('export_blank_sheets', { panelistId, lang, path });
// The blank sheets exportBlankSheets wrote last, opened in the system viewer.
export const openBlankSheets = () => invoke('open_blank_sheets');
// What a scanned sheet's QR code names: { panelist_id, panelist_name, entry_id, entry_no,
// entry_title }, or an error coded 'invalid' (not a sheet's code) or 'not_found'.
export const scanPaperSheet = (code) => invoke('scan_paper_sheet', { code });

// Backups (cadangan)
export const backupStatus = () => invoke('backup_status');
export const setBackupSettings = (settings) => invoke('set_backup_settings', { settings });
export const chooseBackupFolder = () => invoke('choose_backup_folder');
export const backupNow = () => invoke('backup_now');
export const restoreBackup = (path) => invoke('restore_backup', { path });

// --- Results, finalization and official documents (Hasil & Dokumen, issue 6) ---
export const resultsView = (outlierPoints = null, zScores = false) => invoke('results_view', { outlierPoints, zScores });
// request: { room, entries: [no, ...] | null, chair, secretariat, quorum_override: text | null }
// (without quorum_override, finalizing entries with missing ballots fails: quorum_incomplete)
export const finalizeResults = (request) => invoke('finalize_results', { request });
// request: { room, entries: [no, ...] | null, reason }
export const reopenResults = (request) => invoke('reopen_results', { request });
// kind: 'recap' | 'minutes' | 'sheets' | 'schedule' | 'all' | 'announcement'. Without a path
// the user chooses one in a save dialog; resolves to null when cancelled. announceScores:
// the announcement prints each entry's final score beside its outcome.
export const exportDocument = (kind, lang, path = null, outlierPoints = null, announceScores = false) => invoke('export_document', { kind, lang, path, outlierPoints, announceScores });
export const exportResultsXlsx = (lang, path = null, outlierPoints = null) => invoke('export_results_xlsx', { lang, path, outlierPoints });
// documentId: an issued document's id (the register's `id`); its PDF opens in the system viewer.
export const printDocument = (documentId) => invoke('print_document', { documentId });
// Without a path the user picks the PDF in an open dialog; resolves to null when cancelled.
export const verifyDocument = (path = null) => invoke('verify_document', { path });
export const organizerCertificate = () => invoke('organizer_certificate');
export const importCertificate = (password, path = null) => invoke('import_certificate', { path, password });
export const exportCertificate = (path = null) => invoke('export_certificate', { path });
export const organizerLogo = () => invoke('organizer_logo');
export const setOrganizerLogo = (path = null) => invoke('set_organizer_logo', { path });
export const clearOrganizerLogo = () => invoke('clear_organizer_logo');

// --- Musyawarah: the panel's decision on the ranking, the quorum, the projector's mode ---
// nearTie: the near-tie margin in hundredths of a point (null: the backend's 50).
export const decisionView = (nearTie = null) => invoke('decision_view', { nearTie });
export const quorum = () => invoke('quorum');
// request: { kind: 'order', entries: [no, ...], reason } | { kind: 'clear_order', entry: no }
// | { kind: 'outcome', entry: no, outcome: name | null, reason }. Resolves to the evaluation;
// refusals come as { code, message, problems, detail }.
export const decide = (request) => invoke('decide', { request });
// outcomes: [{ name, seats, scope: 'overall' | 'cluster' | 'proportional' }, ...], best first.
export const setOutcomes = (outcomes) => invoke('set_outcomes', { outcomes });
export const proposeOutcomes = () => invoke('propose_outcomes');
export const applyProposal = () => invoke('apply_proposal');
// The projector shows the deliberation (or the timer again); the panelists' own totals only
// when showPanelists.
export const projectorMode = () => invoke('projector_mode');
export const setProjectorMode = (deliberation, showPanelists, nearTie = null) => invoke('set_projector_mode', { deliberation, showPanelists, nearTie });
// The projector window's read: null in timer mode. Event: 'projector-deliberation'.
export const projectorDeliberation = () => invoke('projector_deliberation');
export const PROJECTOR_DELIBERATION_EVENT = 'projector-deliberation';

// Venue LAN: host (the secretariat's side of Jaringan venue, issue 9)
// Events: 'venue-host-event' (each host event, tagged by `kind`) and 'ballots-changed'
// (a station's ballot was stored in the open competition: screens showing ballots reload).
export const venueHostView = () => invoke('venue_host_view');
// bind: 'IP:port', e.g. '0.0.0.0:7443' (port 0 picks a free one)
export const venueHostStart = (bind) => invoke('venue_host_start', { bind });
export const venueHostStop = () => invoke('venue_host_stop');
export const venueHostInvite = (panelistId) => invoke('venue_host_invite', { panelistId });
export const venueHostInviteAll = () => invoke('venue_host_invite_all');
export const venueHostRevoke = (panelistId) => invoke('venue_host_revoke', { panelistId });

// Venue LAN: station (a panelist's laptop joined to a host, issue 9)
// Event: STATION_EVENT, each StationEvent tagged by `kind` ('link', 'ballot', 'live',
// 'snapshot'; 'lagged' when some were missed: reload).
export const STATION_EVENT = 'station-event';
export const stationStatus = () => invoke('station_status');
export const stationDiscover = () => invoke('station_discover');
// input: { kind: 'link', link } | { kind: 'typed', host, fingerprint, code }
export const stationPreview = (input) => invoke('station_preview', { input });
// link: the checked link station_preview answered with
export const stationJoin = (link, stationName) => invoke('station_join', { link, stationName });
export const stationEntries = () => invoke('station_entries');
export const stationForm = (entryId) => invoke('station_form', { entryId });
export const stationSaveDraft = (entryId, form) => invoke('station_save_draft', { entryId, form });
export const stationSubmit = (entryId, form) => invoke('station_submit', { entryId, form });
export const stationTimers = () => invoke('station_timers');
export const stationLeave = () => invoke('station_leave');
