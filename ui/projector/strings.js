// Wording of the projector window, Bahasa Indonesia first, English second. The state
// words come from the core with the view.
export default {
  id: {
    'proj.next': 'Berikutnya',
    'proj.phase_of': 'Fase {n} dari {m}',
    'proj.no_next': 'Tidak ada slot berikutnya',
    'proj.unavailable': 'Tampilan belum tersedia',
  },
  en: {
    'proj.next': 'Next up',
    'proj.phase_of': 'Phase {n} of {m}',
    'proj.no_next': 'No further slot',
    'proj.unavailable': 'Display not available yet',
  },
};
