// Instants as people read them: the venue's wall clock in the current language with its zone
// named ("2 Des 2026, 10.46 WITA" / "2 Dec 2026, 10:46 WITA"). Every screen shows an instant
// through here, never in the browser's own zone (a laptop left on UTC would say 02.46). The
// venue's offset and zone name come from the backend (the overview's venue_clock, set by the
// app shell); the zone's name is the core's rule, not the page's.
import { lang } from '../i18n/index.js';

// Until the backend has said where the venue is, times are UTC and say so.
let venue = { utc_offset_minutes: 0, zone: 'UTC' };

export function setVenueClock(clock) {
  if (clock && Number.isFinite(clock.utc_offset_minutes) && clock.zone) venue = clock;
}

export function venueClock() { return venue; }

// Fixed short month names: the system's locale data differs between engines ("Sep"/"Sept").
const MONTHS = {
  id: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

const pad = (n) => String(n).padStart(2, '0');

// The venue's wall clock for an instant (ISO text, Date or ms) as UTC fields; null for none.
function atVenue(at) {
  if (at === null || at === undefined || at === '') return null;
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  if (Number.isNaN(ms)) return null;
  return new Date(ms + venue.utc_offset_minutes * 60000);
}

// "2 Des 2026" / "2 Dec 2026": the venue's date of an instant; '' for none.
export function venueDate(at) {
  const d = atVenue(at);
  if (!d) return '';
  const months = MONTHS[lang() === 'en' ? 'en' : 'id'];
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

// "7 Mar 2023": a calendar date ("2023-03-07", the venue's already) in the same words.
export function calendarDate(date) {
  const m = String(date || '').match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!m) return date || '';
  const months = MONTHS[lang() === 'en' ? 'en' : 'id'];
  return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
}

// "7 Mar": the day and month of a calendar date ("2023-03-07") in the same words.
function dayMonth(date) {
  const m = String(date || '').match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!m) return date || '';
  return `${Number(m[3])} ${MONTHS[lang() === 'en' ? 'en' : 'id'][Number(m[2]) - 1]}`;
}

// "08:02" of a venue-local wall-clock time ("2023-03-07T08:02:00", the backend's local
// fields), with its day and month in front when that is not the day `date` ("7 Mar 08:02"):
// a time on another date must not read as if it were on this one (a schedule made for
// another day, a slot that ran on another date than planned).
export function timeOnDay(local, date) {
  if (!local) return '';
  const day = String(local).slice(0, 10);
  const time = String(local).slice(11, 16);
  return day === date ? time : `${dayMonth(day)} ${time}`;
}

// When the next entry is expected ("14:56", the day's projection) and, when that differs, when
// it was planned, with the planned day named if it is not the expected one ("7 Mar 08:02");
// `planned` is '' when the entry runs to plan. For the live control and the projector alike.
export function nextWhen(next) {
  const expected = String(next.projected_start_local || '').slice(11, 16);
  const planned = timeOnDay(next.planned_start_local, String(next.projected_start_local || '').slice(0, 10));
  return { expected, planned: planned === expected ? '' : planned };
}

// "10.46 WITA" / "10:46 WITA": the venue's time of day of an instant; '' for none.
export function venueTime(at) {
  const d = atVenue(at);
  if (!d) return '';
  const sep = lang() === 'en' ? ':' : '.';
  return `${pad(d.getUTCHours())}${sep}${pad(d.getUTCMinutes())} ${venue.zone}`;
}

// "2 Des 2026, 10.46 WITA" / "2 Dec 2026, 10:46 WITA"; '' for none.
export function when(at) {
  const date = venueDate(at);
  return date ? `${date}, ${venueTime(at)}` : '';
}
