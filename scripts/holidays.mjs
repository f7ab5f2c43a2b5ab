#!/usr/bin/env node
// Writes rules/holidays.json, the calendar of the State Council's public
// holidays and make-up working days (调休上班), from the npm package
// chinese-days at the version pinned by package-lock.json. The file is
// committed as data; the binary embeds it and reads an agency's own copy
// with --rules DIR (docs/calendar.md).
//
// Usage: node scripts/holidays.mjs [OUT]     (default: rules/holidays.json)
//
// Each year lists the days of its own calendar year only: a holiday that
// runs from 30 December into January is written as two entries, one in each
// year. Consecutive days of one holiday become one from/to entry; the
// weekend days inside a holiday that the package leaves out (2012's 端午,
// 22 to 24 June, is given as the 22nd and the 24th) are filled in, so each
// entry reads like the notice; two holidays taken together (国庆节 and 中秋
// in 2017, 2020, 2023, 2025) become one entry named after both.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const top = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? join(top, 'rules', 'holidays.json');
const pkg = require('chinese-days/package.json');
const data = require('chinese-days/dist/chinese-days.json');

const DAY = 86400000;
const toDay = (date) => Date.parse(`${date}T00:00:00Z`) / DAY;
const toDate = (day) => new Date(day * DAY).toISOString().slice(0, 10);
const isWeekend = (day) => [0, 6].includes(new Date(day * DAY).getUTCDay());
// "Spring Festival,春节,4": the Chinese name.
const nameOf = (value) => value.split(',')[1];

// date -> name, for one kind of day.
function days(kind) {
  const map = new Map();
  for (const [date, value] of Object.entries(data[kind])) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || toDate(toDay(date)) !== date)
      throw new Error(`chinese-days ${pkg.version}: ${kind} has the bad date '${date}'`);
    map.set(toDay(date), nameOf(value));
  }
  return map;
}

const holidays = days('holidays');
const workdays = days('workdays');
for (const day of holidays.keys())
  if (workdays.has(day))
    throw new Error(`chinese-days ${pkg.version}: ${toDate(day)} is both a holiday and a make-up working day`);

// Fill the weekend gaps inside one holiday: a weekend day between two days
// of the same holiday, not itself a make-up working day, is part of it.
for (const [day, name] of [...holidays].sort((a, b) => a[0] - b[0])) {
  let next = day + 1;
  while (next - day <= 3 && isWeekend(next) && !holidays.has(next) && !workdays.has(next)) next++;
  if (next > day + 1 && holidays.get(next) === name)
    for (let d = day + 1; d < next; d++) holidays.set(d, name);
}

// Runs of consecutive days within one calendar year: [{ from, to, names }].
function runs(map, joinAdjacent) {
  const result = [];
  for (const day of [...map.keys()].sort((a, b) => a - b)) {
    const last = result[result.length - 1];
    const name = map.get(day);
    if (
      last &&
      last.to === day - 1 &&
      toDate(day).slice(0, 4) === toDate(last.from).slice(0, 4) &&
      (joinAdjacent || last.names[0] === name)
    ) {
      last.to = day;
      if (!last.names.includes(name)) last.names.push(name);
    } else {
      result.push({ from: day, to: day, names: [name] });
    }
  }
  return result;
}

const entry = (r) => {
  const name = JSON.stringify(r.names.join('、'));
  return r.from === r.to
    ? `{ "name": ${name}, "date": "${toDate(r.from)}" }`
    : `{ "name": ${name}, "from": "${toDate(r.from)}", "to": "${toDate(r.to)}" }`;
};

const byYear = new Map();
for (const [kind, list] of [
  ['holidays', runs(holidays, true)],
  ['workdays', runs(workdays, false)],
]) {
  for (const r of list) {
    const year = Number(toDate(r.from).slice(0, 4));
    if (!byYear.has(year)) byYear.set(year, { holidays: [], workdays: [] });
    byYear.get(year)[kind].push(entry(r));
  }
}
const years = [...byYear.keys()].sort((a, b) => a - b);
for (let y = years[0]; y <= years[years.length - 1]; y++)
  if (!byYear.has(y)) throw new Error(`chinese-days ${pkg.version}: no arrangements for ${y}`);

const list = (items) => (items.length ? `[\n        ${items.join(',\n        ')}\n      ]` : '[]');
const text = `{
  "title": "全国年节及纪念日放假安排: the State Council's public holidays and make-up working days (调休上班)",
  "source": "国务院办公厅关于部分节假日安排的通知, one a year, as carried by the npm package chinese-days",
  "package": "chinese-days",
  "version": ${JSON.stringify(pkg.version)},
  "generated_by": "scripts/holidays.mjs",
  "note": "A year lists the days of its own calendar year: holidays (rest days, weekends inside a holiday included) and make-up working days. To add a newly announced year, append it by hand and check it with sunroad calendar show --rules DIR --year YEAR (docs/calendar.md).",
  "years": [
${years
  .map(
    (y) => `    {
      "year": ${y},
      "holidays": ${list(byYear.get(y).holidays)},
      "workdays": ${list(byYear.get(y).workdays)}
    }`,
  )
  .join(',\n')}
  ]
}
`;
JSON.parse(text); // it must be JSON
writeFileSync(out, text);
console.log(`${out}: ${years[0]} to ${years[years.length - 1]} from chinese-days ${pkg.version}`);
