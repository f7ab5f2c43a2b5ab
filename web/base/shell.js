// The single-page shell: hash routes (#/detections/123?verdict=overlimit),
// the session check before each page, the modules, the navigation, the
// language switch and logout. It names no domain: after the login it asks
// the server which modules have a web/<name>/ folder and which routes this
// caller may call (GET /api/v1/routes), imports /<name>/module.js of each,
// and offers the pages whose route is allowed (web/base/module.js says
// what a module declares).
import { get, del, onUnauthorized, ApiError } from './api.js';
import { t, lang, setLang, translatePage, addStrings } from './i18n.js';
import { session, setSession, clearSession, setAccess, allowed, webModules } from './session.js';
import { h, errorNotice, notice } from './dom.js';
import * as base from './module.js';

const el = {
  view: document.getElementById('view'),
  nav: document.getElementById('nav'),
  navList: document.querySelector('#nav ul'),
  menu: document.getElementById('menu-toggle'),
  user: document.getElementById('user-name'),
  logout: document.getElementById('logout'),
  lang: document.getElementById('lang-toggle'),
};

const modules = new Map(); // name → its module.js, once imported
let pages = []; // the pages of the imported modules, with their pattern
let accessError = null; // why GET /api/v1/routes or a module failed
let cleanup = null;
let flashMessage = null;
let afterLogin = null; // the page asked for before the login page
let currentHash = null; // the page shown, so the next one knows where it came from

// '/detections/{}' → /^\/detections\/([^/]+)$/
function pattern(route) {
  const parts = route.split('{}').map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('([^/]+)')}$`);
}

function addModule(name, mod) {
  addStrings(mod.strings, name);
  modules.set(name, mod);
  pages = [...modules.values()].flatMap((m) => (m.pages || []).map((p) => ({ ...p, pattern: pattern(p.route) })));
}

const may = (p) => p.public || (p.needs && allowed(p.needs));

// The first page of the navigation this user may open: where the login
// and the brand lead.
function home() {
  const first = navPages()[0];
  return first ? `#${first.route}` : '#/password';
}

function navPages() {
  return pages.filter((p) => p.nav && may(p)).sort((a, b) => a.nav.order - b.nav.order);
}

// Asks the server what this caller may do, imports the modules it names
// (in its order) and rebuilds the navigation. A failure is kept and shown
// on the page, with what could be loaded.
async function loadAccess() {
  accessError = null;
  try {
    setAccess(await get('/api/v1/routes'));
  } catch (err) {
    setAccess(null);
    if (err instanceof ApiError && err.status === 401) return;
    accessError = err;
  }
  for (const name of webModules()) {
    if (modules.has(name)) continue;
    try {
      addModule(name, await import(`/${name}/module.js`));
    } catch (err) {
      console.error(err);
      accessError = new ApiError(0, 'module', `${name}: ${err.message}`, 'module_failed', { module: name });
    }
  }
  renderNav();
}

function renderNav() {
  el.navList.replaceChildren(...navPages().map((p) => h('li', null,
    h('a', { href: `#${p.route}`, dataset: { route: p.id, i18n: p.nav.label, needs: `${p.needs.method} ${p.needs.path}` } }, t(p.nav.label)))));
}

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

// Shows the header and the navigation once someone is logged in.
function renderChrome() {
  const user = session.user;
  el.nav.hidden = !user;
  el.menu.hidden = !user;
  el.logout.hidden = !user;
  el.user.hidden = !user;
  el.user.textContent = user ? `${user.name || user.login} (${user.login})` : '';
  el.user.title = user ? t('app.user') : '';
}

function markCurrent(id) {
  for (const a of el.navList.querySelectorAll('a[data-route]')) {
    if (a.dataset.route === id) a.setAttribute('aria-current', 'page');
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
    location.replace(home());
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
  if (accessError && session.user) view.append(errorNotice(accessError));

  const page = pages.find((p) => p.pattern.test(path));
  if (!page) { view.append(errorNotice(new ApiError(404, 'not_found', '', 'page_unknown'))); return; }
  markCurrent(page.current || page.id);
  if (!may(page)) {
    view.append(errorNotice(new ApiError(403, 'forbidden', '', 'page_forbidden')));
    return;
  }
  const params = path.match(page.pattern).slice(1).map(decodeURIComponent);
  const ctx = {
    params, query, previous, navigate, flash, home, onLogin, reloadAccess: loadAccess, rerender: render,
    afterLogin: () => { const a = afterLogin; afterLogin = null; return a; },
  };
  try {
    const result = await page.page.render(view, ctx);
    // A page that finished after the user moved on cleans up at once: its
    // cleanup is not the current page's to replace.
    if (typeof result === 'function') {
      if (view.isConnected) cleanup = result;
      else try { result(); } catch { /* as above */ }
    }
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return; // already on the way to login
    view.append(errorNotice(err));
    console.error(err);
  }
}

// Called by the login page once the session is open: what this user may
// do, then the header.
async function onLogin(data) {
  setSession(data);
  await loadAccess();
  renderChrome();
}

onUnauthorized(() => {
  if (!session.user) return;
  clearSession();
  renderNav();
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
  afterLogin = null; // a page asked for in this session is not the next user's
  renderNav();
  renderChrome();
  navigate('#/login');
});

el.menu.addEventListener('click', () => {
  const open = document.body.classList.toggle('nav-open');
  el.menu.setAttribute('aria-expanded', String(open));
});

window.addEventListener('hashchange', render);

async function start() {
  addModule('base', base);
  translatePage();
  try {
    setSession(await get('/api/v1/session', null, { quiet401: true }));
  } catch (err) {
    // 401: not logged in. Anything else (server down) shows when logging in.
    clearSession();
  }
  if (session.user) await loadAccess();
  await render();
}

start();
