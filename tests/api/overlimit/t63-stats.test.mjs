// GET /api/v1/stats/overlimit beyond the report: the figures of a month
// and of the month before (what the dashboard's 环比 compares) are those of
// `sunroad report overlimit` for the same days, and the screening figures
// (pending, confirmed, dismissed, intended fines) are those of the
// database, for the whole city and for a brigade's scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cfg } from '../../lib/config.mjs';
import { getOk } from '../../lib/http.mjs';
import { siteUnit } from './data.mjs';

function report(from, to) {
  const out = execFileSync(cfg.sunroad, ['report', 'overlimit', '--db', cfg.db, '--from', from, '--to', to, '--format', 'json'],
    { encoding: 'utf8', cwd: cfg.top, stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out);
}

const TALLY = ['detections', 'overlimit', 'ton100', 'unloaded_kg', 'overlimit_rate_pct'];
const pick = (o) => Object.fromEntries(TALLY.map((k) => [k, o[k]]));

// SQLite only: the screening figures straight from the tables.
function sql(query) {
  return execFileSync('sqlite3', ['-readonly', cfg.db, query], { encoding: 'utf8' }).trim();
}
const sqlite = !/^postgres/.test(cfg.db);

test('stats: a month and the month before are the report of the same days (环比 from the database)', async () => {
  for (const [from, to] of [['2023-06-01', '2023-06-30'], ['2023-05-01', '2023-05-31']]) {
    const api = await getOk('admin', `/api/v1/stats/overlimit?from=${from}&to=${to}`);
    const cli = report(from, to);
    assert.deepEqual(pick(api), pick(cli), `${from}..${to}: the totals`);
    assert.equal(api.by_site.length, cli.by_site.length);
    for (let i = 0; i < cli.by_site.length; i++) assert.deepEqual(pick(api.by_site[i]), pick(cli.by_site[i]), cli.by_site[i].site);
    assert.ok(api.detections > 0, 'the generated year has detections in both months');
  }
  // A year earlier has no data: the dashboard shows — for 同比.
  const before = await getOk('admin', '/api/v1/stats/overlimit?from=2022-06-01&to=2022-06-30');
  assert.equal(before.detections, 0);
  assert.equal(before.pending, 0);
});

test('stats: the screening figures add up, by site and for the period, and each site names its unit', async () => {
  const s = await getOk('admin', '/api/v1/stats/overlimit?from=2023-01-01&to=2023-12-31');
  for (const k of ['pending', 'confirmed', 'dismissed', 'intended_fine_fen']) {
    assert.equal(typeof s[k], 'number', k);
    assert.equal(s.by_site.reduce((a, b) => a + b[k], 0), s[k], `${k}: the sites add up to the period`);
  }
  for (const site of s.by_site) assert.equal(site.unit, siteUnit.get(site.site), `${site.site}: its unit`);
  assert.ok(s.pending + s.confirmed + s.dismissed <= s.overlimit, 'only over-limit detections are screened');
  assert.ok(s.pending > 0 && s.intended_fine_fen > 0);
  if (sqlite) {
    const [pending, confirmed, dismissed, fines] = sql(
      "SELECT sum(sc.detection_id IS NULL), sum(coalesce(sc.decision = 'confirmed', 0)), sum(coalesce(sc.decision = 'dismissed', 0)),"
      + " sum(CASE WHEN sc.detection_id IS NULL OR sc.decision = 'confirmed' THEN d.fine_fen ELSE 0 END)"
      + ' FROM detections d LEFT JOIN screening sc ON sc.detection_id = d.id'
      + ' WHERE d.overlimit = 1 AND d.admissible = 1 AND d.day BETWEEN 20230101 AND 20231231',
    ).split('|').map(Number);
    assert.deepEqual([s.pending, s.confirmed, s.dismissed, s.intended_fine_fen], [pending, confirmed, dismissed, fines], 'as in the database');
  }
});

test('stats: a brigade officer sees the screening figures of the brigade only', async () => {
  const all = await getOk('admin', '/api/v1/stats/overlimit?from=2023-01-01&to=2023-12-31');
  const mine = await getOk('officer', '/api/v1/stats/overlimit?from=2023-01-01&to=2023-12-31');
  assert.ok(mine.by_site.length > 0 && mine.by_site.every((x) => siteUnit.get(x.site) === 'B01'));
  const b01 = all.by_site.filter((x) => x.unit === 'B01');
  assert.equal(mine.pending, b01.reduce((a, b) => a + b.pending, 0));
  assert.equal(mine.intended_fine_fen, b01.reduce((a, b) => a + b.intended_fine_fen, 0));
  assert.ok(mine.pending < all.pending);
});
