// How the Jadwal and Sesi Langsung screens write times: venue-local clock times, days in
// words, durations, and how far behind or ahead a slot or a day runs.
import { addCatalogue, lang, t } from '../../i18n/index.js';
import { calendarDate, timeOnDay } from '../../lib/when.js';

addCatalogue({
  id: {
    'when.behind': 'terlambat {amount}',
    'when.ahead': 'lebih awal {amount}',
    'when.on_time': 'tepat waktu',
    'when.day_behind': 'Jadwal terlambat {amount}',
    'when.day_ahead': 'Jadwal lebih awal {amount}',
    'when.day_on_time': 'Jadwal tepat waktu',
    'when.other_day': 'jadwal {date}',
    'when.day_other_day': 'Jadwal untuk {date}',
    'when.minutes': '{m} mnt',
    'when.hours': '{h} jam {m} mnt',
    'when.days': '{d} hari',
    'when.day_overflow': 'Melewati akhir hari {end}: perkiraan selesai {projected}. Lewat batas: No {nos}',
  },
  en: {
    'when.behind': '{amount} behind',
    'when.ahead': '{amount} ahead',
    'when.on_time': 'on time',
    'when.day_behind': 'Running {amount} behind',
    'when.day_ahead': 'Running {amount} ahead',
    'when.day_on_time': 'Running on time',
    'when.other_day': 'scheduled {date}',
    'when.day_other_day': 'Scheduled for {date}',
    'when.minutes': '{m} min',
    'when.hours': '{h} h {m} min',
    'when.days': '{d} days',
    'when.day_overflow': 'Runs past the day\'s end {end}: expected to end {projected}. Past the end: No {nos}',
  },
});

const pad = (n) => String(n).padStart(2, '0');

// "08:05" from a venue-local date-time ("2023-03-07T08:05:00"); '' for none.
export function hm(local) { return local ? String(local).slice(11, 16) : ''; }

// "11:59–12:06" of a slot that ran, each end with its day when that is not the planned one
// (the end's day said again only when it differs from the start's); '…' while it runs.
export function ranSpan(r) {
  const start = timeOnDay(r.actual_start_local, r.date);
  if (!r.actual_end_local) return `${start}–…`;
  const startDay = String(r.actual_start_local).slice(0, 10);
  return `${start}–${timeOnDay(r.actual_end_local, startDay)}`;
}

// "Selasa, 7 Maret 2023" from "2023-03-07", in the current language.
export function dayLabel(date) {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  const locale = lang() === 'en' ? 'en-GB' : 'id-ID';
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC',
  }).format(d);
}

// "7:00" for 420 seconds; hours roll into minutes ("90:00").
export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

// Parses "7", "7:30" or "0:20" into seconds; null when it is not a duration.
export function parseDuration(text) {
  const m = String(text).trim().match(/^(\d{1,3})(?::([0-5]\d))?$/);
  if (!m) return null;
  return Number(m[1]) * 60 + (m[2] ? Number(m[2]) : 0);
}

// "12 mnt", "2 jam 5 mnt", "3 hari": a delay as a person says it.
function amount(minutes) {
  if (minutes < 60) return t('when.minutes', { m: minutes });
  if (minutes < 24 * 60) return t('when.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
  return t('when.days', { d: Math.round(minutes / (24 * 60)) });
}

// Delay in words and a tone for its badge: behind (late), ahead, on time (within half a
// minute). `day` words it for a whole day of a room. `of` is the core's slot row or day
// lag: when it says the schedule is for another day (the 2023 demo called today), the
// delay only measures the calendar, and the words name the schedule's day instead.
export function delay(seconds, day = false, of = null) {
  const m = Math.round(Math.abs(seconds) / 60);
  const prefix = day ? 'when.day_' : 'when.';
  if (of && of.another_day) return { text: t(`${prefix}other_day`, { date: calendarDate(of.date) }), tone: 'other-day' };
  if (m === 0) return { text: t(`${prefix}on_time`), tone: 'on-time' };
  if (seconds > 0) return { text: t(`${prefix}behind`, { amount: amount(m) }), tone: 'behind' };
  return { text: t(`${prefix}ahead`, { amount: amount(m) }), tone: 'ahead' };
}

// The core's word that a day's projection runs past the day's end, naming the entries that
// overflow; '' when the day still fits.
export function dayOverflow(day) {
  if (!day.overflowing_nos || !day.overflowing_nos.length) return '';
  return t('when.day_overflow', {
    end: hm(day.day_end_local), projected: hm(day.projected_end_local), nos: day.overflowing_nos.join(', '),
  });
}

// "HH:MM" of an input type=time, as the core's NaiveTime ("HH:MM:SS").
export function toTime(value) { return value && value.length === 5 ? `${value}:00` : value; }

// "08:05" at the venue for a UTC instant ("2023-03-07T00:05:00.000Z"); '' for none.
export function localHm(utc, offsetMinutes) {
  if (!utc) return '';
  const ms = Date.parse(utc);
  if (Number.isNaN(ms)) return '';
  return new Date(ms + offsetMinutes * 60000).toISOString().slice(11, 16);
}

// A phase's name in the current language.
export function phaseName(phase, prefix = 'label') {
  return lang() === 'en' ? phase[`${prefix}_en`] : phase[`${prefix}_id`];
}
