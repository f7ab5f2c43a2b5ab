#!/usr/bin/env node
// Writes tests/data/tickets/clock.csv, the table test of the "137" clock
// (rules/tickets.json): for tickets received at the edges of every holiday
// and make-up working day of 2019-2026, at 00:00, 09:00, 23:30 and
// 23:59:59 local time, and of a taxi category and another, the deadlines
// the clock must give: contact (60 minutes after receipt, an instant),
// resolve (3 working days after the day of receipt), close (7 working days
// after it; for a taxi category the earlier of that and 10 calendar days,
// moved to the next working day when it ends on a rest day).
// The answers come from chinese-days' own isWorkday and RULES.md "Days"
// written again here, not from sunroad.
//
// Usage: node tests/data/tickets/make-clock.mjs > tests/data/tickets/clock.csv
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { isWorkday } = require('chinese-days');
const data = require('chinese-days/dist/chinese-days.json');

const DAY = 86400000;
const toDay = (date) => Date.parse(`${date}T00:00:00Z`) / DAY;
const toDate = (day) => new Date(day * DAY).toISOString().slice(0, 10);
const years = Object.keys(data.holidays).map((d) => Number(d.slice(0, 4)));
const last = toDay(`${Math.max(...years)}-12-31`);
const working = (day) =>
  day > last ? ![0, 6].includes(new Date(day * DAY).getUTCDay()) : isWorkday(toDate(day));

function workingAfter(from, n) {
  let day = from;
  for (let counted = 0; counted < n; ) if (working(++day)) counted++;
  return day;
}
function calendarAfter(from, n) {
  let day = from + n;
  while (!working(day)) day++;
  return day;
}

// "2024-09-30T23:30:00+08:00" plus minutes, in UTC+8.
function plusMinutes(date, time, minutes) {
  const t = Date.parse(`${date}T${time}+08:00`) + minutes * 60000 + 8 * 3600000;
  return `${new Date(t).toISOString().slice(0, 19)}+08:00`;
}

const rows = [['case', 'received_at', 'category', 'contact', 'resolve', 'close', 'provisional']];
function row(what, day, time, category) {
  const resolve = workingAfter(day, 3);
  let close = workingAfter(day, 7);
  if (category === 'taxi_refuse') close = Math.min(close, calendarAfter(day, 10));
  const provisional = resolve > last || close > last ? 1 : 0;
  rows.push([what, `${toDate(day)}T${time}+08:00`, category, plusMinutes(toDate(day), time, 60), toDate(resolve),
    toDate(close), provisional]);
}

const d = toDay;
row('received 23:30 on the eve of National Day 2024: contact after midnight, resolve after the week', d('2024-09-30'), '23:30:00', 'taxi_refuse');
row('received on National Day 2024, a holiday', d('2024-10-01'), '10:00:00', 'other_transport');
row('received on the make-up Saturday 2024-10-12', d('2024-10-12'), '09:00:00', 'taxi_refuse');
row('received on a Friday night', d('2025-03-07'), '23:59:59', 'other_transport');
row('received on the last day of the calendar: provisional', d('2026-12-31'), '09:00:00', 'taxi_refuse');

const listed = (kind) => Object.keys(data[kind]).map(toDay).filter((x) => x >= d('2019-01-01') && x <= d('2026-12-31'));
const days = new Set();
for (const day of [...listed('holidays'), ...listed('workdays')]) for (const k of [-1, 0, 1]) days.add(day + k);
for (const day of [...days].filter((x) => x >= d('2019-01-01')).sort((a, b) => a - b)) {
  const kind = listed('holidays').includes(day) ? 'holiday' : listed('workdays').includes(day) ? 'make-up working day' : 'edge';
  row(`${toDate(day)} (${kind}) 00:00`, day, '00:00:00', 'taxi_refuse');
  row(`${toDate(day)} (${kind}) 09:00`, day, '09:00:00', 'other_transport');
  row(`${toDate(day)} (${kind}) 23:30`, day, '23:30:00', 'taxi_refuse');
  row(`${toDate(day)} (${kind}) 23:59:59`, day, '23:59:59', 'other_transport');
}
process.stdout.write(rows.map((r) => r.map((v) => (/[",]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : v)).join(',')).join('\n') + '\n');
