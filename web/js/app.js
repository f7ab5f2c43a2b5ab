// The single-page shell: hash routes (#/detections/123?verdict=overlimit),
// the session check before each page, the navigation by role, the language
// switch and logout. Each page is a module exporting
// render(view, ctx) → optional cleanup function.
import { get, del, onUnauthorized, ApiError } from './api.js';
import { t, lang, setLang, translatePage } from './i18n.js';
import { session, setSession, clearSession, hasRole } from './session.js';
import { h, clear, errorNotice, notice } from './dom.js';
import * as login from './login.js';
import * as password from './password.js';
import * as dashboard from './dashboard.js';
import * as detections from './detections.js';
import * as detail from './detail.js';
import * as screening from './screening.js';
import * as quarantine from './quarantine.js';
import * as sites from './sites.js';
import * as users from './users.js';
import * as audit from './audit.js';

const SCREENERS = ['officer', 'chief', 'admin'];

// pattern → page; roles: who may open it (the API's role column).
const routes = [
  { path: /^\/login$/, page: login, public: true },
  { path: /^\/password$/, page: password, nav: 'password' },
  { path: /^\/dashboard$/, page: dashboard, nav: 'dashboard' },
  { path: /^\/detections$/, page: detections, nav: 'detections' },
  { path: /^\/detections\/([^/]+)$/, page: detail, nav: 'detections' },
  { path: /^\/screening$/, page: screening, nav: 'screening', roles: SCREENERS },
  { path: /^\/screening\/([^/]+)$/, page: screening, nav: 'screening', roles: SCREENERS },
  { path: /^\/quarantine$/, page: quarantine, nav: 'quarantine' },
  { path: /^\/sites$/, page: sites, nav: 'sites' },
  { path: /^\/users$/, page: users, nav: 'users', roles: ['admin'] },
  { path: /^\/audit$/, page: audit, nav: 'audit', roles: ['inspector', 'admin'] },
];

const el = {
  view: document.getElementById('view'),
  nav: document.getElementById('nav'),
  menu: document.getElementById('menu-toggle'),
  user: document.getElementById('user-name'),
  logout: document.getElementById('logout'),
  lang: document.getElementById('lang-toggle'),
};

let cleanup = null;
let flashMessage = null;
let afterLogin = null; // the page asked for before the login page
let currentHash = null; // the page shown, so the next one knows where it came from

export function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

// A message shown once at the top of the next page (e.g. "confirmed").
export function flash(message) {
  flashMessage = message;
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, q = ''] = raw.split('?');
  return { path, query: new URLSearchParams(q) };
}

// Shows the header and nav items this user may use.
function renderChrome() {
  const user = session.user;
  el.nav.hidden = !user;
  el.menu.hidden = !user;
  el.logout.hidden = !user;
  el.user.hidden = !user;
  el.user.textContent = user ? `${user.name || user.login} (${user.login})` : '';
  el.user.title = user ? t('app.user') : '';
  for (const li of el.nav.querySelectorAll('li[data-roles]')) {
    li.hidden = !hasRole(...li.dataset.roles.split(' '));
  }
}

function markCurrent(navKey) {
  for (const a of el.nav.querySelectorAll('a[data-route]')) {
    if (a.dataset.route === navKey) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function closeMenu() {
  document.body.classList.remove('nav-open');
  el.menu.setAttribute('aria-expanded', 'false');
}

async function render() {
  if (cleanup) { try { cleanup(); } catch { /* a page's cleanup must not stop the next page */ } cleanup = null; }
  closeMenu();
  const { path, query } = parseHash();

  if (!session.user && path !== '/login') {
    if (path !== '/') afterLogin = location.hash;
    location.replace('#/login');
    return;
  }
  if (session.user && session.user.must_change_password && path !== '/password' && path !== '/login') {
    location.replace('#/password');
    return;
  }
  if (path === '/' || (session.user && path === '/login')) {
    location.replace('#/dashboard');
    return;
  }

  const previous = currentHash;
  currentHash = location.hash;
  renderChrome();
  // A fresh container per render: a slow page that finishes after the user
  // moved on writes into a detached element, not over the new page.
  const view = h('div', { class: 'page' });
  el.view.replaceChildren(view);
  if (flashMessage) { view.append(notice('ok', flashMessage, 'flash')); flashMessage = null; }

  const route = routes.find((r) => r.path.test(path));
  if (!route) { view.append(errorNotice(new ApiError(404, 'not_found', t('error.route')))); return; }
  markCurrent(route.nav);
  if (route.roles && !hasRole(...route.roles)) {
    view.append(errorNotice(new ApiError(403, 'forbidden', '')));
    return;
  }
  const params = path.match(route.path).slice(1).map(decodeURIComponent);
  const ctx = { params, query, previous, navigate, flash, afterLogin: () => { const a = afterLogin; afterLogin = null; return a; }, onLogin, rerender: render };
  try {
    const result = await route.page.render(view, ctx);
    if (typeof result === 'function') cleanup = result;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return; // already on the way to login
    view.append(errorNotice(err));
    console.error(err);
  }
}

// Called by the login and password pages once the session changed.
function onLogin(data) {
  setSession(data);
  renderChrome();
}

onUnauthorized(() => {
  if (!session.user) return;
  clearSession();
  afterLogin = location.hash;
  location.replace('#/login');
});

el.lang.addEventListener('click', () => {
  setLang(lang() === 'zh-CN' ? 'en' : 'zh-CN');
  render();
});

el.logout.addEventListener('click', async () => {
  try { await del('/api/v1/session', { quiet401: true }); } catch { /* the session may be gone already */ }
  clearSession();
  renderChrome();
  navigate('#/login');
});

el.menu.addEventListener('click', () => {
  const open = document.body.classList.toggle('nav-open');
  el.menu.setAttribute('aria-expanded', String(open));
});

window.addEventListener('hashchange', render);

async function start() {
  translatePage();
  try {
    setSession(await get('/api/v1/session', null, { quiet401: true }));
  } catch (err) {
    // 401: not logged in. Anything else (server down) shows when logging in.
    clearSession();
  }
  await render();
}

start();
