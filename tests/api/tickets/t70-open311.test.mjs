// Open311 (GeoReport v2, docs/open311.md) held to the specification's
// examples in JSON and XML: discovery, services, a service's definition,
// a request posted (with and without a valid api_key, form-urlencoded and
// JSON), the spec's errors ([{code, description}], 400/403/404), GET
// requests with its filters, a request and a token; the request is a
// ticket of the desk (channel web), and its status follows the desk's acts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cfg } from '../../lib/config.mjs';
import { call, getOk, post, expectStatus, show } from '../../lib/http.mjs';

const V2 = '/open311/v2';
const clientKey = execFileSync(cfg.sunroad, ['tickets', 'key', '--db', cfg.db, 'api-test-app'], {
  cwd: cfg.top,
  stdio: ['ignore', 'pipe', 'pipe'],
}).toString().trim();

// ---- a small XML reader: elements, their text, no attributes ------------
const unescape = (s) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]);
// The document as {name, children: [...], text}; throws on anything else.
function parseXml(text) {
  assert.match(text, /^<\?xml version="1\.0" encoding="utf-8"\?>\n/, 'the XML declaration with its encoding');
  const body = text.replace(/^<\?xml[^>]*\?>\s*/, '');
  const re = /<(\/?)([a-z_]+)(\/?)>|([^<]+)/g;
  const root = { name: null, children: [] };
  const stack = [root];
  let m;
  let at = 0;
  while ((m = re.exec(body))) {
    assert.equal(m.index, at, `well-formed at ${at}: ${body.slice(at, at + 40)}`);
    at = re.lastIndex;
    const top = stack[stack.length - 1];
    if (m[4] !== undefined) {
      assert.ok(!/[&](?!(amp|lt|gt|quot|apos);)/.test(m[4]), `only the five entities: ${m[4]}`);
      if (m[4].trim()) top.text = (top.text || '') + unescape(m[4]);
    } else if (m[1]) {
      assert.equal(top.name, m[2], `</${m[2]}> closes <${top.name}>`);
      stack.pop();
    } else {
      const el = { name: m[2], children: [], text: m[3] ? null : '' };
      top.children.push(el);
      if (!m[3]) stack.push(el);
    }
  }
  assert.equal(at, body.length, 'the whole document was read');
  assert.equal(stack.length, 1, 'every element closed');
  assert.equal(root.children.length, 1, 'one root element');
  return root.children[0];
}
// An element's children as {name: text} (empty element: null).
const fields = (el) => Object.fromEntries(el.children.map((c) => [c.name, c.children.length ? c : c.text]));
const childNames = (el) => el.children.map((c) => c.name);

