// Headers of every answer: a request id (issue 12, Observability) made by
// the server or taken from a sane X-Request-Id, and a Content-Security-
// Policy without 'unsafe-inline' or 'unsafe-eval' that the browser
// interface's own files keep to: no inline script, no <style>, no style=""
// or on...="" attribute in its HTML or in the HTML its modules write
// (setting element.style from a script is allowed by the policy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cfg } from '../../lib/config.mjs';
import { call, show, login, passwordOf, loginOf } from '../../lib/http.mjs';

const MADE = /^[0-9a-f]{16}$/;

// One answer of each kind: a page, a module, an API answer, errors before
// and after routing, the public liveness check.
async function answers() {
  const name = loginOf('officer');
  const { r: loggedIn, session } = await login(name, passwordOf(name));
  return [
    await call('GET', '/'),
    await call('GET', '/base/shell.js'),
    await call('GET', '/healthz'),
    loggedIn,
    await call('GET', '/api/v1/session', { session }),
    await call('GET', '/api/v1/routes'),
    await call('GET', '/api/v1/no-such-thing'),
    await call('GET', '/no-such-file.js'),
  ];
}

test('headers: every answer carries its own request id', async () => {
  const ids = new Set();
  for (const r of await answers()) {
    const id = r.headers.get('x-request-id');
    assert.match(id || '', MADE, `${show(r)}: X-Request-Id ${id}`);
    assert.ok(!ids.has(id), `${r.what}: a new id (${id})`);
    ids.add(id);
  }
});

test('headers: a sane X-Request-Id (a proxy\'s) is kept, one that is not is replaced', async () => {
  for (const id of ['0123456789abcdef', 'f47ac10b-58cc-4372-a567-0e02b2c3d479', 'nginx.req_1', 'x'.repeat(64)]) {
    const r = await call('GET', '/healthz', { headers: { 'x-request-id': id } });
    assert.equal(r.headers.get('x-request-id'), id, show(r));
  }
  for (const id of ['x'.repeat(65), 'a b', 'a"b', 'a\\b', 'a;b', '%0a']) {
    const r = await call('GET', '/healthz', { headers: { 'x-request-id': id } });
    assert.match(r.headers.get('x-request-id') || '', MADE, `${JSON.stringify(id)} is replaced`);
  }
});

// The policy as {directive: [sources]}.
function policy(text) {
  const out = {};
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out[name] = sources;
  }
  return out;
}

test('headers: every answer has a CSP without unsafe-inline or unsafe-eval', async () => {
  for (const r of await answers()) {
    const text = r.headers.get('content-security-policy') || '';
    assert.doesNotMatch(text, /unsafe-|\*|http:/, `${r.what}: ${text}`);
    const p = policy(text);
    assert.deepEqual(p['script-src'], ["'self'"], `${r.what}: script-src`);
    assert.deepEqual(p['style-src'], ["'self'"], `${r.what}: style-src`);
    assert.deepEqual(p['default-src'], ["'self'"], `${r.what}: default-src`);
    assert.deepEqual(p['object-src'], ["'none'"], `${r.what}: object-src`);
    assert.deepEqual(p['frame-ancestors'], ["'none'"], `${r.what}: frame-ancestors`);
    assert.deepEqual(p['base-uri'], ["'none'"], `${r.what}: base-uri`);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', r.what);
  }
});

// Every file of web/ but the vendored ones (ECharts, told to draw its
// tooltips on the canvas where it is used).
function webFiles(dir = path.join(cfg.top, 'web')) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'vendor') out.push(...webFiles(full));
    else if (e.isFile() && /\.(html|js|mjs)$/.test(e.name)) out.push(full);
  }
  return out;
}

// The attribute name in a start tag: "<tag", then attributes (a value
// quoted, a ${...} of a template, or bare), then name=.
const attribute = (name) => new RegExp(
  `<[a-z][a-z0-9-]*(\\s+[a-z][a-z0-9-]*(\\s*=\\s*("[^"]*"|'[^']*'|\\$\\{[^}]*\\}|[^\\s>"']+))?)*\\s+${name}\\s*=`, 'i');

test('headers: the interface\'s files need nothing the policy refuses', () => {
  const files = webFiles();
  assert.ok(files.some((f) => f.endsWith('index.html')) && files.length > 10, `web/ files: ${files.length}`);
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const where = path.relative(cfg.top, file);
    // An attribute in markup, in an HTML file or a string a module writes
    // ("<span class=x style=...", "<a onclick=...").
    assert.doesNotMatch(text, attribute('style'), `${where}: a style attribute (use a class)`);
    assert.doesNotMatch(text, attribute('on[a-z]+'), `${where}: an inline event handler`);
    assert.doesNotMatch(text, /javascript:/i, `${where}: a javascript: URL`);
    assert.doesNotMatch(text, /<style[\s>]/i, `${where}: a <style> element`);
    assert.doesNotMatch(text, /\beval\s*\(|new\s+Function\s*\(/, `${where}: eval`);
    if (file.endsWith('.html')) {
      for (const [tag] of text.matchAll(/<script\b[^>]*>/gi)) assert.match(tag, /\ssrc=/, `${where}: an inline script ${tag}`);
      for (const [, content] of text.matchAll(/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)) {
        assert.doesNotMatch(content, /unsafe-/, `${where}: its meta policy`);
      }
    }
  }
});
