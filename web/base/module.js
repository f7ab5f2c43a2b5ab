// What a module brings to the browser interface; every web/<module>/module.js
// has this shape, and the shell loads those that GET /api/v1/routes names
// with "web": true.
//
//   strings  its strings, 'key': ['中文', 'English'] (./strings.js)
//   pages    [{id, route, page, needs, nav, current, public}]:
//     id       the page's name (data-route of its nav link)
//     route    the hash path, '{}' for one segment: '/detections/{}'
//     page     the page module: render(view, ctx) → optional cleanup
//     needs    the server route the page calls first, {method, path} as in
//              the server's table; the page is offered (nav) and opened
//              only when GET /api/v1/routes says it is allowed
//     nav      {label, order}: a link in the navigation, ordered by `order`
//              across modules (10s: the domain's pages, 70+: admin, 90: own
//              account)
//     current  the nav link to mark while this page is shown (default: id)
//     public   shown without a session (the login page only)
//
// Base: the login and password pages, the audit log and the caller's
// background exports.
import strings from './strings.js';
import * as login from './login.js';
import * as password from './password.js';
import * as audit from './audit.js';
import * as exports from './exports.js';

export { strings };

export const pages = [
  { id: 'login', route: '/login', page: login, public: true },
  { id: 'audit', route: '/audit', page: audit, needs: { method: 'GET', path: '/api/v1/audit' }, nav: { label: 'nav.audit', order: 80 } },
  { id: 'exports', route: '/exports', page: exports, needs: { method: 'GET', path: '/api/v1/exports' }, nav: { label: 'nav.exports', order: 85 } },
  { id: 'password', route: '/password', page: password, needs: { method: 'POST', path: '/api/v1/session/password' }, nav: { label: 'nav.password', order: 90 } },
];
