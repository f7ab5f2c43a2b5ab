// GET /metrics in the Prometheus text format (version 0.0.4), from the
// loopback that metrics_allow lets in by default: every line a comment or
// `name{labels} value`, each family typed once; the requests counted per
// route and status class as they happen; the histograms cumulative, their
// +Inf bucket their count; commits timed; each module's gauges there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, get } from '../../lib/http.mjs';
import { cfg } from '../../lib/config.mjs';

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|\+Inf|NaN)$/;

async function scrape() {
  const r = await call('GET', '/metrics');
  assert.equal(r.status, 200, r.text.slice(0, 200));
  assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  return r.text;
}

// name{labels} → value, for the lines of one scrape.
function samples(text) {
  const out = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

test('metrics: the text format, each family typed once', async () => {
  const text = await scrape();
  const typed = new Set();
  for (const line of text.trimEnd().split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const name = line.split(' ')[2];
      assert.ok(!typed.has(name), `${name} typed twice`);
      typed.add(name);
      assert.match(line, / (counter|gauge|histogram)$/);
    } else if (!line.startsWith('# HELP ')) {
      assert.match(line, LINE, `not a sample line: ${line}`);
      const name = line.match(LINE)[1].replace(/_(bucket|sum|count)$/, '');
      assert.ok(typed.has(name) || typed.has(line.match(LINE)[1]), `${name} before its TYPE`);
    }
  }
  for (const name of ['sunroad_http_requests_total', 'sunroad_http_request_duration_seconds', 'sunroad_db_commit_duration_seconds',
    'sunroad_db_errors_total', 'sunroad_feed_queue_records', 'sunroad_feed_group_records', 'sunroad_sessions_active',
    'sunroad_screening_backlog', 'sunroad_site_last_seen_seconds', 'sunroad_site_certificate_valid_to_seconds',
    'sunroad_cases_open', 'sunroad_cases_overdue', 'sunroad_tickets_open', 'sunroad_tickets_overdue', 'process_resident_memory_bytes']) {
    assert.ok(typed.has(name), `${name} is exposed`);
  }
  // The space left for the database and photos: a real figure of this machine's disk.
  const free = samples(text).get('sunroad_data_disk_free_bytes');
  assert.ok(free > 0, `sunroad_data_disk_free_bytes is ${free}`);
});

test('metrics: requests counted per route and status as they happen; histograms cumulative', async () => {
  const key = 'sunroad_http_requests_total{route="GET /healthz",status="2xx"}';
  const before = samples(await scrape()).get(key) || 0;
  for (let i = 0; i < 3; i++) assert.equal((await call('GET', '/healthz')).status, 200);
  assert.equal((await call('GET', '/api/v1/cases')).status, 401);
  const after = samples(await scrape());
  assert.equal(after.get(key), before + 3);
  assert.ok(after.get('sunroad_http_requests_total{route="GET /api/v1/cases",status="4xx"}') >= 1);
  // Each histogram: buckets non-decreasing, +Inf = count.
  const byLabels = new Map();
  for (const [k, v] of after) {
    const m = k.match(/^(\w+)_bucket\{(.*?),?le="([^"]+)"\}$/);
    if (!m) continue;
    const id = `${m[1]}{${m[2]}}`;
    if (!byLabels.has(id)) byLabels.set(id, []);
    byLabels.get(id).push([m[3] === '+Inf' ? Infinity : Number(m[3]), v]);
  }
  assert.ok(byLabels.size > 3);
  for (const [id, buckets] of byLabels) {
    for (let i = 1; i < buckets.length; i++) {
      assert.ok(buckets[i][0] > buckets[i - 1][0] && buckets[i][1] >= buckets[i - 1][1], `${id} cumulative`);
    }
    const [name, labels] = [id.slice(0, id.indexOf('{')), id.slice(id.indexOf('{'))];
    const count = after.get(labels === '{}' ? `${name}_count` : `${name}_count${labels}`);
    assert.equal(buckets.at(-1)[1], count, `${id}: +Inf is the count`);
  }
  assert.ok(after.get('sunroad_http_request_duration_seconds_count{route="GET /healthz"}') >= 3);
});

test('metrics: the database figures agree with the API', async () => {
  const m = samples(await scrape());
  assert.ok(m.get('sunroad_db_commit_duration_seconds_count') > 0, 'commits are timed');
  assert.ok(m.get('sunroad_sessions_active') >= 1, 'the suite has sessions');
  const open = await get('admin', '/api/v1/tickets?state=open&limit=1');
  assert.equal(m.get('sunroad_tickets_open'), open.json.total);
  assert.ok(m.get('sunroad_site_last_seen_seconds{site="R01"}') > 0 || [...m.keys()].some((k) => k.startsWith('sunroad_site_certificate_valid_to_seconds{site=')));
});

test('metrics: a device post counted as a group of the feed, its queue empty again', async () => {
  const before = samples(await scrape());
  const k = cfg.keys.b01;
  const seq = 900000000 + (Date.now() % 1000000);
  const body = [1, 2, 3].map((i) => ({ site: k.site, seq: seq + i, passed_at: '2024-03-01T08:00:00+08:00', plate: '蒙K12345',
    kind: 'truck', axles: 2, gross_kg: 15000 }));
  const r = await call('POST', '/api/v1/detections', { body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${k.key}` } });
  assert.equal(r.status, 200, r.text.slice(0, 200));
  const after = samples(await scrape());
  assert.equal(after.get('sunroad_feed_group_records_count'), (before.get('sunroad_feed_group_records_count') || 0) + 1);
  assert.equal(after.get('sunroad_feed_group_records_sum'), (before.get('sunroad_feed_group_records_sum') || 0) + 3);
  assert.equal(after.get('sunroad_feed_queue_records'), 0, 'nothing waits once it is answered');
});
