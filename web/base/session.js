// Who is logged in, and what the server lets this caller do. The user
// comes from POST or GET /api/v1/session; what it may call comes from
// GET /api/v1/routes, the server's own route table with an "allowed" flag
// per route. The browser holds no role names: a page or a button is shown
// when the route it needs is allowed (the server checks again: hiding a
// button is a courtesy, not the protection).
import { setCsrf } from './api.js';

export const session = { user: null };

// The last answer of GET /api/v1/routes: {roles, modules, routes}.
const access = { roles: [], modules: [], routes: [] };

export function setSession(data) {
  session.user = data && data.user ? data.user : null;
  setCsrf(data && data.csrf);
}

export function clearSession() {
  session.user = null;
  setCsrf(null);
  setAccess(null);
}

export function setAccess(answer) {
  access.roles = (answer && answer.roles) || [];
  access.modules = (answer && answer.modules) || [];
  access.routes = (answer && answer.routes) || [];
}

// allowed({method: 'GET', path: '/api/v1/screening'}): the caller may call
// this route of the server's table ('{}' stands for one path segment, as in
// the table). A route the server does not have is not allowed.
export function allowed({ method, path }) {
  return access.routes.some((r) => r.method === method && r.path === path && r.allowed);
}

// Every role the server knows, in its order (for the users form).
export function roles() {
  return access.roles;
}

// The modules the server runs with their web/<name>/ folder, in its order.
export function webModules() {
  return access.modules.filter((m) => m.web).map((m) => m.name);
}
