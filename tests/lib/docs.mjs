// docs/api.md as the tests read it: the endpoints table ("| `METHOD /path`
// | who | what |") and what its "who" column means. The role matrix
// (tests/lib/matrix.mjs) calls every row as every caller; base's routes
// test holds the table against the server's own (GET /api/v1/routes).
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { cfg } from './config.mjs';

export const ROLES = ['officer', 'legal', 'chief', 'inspector', 'admin'];
export const CALLERS = [...ROLES, 'anonymous'];

// '/api/v1/users/{login}/disable?x' → '/api/v1/users/{}/disable': the form
// of the server's route table.
const routePattern = (p) => p.replace(/\?.*$/, '').replace(/\{[^}/]*\}/g, '{}');

// [{method, path, route, who}]: path as written (without the query),
// route in the server's form.
export function documentedEndpoints() {
  const text = fs.readFileSync(path.join(cfg.top, 'docs/api.md'), 'utf8');
  const rows = [];
  for (const line of text.split('\n')) {
    const m = line.match(/^\|\s*`(GET|POST|PUT|PATCH|DELETE) ([^`]+)`\s*\|\s*([^|]+?)\s*\|/);
    if (m) rows.push({ method: m[1], path: m[2].replace(/\?.*$/, ''), route: routePattern(m[2]), who: m[3] });
  }
  return rows;
}

// Who may call, from the "who" column: a list of callers; [] = device key.
export function allowedOf(who) {
  if (who === 'anyone') return [...CALLERS];
  if (who === 'logged in' || who === 'any role') return [...ROLES];
  if (who === 'device key') return [];
  const list = who.split(',').map((s) => s.trim());
  for (const r of list) assert.ok(ROLES.includes(r), `unknown role '${r}' in docs/api.md`);
  return list;
}

// The "who" column in the terms of the server's table: {access, roles}.
// "logged in" is any session, even before a first-login password change;
// "any role" is every role, once the password is the user's own.
export function accessOf(who) {
  if (who === 'anyone') return { access: 'public' };
  if (who === 'logged in') return { access: 'session' };
  if (who === 'device key') return { access: 'device' };
  return { access: 'roles', roles: allowedOf(who).sort() };
}
