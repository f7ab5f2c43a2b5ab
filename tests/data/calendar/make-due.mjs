#!/usr/bin/env node
// Writes tests/data/calendar/due.csv, the table test of calendar_due: each
// row a period (from, kind, n) and the day it must end (due, provisional),
// or "error". The answers come from chinese-days' own isWorkday and the
// counting rules of RULES.md "Days" written again here, not from sunroad,
// so the table checks rules/holidays.json and the C counting both.
//
// Usage: node tests/data/calendar/make-due.mjs > tests/data/calendar/due.csv
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { isWorkday } = require('chinese-days');
const data = require('chinese-days/dist/chinese-days.json');

const DAY = 86400000;
const toDay = (date) => Date.parse(`${date}T00:00:00Z`) / DAY;
const toDate = (day) => new Date(day * DAY).toISOString().slice(0, 10);
const years = Object.keys(data.holidays).map((d) => Number(d.slice(0, 4)));
const first = toDay(`${Math.min(...years)}-01-01`);
const last = toDay(`${Math.max(...years)}-12-31`);

// After the last year only the week is known.
const working = (day) =>
  day > last ? ![0, 6].includes(new Date(day * DAY).getUTCDay()) : isWorkday(toDate(day));

function due(from, kind, n) {
  if (from < first) return ['error', ''];
  let day = from;
  if (kind === 'working') {
    for (let counted = 0; counted < n; ) if (working(++day)) counted++;
  } else {
    day = from + n;
    while (!working(day)) day++;
  }
  return [toDate(day), day > last ? 1 : 0];
}

const rows = [];
const row = (what, from, kind, n) => rows.push([what, toDate(from), kind, n, ...due(from, kind, n)]);

// The cases a reader checks by hand (docs/calendar.md explains them).
const d = toDay;
row('5 working days from the eve of Spring Festival 2025', d('2025-01-27'), 'working', 5);
row('2 working days into the make-up Sunday before Spring Festival 2025', d('2025-01-24'), 'working', 2);
row('7 working days across National Day and Mid-Autumn 2025', d('2025-09-29'), 'working', 7);
row('15 calendar days ending on the make-up Saturday 2025-02-08', d('2025-01-24'), 'calendar', 15);
row('15 calendar days ending inside Spring Festival 2025', d('2025-01-15'), 'calendar', 15);
row('15 calendar days ending on National Day 2024, moved past it', d('2024-09-16'), 'calendar', 15);
row('60 calendar days ending on a Sunday', d('2024-04-17'), 'calendar', 60);
row('90 calendar days ending on Labour Day 2025', d('2025-01-31'), 'calendar', 90);
row('the event day is a holiday: the count starts the next day', d('2025-10-01'), 'working', 1);
row('the event day is a make-up working day: it is still not counted', d('2025-10-11'), 'working', 1);
row('1 calendar day from a Friday ends on the Monday', d('2025-03-07'), 'calendar', 1);
row('the first day of the calendar', first, 'working', 1);
row('a day before the calendar is an error', first - 1, 'working', 1);
row('long before the calendar', d('1999-10-01'), 'calendar', 15);
row('ending in the last year is not provisional', d('2026-12-21'), 'working', 5);
row('ending after the last year is provisional', d('2026-12-28'), 'working', 5);
row('calendar days out of the last year are provisional', d('2026-12-25'), 'calendar', 7);
row('from after the last year', last + 200, 'calendar', 30);
row('from after the last year, working days', last + 200, 'working', 7);

// Every holiday and make-up working day at its edges, every year.
const listed = (kind) =>
  Object.keys(data[kind])
    .map(toDay)
    .sort((a, b) => a - b);
const holidays = listed('holidays');
const workdays = listed('workdays');
// Holidays as runs of rest days, weekends joined.
const periods = [];
for (const day of holidays) {
  const p = periods[periods.length - 1];
  if (p && day - p.to <= 3 && [...Array(day - p.to - 1)].every((_, k) => !working(p.to + 1 + k))) p.to = day;
  else periods.push({ from: day, to: day });
}
for (const { from, to } of periods) {
  const name = `holiday ${toDate(from)} to ${toDate(to)}`;
  row(`${name}: 1 working day from its eve`, from - 1, 'working', 1);
  row(`${name}: 1 working day from its last day`, to, 'working', 1);
  row(`${name}: 3 working days across it`, from - 2, 'working', 3);
  row(`${name}: 5 working days from its first day`, from, 'working', 5);
  row(`${name}: calendar days ending on its first day`, from - 10, 'calendar', 10);
  row(`${name}: calendar days ending on its last day`, to - 15, 'calendar', 15);
  row(`${name}: calendar days ending the day after`, to - 14, 'calendar', 15);
}
for (const w of workdays) {
  const name = `make-up working day ${toDate(w)}`;
  row(`${name}: calendar days ending on it`, w - 15, 'calendar', 15);
  row(`${name}: calendar days ending the rest day before it`, w - 8, 'calendar', 7);
  row(`${name}: 1 working day from the day before`, w - 1, 'working', 1);
  row(`${name}: 1 working day from it`, w, 'working', 1);
}

const csv = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
process.stdout.write('case,from,kind,n,due,provisional\n');
for (const r of rows) process.stdout.write(`${r.map(csv).join(',')}\n`);
