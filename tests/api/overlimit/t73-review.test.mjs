// Findings 3, 5 and 6 of the security review (issue 12):
//  3. a plate a device sent as a formula comes back in a CSV export as
//     text (a leading ' and quoted, as OWASP advises), in the direct and
//     the background exports; the XLSX has no formula cell;
//  5. a record dated beyond max_clock_skew (10 minutes) is quarantined
//     (q_passed_at_future), and GET /api/v1/stats/range keeps to the
//     caller's units;
//  6. a record with a key twice is quarantined (q_duplicate_field), sent
//     alone on one line or inside an array.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { show, expectStatus, get, getOk, post, allItems } from '../../lib/http.mjs';
import { B01, OTHER, record, feed, storedSeqs } from './data.mjs';

// The cells of a CSV file (RFC 4180, the BOM and CRLF of the exports).
function csvCells(buf) {
  const text = buf.subarray(3).toString('utf8');
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell); rows.push(row); row = []; cell = ''; i++;
    } else cell += c;
  }
  return rows;
}

// What Excel, LibreOffice and Google Sheets would run: a cell starting
// with = + - @ TAB CR (a negative number aside).
const live = (cell) => /^\s*[=+\-@\t\r＝＋－＠]/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell);

const PLATES = ["+cmd|' /C calc'!A0", '=1+1', '@SUM(1+1)*cmd|x', '=HYPERLINK("http://e.vil","x")', '-2+3', '＝1+1'];
const DAY = '2024-04-01';