async function xml(method, urlPath, body) {
  const r = await call(method, urlPath, body === undefined ? {} : { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.match(r.headers.get('content-type') || '', /^text\/xml; charset=utf-8/, `${r.what}: text/xml`);
  return { ...r, doc: parseXml(r.text) };
}
const form = (o) => new URLSearchParams(o).toString();
async function postForm(ext, params) {
  return call('POST', `${V2}/requests.${ext}`, { body: form(params), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}
// The spec's error: [{code, description}] with that status.
function expectSpecError(r, status, pattern) {
  assert.equal(r.status, status, show(r));
  assert.ok(Array.isArray(r.json) && r.json.length === 1, `${r.what}: an array of one error: ${r.text}`);
  assert.deepEqual(Object.keys(r.json[0]), ['code', 'description']);
  assert.equal(r.json[0].code, status);
  if (pattern) assert.match(r.json[0].description, pattern, show(r));
}
function expectXmlError(r, status, pattern) {
  assert.equal(r.status, status, show(r));
  assert.equal(r.doc.name, 'errors');
  assert.deepEqual(childNames(r.doc), ['error']);
  const e = fields(r.doc.children[0]);
  assert.deepEqual(Object.keys(e), ['code', 'description']);
  assert.equal(e.code, String(status));
  if (pattern) assert.match(e.description, pattern);
}

const REQUEST_FIELDS = ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description',
  'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address',
  'address_id', 'zipcode', 'lat', 'long', 'media_url'];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;
const codes = async () => getOk('admin', '/api/v1/tickets/codes');
const deskTicket = async (number) => {
  const list = await getOk('admin', `/api/v1/tickets?q=${encodeURIComponent(number)}`);
  const row = list.items.find((t) => t.number === number);
  assert.ok(row, `ticket ${number} is in the desk's list`);
  return getOk('admin', `/api/v1/tickets/${row.id}`);
};
const act = async (id, body) => expectStatus(await post('admin', `/api/v1/tickets/${id}/events`, body), 200).json;

test('open311: discovery in JSON and XML, as the Service Discovery examples', async () => {
  const j = expectStatus(await call('GET', `${V2}/discovery.json`), 200).json;
  assert.deepEqual(Object.keys(j), ['changeset', 'contact', 'key_service', 'endpoints']);
  assert.match(j.changeset, ISO);
  assert.equal(j.endpoints.length, 1);
  assert.deepEqual(Object.keys(j.endpoints[0]), ['specification', 'url', 'changeset', 'type', 'formats']);
  assert.equal(j.endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');
  assert.match(j.endpoints[0].url, /\/open311\/v2$/);
  assert.equal(j.endpoints[0].type, 'production');
  assert.deepEqual(j.endpoints[0].formats, ['text/xml', 'application/json']);
  const x = expectStatus(await xml('GET', `${V2}/discovery.xml`), 200).doc;
  assert.equal(x.name, 'discovery');
  assert.deepEqual(childNames(x), ['changeset', 'contact', 'key_service', 'endpoints']);
  const ep = fields(x).endpoints.children[0];
  assert.equal(ep.name, 'endpoint');
  assert.deepEqual(fields(ep).formats.children.map((c) => [c.name, c.text]), [['format', 'text/xml'], ['format', 'application/json']]);
});

test('open311: services are the categories of rules/tickets.json, JSON and XML alike', async () => {
  const { categories } = await codes();
  const j = expectStatus(await call('GET', `${V2}/services.json`), 200).json;
  assert.equal(j.length, categories.length);
  for (const [i, s] of j.entries()) {
    assert.deepEqual(Object.keys(s), ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);
    assert.equal(s.service_code, categories[i].code);
    assert.equal(s.service_name, categories[i].name, 'the Chinese name');
    assert.equal(s.group, categories[i].group);
    assert.equal(s.type, 'realtime');
    assert.equal(s.metadata, true);
  }
  const x = expectStatus(await xml('GET', `${V2}/services.xml`), 200).doc;
  assert.equal(x.name, 'services');
  assert.deepEqual(new Set(childNames(x)), new Set(['service']));
  assert.deepEqual(x.children.map((c) => fields(c)), j.map((s) => ({ ...s, metadata: String(s.metadata) })), 'the XML says what the JSON says');
  // jurisdiction_id: this server's is accepted, another is 404 per the spec.
  assert.equal(expectStatus(await call('GET', `${V2}/services.json?jurisdiction_id=sunroad`), 200).json.length, j.length);
  expectSpecError(await call('GET', `${V2}/services.json?jurisdiction_id=elsewhere.gov`), 404, /jurisdiction_id 'elsewhere\.gov' was not found/);
  expectXmlError(await xml('GET', `${V2}/services.xml?jurisdiction_id=elsewhere.gov`), 404, /jurisdiction_id/);
});

test('open311: a service definition with its attributes; an unknown service_code is 404', async () => {
  const { kinds } = await codes();
  const j = expectStatus(await call('GET', `${V2}/services/taxi_refuse.json`), 200).json;
  assert.equal(j.service_code, 'taxi_refuse');
  const kind = j.attributes.find((a) => a.code === 'kind');
  assert.deepEqual(Object.keys(kind), ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values']);
  assert.equal(kind.datatype, 'singlevaluelist');
  assert.deepEqual(kind.values.map((v) => v.key), kinds.map((k) => k.code));
  assert.equal(j.attributes.find((a) => a.code === 'plate').datatype, 'string');
  const x = expectStatus(await xml('GET', `${V2}/services/taxi_refuse.xml`), 200).doc;
  assert.equal(x.name, 'service_definition');
  const attrs = fields(x).attributes;
  assert.deepEqual(new Set(childNames(attrs)), new Set(['attribute']));
  const values = fields(attrs.children[0]).values;
  assert.deepEqual(values.children.map((v) => fields(v)), kinds.map((k) => ({ key: k.code, name: k.name })));
  expectSpecError(await call('GET', `${V2}/services/no_such_service.json`), 404, /service_code 'no_such_service' was not found/);
  expectXmlError(await xml('GET', `${V2}/services/no_such_service.xml`), 404, /no_such_service/);
  expectSpecError(await call('GET', `${V2}/services/taxi_refuse`), 404, /\.json or \.xml/);
});

const complaint = {
  service_code: 'taxi_refuse',
  lat: '40.7128',
  long: '111.6504',
  description: 'Driver said "no" & drove off <fast> — it\'s the 2nd time',
  first_name: '三',
  last_name: '张',
  phone: '13912345678',
  email: 'zhang.san@example.cn',
  device_id: 'dev-42',
  account_id: 'acct-7',
  media_url: 'https://photos.example.cn/1.jpg',
  'attribute[plate]': '蒙A12345',
};
let posted; // {number, id}

test('open311: POST requests without an api_key or with a wrong one → 403, and nothing enters the desk', async () => {
  const before = (await getOk('admin', '/api/v1/tickets?channel=web&limit=1000')).items.length;
  expectSpecError(await postForm('json', complaint), 403, /api_key was not provided/);
  expectSpecError(await postForm('json', { ...complaint, api_key: 'o311_' + '0'.repeat(64) }), 403, /api_key is invalid/);
  const r = await call('POST', `${V2}/requests.xml`, { body: form(complaint), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expectXmlError({ ...r, doc: parseXml(r.text) }, 403, /api_key/);
  assert.equal((await getOk('admin', '/api/v1/tickets?channel=web&limit=1000')).items.length, before);
});

test('open311: POST requests with a valid api_key: the spec\'s answer, and a ticket of the desk on the channel web', async () => {
  const r = await postForm('json', { ...complaint, api_key: clientKey, jurisdiction_id: 'sunroad' });
  assert.equal(r.status, 200, show(r));
  assert.equal(r.json.length, 1);
  assert.deepEqual(Object.keys(r.json[0]), ['service_request_id', 'service_notice', 'account_id']);
  const { service_request_id: number, service_notice: notice, account_id: account } = r.json[0];
  assert.match(number, /^\d{4}-\d+$/, 'the ticket number');
  assert.match(notice, new RegExp(number));
  assert.equal(account, 'acct-7');
  const t = await deskTicket(number);
  posted = { number, id: t.id };
  assert.equal(t.channel, 'web');
  assert.equal(t.kind, 'complaint');
  assert.equal(t.category, 'taxi_refuse');
  assert.equal(t.text, complaint.description, 'the description, byte for byte');
  assert.deepEqual(t.caller, { name: '张三', phone: '13912345678' }, 'a Chinese name family name first');
  assert.deepEqual(t.location, { lat: 40.7128, lon: 111.6504 });
  assert.equal(t.subject.plate, '蒙A12345');
  assert.deepEqual(t.subject.open311, { client: 'api-test-app', email: complaint.email, device_id: 'dev-42', account_id: 'acct-7', media_url: complaint.media_url },
    'nothing the client sent is dropped');
  assert.equal(t.created_by, 'open311:api-test-app');
  assert.equal(t.state, 'received');
  assert.ok(Math.abs(Date.parse(t.received_at) - Date.now()) < 120000, 'received now');
  // XML and JSON bodies, an attribute for the kind, an address for the place.
  const x = await call('POST', `${V2}/requests.xml`, {
    body: form({ api_key: clientKey, service_code: 'enforcement_conduct', address_string: '包头市 G6 京藏高速 K120', description: 'x < y', 'attribute[kind]': 'suggestion' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(x.status, 200, show(x));
  const doc = parseXml(x.text);
  assert.equal(doc.name, 'service_requests');
  assert.deepEqual(childNames(doc), ['request']);
  const got = fields(doc.children[0]);
  assert.deepEqual(Object.keys(got), ['service_request_id', 'service_notice', 'account_id']);
  assert.equal(got.account_id, null, '<account_id/> when none was sent');
  const second = await deskTicket(got.service_request_id);
  assert.equal(second.kind, 'suggestion');
  assert.deepEqual(second.location, { address: '包头市 G6 京藏高速 K120' });
  const j = await call('POST', `${V2}/requests.json`, {
    body: { api_key: clientKey, service_code: 'other_transport', address_id: 'A-9', lat: 40.5, long: 111.5, description: 'json body', attribute: { kind: 'help' } },
  });
  assert.equal(j.status, 200, show(j));
  const third = await deskTicket(j.json[0].service_request_id);
  assert.deepEqual(third.location, { lat: 40.5, lon: 111.5, address_id: 'A-9' });
  assert.equal(third.kind, 'help');
});

test('open311: a bad request gets the spec\'s error with a clear description, and enters nothing', async () => {
  const before = (await getOk('admin', '/api/v1/tickets?channel=web&limit=1000')).items.length;
  const base = { ...complaint, api_key: clientKey };
  const { service_code: _, ...noCode } = base;
  expectSpecError(await postForm('json', noCode), 400, /service_code was not provided/);
  expectSpecError(await postForm('json', { ...base, service_code: 'potholes' }), 404, /service_code 'potholes' was not found/);
  const { lat: _a, long: _b, ...nowhere } = base;
  expectSpecError(await postForm('json', nowhere), 400, /a location is required/);
  expectSpecError(await postForm('json', { ...base, lat: '95' }), 400, /lat '95'/);
  expectSpecError(await postForm('json', { ...base, long: '' }), 400, /lat and long are given together/);
  expectSpecError(await postForm('json', { ...base, description: '' }), 400, /description was not provided/);
  expectSpecError(await postForm('json', { ...base, color: 'red' }), 400, /parameter 'color'/);
  expectSpecError(await postForm('json', { ...base, 'attribute[colour]': 'red' }), 400, /attribute\[colour\]/);
  expectSpecError(await postForm('json', { ...base, 'attribute[kind]': 'praise' }), 400, /attribute\[kind\] 'praise'/);
  expectSpecError(await postForm('json', { ...base, phone: '12' }), 400, /phone/);
  expectSpecError(await postForm('json', { ...base, email: 'not-an-address' }), 400, /email/);
  expectSpecError(await postForm('json', { ...base, media_url: 'ftp://x/y' }), 400, /media_url/);
  expectSpecError(await postForm('json', { ...base, jurisdiction_id: 'elsewhere.gov' }), 404, /jurisdiction_id/);
  const twice = `${form(base)}&description=again`;
  expectSpecError(await call('POST', `${V2}/requests.json`, { body: twice, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 400, /description is given twice/);
  expectSpecError(await call('POST', `${V2}/requests.json`, { body: 'a=%zz', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 400, /hex digits/);
  expectSpecError(await call('POST', `${V2}/requests.json`, { body: '<x/>', headers: { 'content-type': 'text/plain' } }), 400, /Content-Type/);
  assert.equal((await getOk('admin', '/api/v1/tickets?channel=web&limit=1000')).items.length, before);
});

test('open311: GET a request and a token in JSON and XML, with the spec\'s fields', async () => {
  const r = expectStatus(await call('GET', `${V2}/requests/${posted.number}.json`), 200).json;
  assert.equal(r.length, 1);
  assert.deepEqual(Object.keys(r[0]), REQUEST_FIELDS);
  const one = r[0];
  assert.equal(one.service_request_id, posted.number);
  assert.equal(one.status, 'open');
  assert.equal(one.service_code, 'taxi_refuse');
  assert.equal(one.service_name, '拒载');
  assert.equal(one.description, complaint.description);
  assert.equal(one.lat, 40.7128);
  assert.equal(one.long, 111.6504);
  assert.equal(one.media_url, complaint.media_url);
  assert.equal(one.address, null);
  for (const k of ['requested_datetime', 'updated_datetime', 'expected_datetime']) assert.match(one[k], ISO, k);
  const desk = await getOk('admin', `/api/v1/tickets/${posted.id}`);
  assert.equal(one.expected_datetime, `${desk.deadlines.close}T23:59:59+08:00`, 'the end of the close deadline');
  assert.equal(one.requested_datetime, desk.received_at);
  assert.equal(typeof one.agency_responsible, 'string');
  assert.ok(!('phone' in one) && !('email' in one) && !('account_id' in one), 'no personal data in a public answer');
  const x = expectStatus(await xml('GET', `${V2}/requests/${posted.number}.xml`), 200).doc;
  assert.equal(x.name, 'service_requests');
  const req = x.children[0];
  assert.equal(req.name, 'request');
  assert.deepEqual(childNames(req), REQUEST_FIELDS);
  const f = fields(req);
  assert.equal(f.description, complaint.description, '& < > " \' escaped and read back');
  assert.ok(x && !/[^&]<fast>/.test((await call('GET', `${V2}/requests/${posted.number}.xml`)).text), 'no raw markup from the description');
  assert.equal(f.lat, '40.7128');
  assert.equal(f.address, null, '<address/>');
  assert.equal(f.zipcode, null);
  expectSpecError(await call('GET', `${V2}/requests/1999-999999.json`), 404, /service_request_id '1999-999999' was not found/);
  expectXmlError(await xml('GET', `${V2}/requests/1999-999999.xml`), 404, /1999-999999/);
  // A token is the request's number: requests are created at once.
  assert.deepEqual(expectStatus(await call('GET', `${V2}/tokens/${posted.number}.json`), 200).json,
    [{ service_request_id: posted.number, token: posted.number }]);
  const tok = expectStatus(await xml('GET', `${V2}/tokens/${posted.number}.xml`), 200).doc;
  assert.deepEqual(fields(tok.children[0]), { service_request_id: posted.number, token: posted.number });
  expectSpecError(await call('GET', `${V2}/tokens/nope.json`), 404, /token 'nope' was not found/);
});

test('open311: a ticket of another channel is not an Open311 request', async () => {
  const r = await post('admin', '/api/v1/tickets', { channel: '12345', kind: 'complaint', category: 'taxi_refuse', text: 'by phone', caller: { name: '李四', phone: '13800000001' } });
  assert.equal(r.status, 201, show(r));
  expectSpecError(await call('GET', `${V2}/requests/${r.json.number}.json`), 404);
  const all = expectStatus(await call('GET', `${V2}/requests.json`), 200).json;
  assert.ok(!all.some((x) => x.service_request_id === r.json.number), 'not listed');
});

test('open311: the status follows the desk: closed with the close summary as status_notes', async () => {
  await act(posted.id, { type: 'assign', unit: cfg.users.officer.unit });
  const assigned = (await call('GET', `${V2}/requests/${posted.number}.json`)).json[0];
  assert.equal(assigned.status, 'open');
  assert.match(assigned.status_notes, /assigned/);
  assert.notEqual(assigned.agency_responsible, '', 'the unit that has it');
  await act(posted.id, { type: 'contact' });
  await act(posted.id, { type: 'resolve', result: '已约谈驾驶员' });
  await act(posted.id, { type: 'callback', satisfaction: 5 });
  await act(posted.id, { type: 'close', summary: '经核实，驾驶员拒载属实，已立案处理' });
  const j = (await call('GET', `${V2}/requests/${posted.number}.json`)).json[0];
  assert.equal(j.status, 'closed');
  assert.equal(j.status_notes, '经核实，驾驶员拒载属实，已立案处理');
  assert.ok(j.updated_datetime >= j.requested_datetime);
  const x = fields((await xml('GET', `${V2}/requests/${posted.number}.xml`)).doc.children[0]);
  assert.equal(x.status, 'closed');
  assert.equal(x.status_notes, j.status_notes);
});

test('open311: GET requests with the spec\'s filters', async () => {
  const all = expectStatus(await call('GET', `${V2}/requests.json`), 200).json;
  assert.ok(all.length >= 3, 'the requests of the last 90 days');
  for (const r of all) assert.deepEqual(Object.keys(r), REQUEST_FIELDS);
  const closed = (await call('GET', `${V2}/requests.json?status=closed`)).json;
  assert.ok(closed.some((r) => r.service_request_id === posted.number));
  assert.ok(closed.every((r) => r.status === 'closed'), JSON.stringify(closed.map((r) => [r.service_request_id, r.status, r.status_notes])));
  const open = (await call('GET', `${V2}/requests.json?status=open`)).json;
  assert.ok(open.length >= 2 && open.every((r) => r.status === 'open'));
  assert.equal((await call('GET', `${V2}/requests.json?status=open,closed`)).json.length, all.length);
  const taxi = (await call('GET', `${V2}/requests.json?service_code=taxi_refuse,other_transport`)).json;
  assert.ok(taxi.length >= 2 && taxi.every((r) => ['taxi_refuse', 'other_transport'].includes(r.service_code)));
  const two = all.slice(0, 2).map((r) => r.service_request_id);
  const byId = (await call('GET', `${V2}/requests.json?service_request_id=${two.join(',')}&status=closed&service_code=nope`)).json;
  assert.deepEqual(byId.map((r) => r.service_request_id).sort(), [...two].sort(), 'service_request_id: the other filters are ignored');
  const future = new Date(Date.now() + 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
  assert.deepEqual((await call('GET', `${V2}/requests.json?start_date=${future}`)).json, [], 'start_date in the future: none');
  const past = encodeURIComponent('2000-01-01T00:00:00+08:00');
  assert.deepEqual((await call('GET', `${V2}/requests.json?end_date=${past}`)).json, [], 'end_date long ago: none');
  const wide = (await call('GET', `${V2}/requests.json?start_date=${past}&end_date=${future}`)).json;
  assert.equal(wide.length, all.length);
  assert.deepEqual(all.map((r) => r.requested_datetime), [...all.map((r) => r.requested_datetime)].sort().reverse(), 'newest first');
  const x = expectStatus(await xml('GET', `${V2}/requests.xml?status=closed`), 200).doc;
  assert.equal(x.name, 'service_requests');
  assert.equal(x.children.length, closed.length);
  expectSpecError(await call('GET', `${V2}/requests.json?status=pending`), 400, /status 'pending'/);
  expectSpecError(await call('GET', `${V2}/requests.json?service_code=potholes`), 400, /service_code 'potholes'/);
  expectSpecError(await call('GET', `${V2}/requests.json?start_date=yesterday`), 400, /start_date 'yesterday'/);
  expectSpecError(await call('GET', `${V2}/requests.json?start_date=${future}&end_date=${past}`), 400, /end_date is before start_date/);
  expectSpecError(await call('GET', `${V2}/requests.json?jurisdiction_id=elsewhere.gov`), 404, /jurisdiction_id/);
  expectXmlError(await xml('GET', `${V2}/requests.xml?status=pending`), 400, /pending/);
  // What is echoed stays UTF-8 whatever the client sent.
  expectSpecError(await call('GET', `${V2}/requests.json?status=%FF%FE`), 400, /status/);
  expectSpecError(await call('GET', `${V2}/services.json?jurisdiction_id=${encodeURIComponent('市'.repeat(300))}`), 404, /jurisdiction_id '市+/);
});

test('open311: a merged request is closed, its notes naming the ticket that answers for it', async () => {
  const r = await postForm('json', { ...complaint, api_key: clientKey, description: 'the same again', phone: '13912345678' });
  assert.equal(r.status, 200, show(r));
  const number = r.json[0].service_request_id;
  const t = await deskTicket(number);
  const target = (await post('admin', '/api/v1/tickets', { channel: '12345', kind: 'complaint', category: 'taxi_refuse', text: 'hotline', caller: { name: '王五', phone: '13800000002' } })).json;
  await act(t.id, { type: 'merge', into: target.id });
  const j = (await call('GET', `${V2}/requests/${number}.json`)).json[0];
  assert.equal(j.status, 'closed');
  assert.match(j.status_notes, new RegExp(target.number));
});
