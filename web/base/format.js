// Display formats. The server sends integers (kg, fen) and instants with
// the +08:00 offset; the agency works in local (UTC+08:00) time whatever
// the browser's time zone, so instants are shown as written, not converted.
import { lang, t } from './i18n.js';

// 1234567 → '1,234,567' (grouping only; digits stay ASCII in both languages).
export function int(n) {
  if (n === null || n === undefined || n === '') return t('common.none');
  return Number(n).toLocaleString('en-US', { maximumFractionDigits: 0 });
}

// Integer division in whole units with 2 decimals, rounding half up, so
// 9301405 kg → '9,301.41' without floating point surprises.
function hundredths(value, per) {
  const negative = value < 0;
  const hundredthsTotal = Math.round((Math.abs(value) * 100) / per);
  const whole = Math.floor(hundredthsTotal / 100);
  const frac = String(hundredthsTotal % 100).padStart(2, '0');
  return `${negative ? '-' : ''}${int(whole)}.${frac}`;
}

// kg → tonnes with 2 decimals: 9301400 → '9,301.40'.
export function tonnes(kg) {
  if (kg === null || kg === undefined) return t('common.none');
  return hundredths(Number(kg), 1000);
}

// fen → yuan with 2 decimals: 150000 → '1,500.00'.
export function yuan(fen) {
  if (fen === null || fen === undefined) return t('common.none');
  return hundredths(Number(fen), 100);
}

// A percentage as the server computed it (0.0882 → '0.0882%').
export function pct(p) {
  if (p === null || p === undefined) return t('common.none');
  return `${Number(p).toLocaleString('en-US', { maximumFractionDigits: 4 })}%`;
}

// '2023-01-01T00:00:37+08:00' → '2023-01-01 00:00:37'.
export function instant(s) {
  if (!s) return t('common.none');
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)/.exec(s);
  return m ? `${m[1]} ${m[2]}` : String(s);
}

export function date(s) {
  return s ? String(s).slice(0, 10) : t('common.none');
}

export function yesNo(b) {
  return b ? t('yes') : t('no');
}

// Used where numbers are spelled in prose, e.g. chart axis names.
export function numberLocale() {
  return lang() === 'en' ? 'en-US' : 'zh-CN';
}
