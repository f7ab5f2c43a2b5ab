// Two table-driven checks every module's API tests run on their own
// routes: the role matrix (each documented endpoint of the module, as each
// role and anonymous, answers 2xx or exactly 401/403) and the CSRF check
// (each write without or with a wrong X-CSRF-Token answers 403 and changes
// nothing).
import assert from 'node:assert/strict';
import { call, show, expectError, getOk, as, freshSession } from './http.mjs';
import { documentedEndpoints, allowedOf, CALLERS } from './docs.mjs';

// The rows of docs/api.md whose route the server's table gives to module.
export async function moduleEndpoints(module) {
  const routes = (await getOk('admin', '/api/v1/routes')).routes.filter((r) => r.module === module);
  assert.ok(routes.length > 0, `GET /api/v1/routes names routes of the module ${module}`);
  const mine = new Set(routes.map((r) => `${r.method} ${r.path}`));
  return documentedEndpoints().filter((ep) => mine.has(`${ep.method} ${ep.route}`));
}

// calls: {'METHOD /documented/{path}': (role) => ({path, body, fresh, after})}
// says how a role calls the endpoint: path with real values (default: the
// documented one), body, fresh: a session of its own (a logout), after(r):
// run on a 2xx answer. Every endpoint of the module needs one.
export async function roleMatrix(t, module, calls) {
  for (const ep of await moduleEndpoints(module)) {
    const key = `${ep.method} ${ep.path}`;
    const allowed = allowedOf(ep.who);
    for (const role of CALLERS) {
      const ok = allowed.includes(role);
      const expected = ok ? '2xx' : role === 'anonymous' || allowed.length === 0 ? 401 : 403;
      await t.test(`${key} as ${role} → ${expected}`, async () => {
        const build = calls[key];
        assert.ok(build, `no request for the documented endpoint ${key} in this test`);
        const b = build(role);
        const session = role === 'anonymous' ? null : b.fresh ? await freshSession(role) : await as(role);
        const r = await call(ep.method, b.path || ep.path, { session, body: b.body });
        if (ok) {
          assert.ok(r.status >= 200 && r.status < 300, `expected 2xx: ${show(r)}`);
          if (b.after) b.after(r);
        } else {
          expectError(r, expected, expected === 401 ? 'unauthorized' : 'forbidden');
        }
      });
    }
  }
}

// writes: [{what, method, path, body (or a function making it),
// unchanged(session)}]: each is sent by the admin without the token and
// with a wrong one; unchanged() shows that it did nothing.
export async function csrfChecks(t, writes) {
  for (const w of writes) {
    for (const [label, csrf] of [['without X-CSRF-Token', false], ['with a wrong X-CSRF-Token', 'not-the-token-0123456789abcdefghijklmnopq']]) {
      await t.test(`${w.what} ${label}`, async () => {
        const session = await as('admin');
        const body = typeof w.body === 'function' ? w.body() : w.body;
        expectError(await call(w.method, w.path, { session, body, csrf }), 403, 'forbidden');
        await w.unchanged(session);
      });
    }
  }
}