test('finding 3: plates that are formulas come back as text in the CSV exports, and as strings in the XLSX', async () => {
  const recs = PLATES.map((plate) => ({ ...record(B01.site, { over: false, day: DAY }), plate }));
  const r = expectStatus(await feed(B01.key, recs), 200);
  assert.equal(r.json.accepted, PLATES.length, show(r));

  const direct = expectStatus(await get('admin', `/api/v1/detections.csv?site=${B01.site}&from=${DAY}&to=${DAY}`), 200);
  const job = expectStatus(await post('admin', '/api/v1/exports', { kind: 'detections', format: 'csv', query: { site: B01.site, from: DAY, to: DAY } }), 202).json;
  let done;
  for (let i = 0; i < 600 && !['done', 'failed'].includes((done = await getOk('admin', `/api/v1/exports/${job.id}`)).state); i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(done.state, 'done', JSON.stringify(done));
  const background = expectStatus(await get('admin', `/api/v1/exports/${job.id}/file`), 200);

  for (const [what, file] of [['direct', direct], ['background', background]]) {
    const rows = csvCells(file.buf);
    assert.equal(rows.length, 1 + PLATES.length, `${what}: the header and the day's rows`);
    const plates = rows.slice(1).map((row) => row[3]).sort();
    assert.deepEqual(plates, PLATES.map((p) => `'${p}`).sort(), `${what}: each plate kept, behind a single quote`);
    for (const row of rows) for (const cell of row) assert.ok(!live(cell), `${what}: no cell is a formula: ${JSON.stringify(cell)}`);
    // Quoted as a whole: the quote and the plate are one cell whatever it holds.
    assert.ok(file.buf.toString('utf8').includes('"\'=HYPERLINK(""http://e.vil"",""x"")"'), what);
  }

  const xlsx = expectStatus(await get('admin', `/api/v1/detections.xlsx?site=${B01.site}&from=${DAY}&to=${DAY}`), 200);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunroad-t73-'));
  fs.writeFileSync(path.join(dir, 'x.xlsx'), xlsx.buf);
  const xml = execFileSync('unzip', ['-p', path.join(dir, 'x.xlsx')], { maxBuffer: 1 << 28 }).toString('utf8');
  fs.rmSync(dir, { recursive: true });
  assert.ok(!/<f[ >]/.test(xml), 'the workbook has no formula');
  assert.ok(xml.includes('=1+1'), 'the plate is there, as a string');
});

// Another unit's site posts a day later than any of B01's: the B01
// officer's range must not show it.
const LATE = '2024-12-31';

test('finding 5: GET /api/v1/stats/range is the caller\'s units\' first and last day', async () => {
  const late = record(OTHER.site, { over: false, day: LATE });
  assert.equal(expectStatus(await feed(OTHER.key, late), 200).json.accepted, 1);
  const all = await getOk('admin', '/api/v1/stats/range');
  assert.equal(all.to, LATE, 'the admin sees every unit');
  assert.equal(all.from, '2023-01-01');
  const mine = await getOk('officer', '/api/v1/stats/range');
  const [newest] = (await getOk('officer', '/api/v1/detections?sort=-passed_at&limit=1')).items;
  const [oldest] = (await getOk('officer', '/api/v1/detections?sort=passed_at&limit=1')).items;
  const day = (at) => at.slice(0, 10);
  assert.deepEqual(mine, { from: day(oldest.passed_at), to: day(newest.passed_at) }, 'the B01 officer\'s own detections');
  assert.notEqual(mine.to, LATE, 'not another unit\'s day');
});

// Beijing time, `minutes` from now, as a device writes it.
function beijing(minutes) {
  const t = new Date(Date.now() + minutes * 60000 + 8 * 3600000).toISOString().slice(0, 19);
  return `${t}+08:00`;
}

test('finding 5: a record dated beyond max_clock_skew (10 minutes) is quarantined with q_passed_at_future, nothing stored', async () => {
  const far = { ...record(B01.site), passed_at: '2999-01-01T08:00:00+08:00' };
  const soon = { ...record(B01.site), passed_at: beijing(60) };
  const r = expectStatus(await feed(B01.key, [far, soon]), 200);
  assert.equal(r.json.accepted, 0, show(r));
  assert.equal(r.json.quarantined, 2, show(r));
  const open = await allItems('admin', '/api/v1/quarantine?state=open');
  for (const rec of [far, soon]) {
    assert.equal((await storedSeqs(B01.site, rec.seq)).length, 0, `${rec.passed_at} is not a detection`);
    const q = open.find((x) => x.raw.includes(`"seq":${rec.seq},`));
    assert.ok(q, `${rec.passed_at} is in the quarantine`);
    assert.equal(q.reason_code, 'q_passed_at_future', JSON.stringify(q));
    assert.equal(q.reason_args.minutes, '10');
  }
  const range = await getOk('admin', '/api/v1/stats/range');
  assert.ok(range.to < '2999', `the range ends at ${range.to}`);
  // Within the skew a device's clock may run ahead: accepted.
  const ahead = { ...record(B01.site), passed_at: beijing(5) };
  assert.equal(expectStatus(await feed(B01.key, ahead), 200).json.accepted, 1);
});

test('finding 6: a record with a key twice is quarantined (q_duplicate_field), alone on a line or in an array', async () => {
  const dup = (rec) => JSON.stringify(rec).replace(/}$/, ',"plate":"蒙K00000"}');
  const alone = record(B01.site, { day: '2024-04-02' });
  const inArray = record(B01.site, { day: '2024-04-02' });
  const good = record(B01.site, { day: '2024-04-02' });
  const pretty = record(B01.site, { day: '2024-04-02' });
  const one = expectStatus(await feed(B01.key, dup(alone)), 200);
  assert.equal(one.json.quarantined, 1, show(one));
  const many = expectStatus(await feed(B01.key, `[${JSON.stringify(good)},\n ${dup(inArray)} ]`), 200);
  assert.equal(many.json.accepted, 1, show(many));
  assert.equal(many.json.quarantined, 1, show(many));
  assert.equal(many.json.results[1].line, 2);
  const multi = expectStatus(await feed(B01.key, dup(pretty).replaceAll(',"', ',\n  "')), 200);
  assert.equal(multi.json.quarantined, 1, show(multi));
  assert.equal(one.json.results[0].reason, many.json.results[1].reason, 'one rule, one reason');
  const open = await allItems('admin', '/api/v1/quarantine?state=open');
  for (const rec of [alone, inArray, pretty]) {
    assert.equal((await storedSeqs(B01.site, rec.seq)).length, 0, 'neither value was kept');
    const q = open.find((x) => x.raw.includes(`"seq":${rec.seq},`) || x.raw.includes(`"seq":${rec.seq},\n`));
    assert.ok(q, `record ${rec.seq} is in the quarantine`);
    assert.equal(q.reason_code, 'q_duplicate_field', JSON.stringify(q));
    assert.equal(q.reason_args.field, 'plate');
    assert.ok(q.raw.includes('蒙K00000') && q.raw.includes(rec.plate), 'the text as sent, both values in it');
  }
  assert.equal((await storedSeqs(B01.site, good.seq)).length, 1, 'the array\'s good record is stored');
});
