// The station's messages for errors from the backend: its own wording for the codes of
// joining and scoring (what is wrong, what to do), the host's detail after it; any other
// code goes through the app's general catalogue.
import { errorText, t } from '../../i18n/index.js';

// A certificate that is not our host's: its fingerprint is not shown, so nobody copies it in.
const SELF_CONTAINED = ['station_unconfirmed', 'fingerprint_mismatch', 'wrong_fingerprint', 'forged_certificate',
  'pin_length', 'pin_not_hex'];

export function stationError(err) {
  const code = err && err.code;
  const key = `station.err.${code}`;
  // Counts come as the error's fields (err.detail), never out of its message.
  const n = err && err.detail && err.detail.n !== undefined ? err.detail.n : '';
  const own = code ? t(key, { n }) : key;
  if (own === key) return errorText(err);
  // The host's or library's detail names what exactly (which code, which address), except
  // where our sentence already says all of it.
  return err.message && !SELF_CONTAINED.includes(code) ? `${own} (${err.message})` : own;
}
