// A tiny element builder. Pages build the DOM with h() rather than HTML
// strings: text from the server is never parsed as markup (no injection),
// and no inline style attribute is ever written (the CSP forbids them).
import { t } from './i18n.js';
import { errorText } from './errors.js';

// h('a', {href: '#/x', class: 'btn', onclick: fn, dataset: {id: 1}}, 'text', child)
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') for (const [k, v] of Object.entries(value)) el.dataset[k] = String(v);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value' || key === 'checked' || key === 'selected') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

// A table inside a horizontally scrolling wrapper, so that a wide table
// scrolls on its own instead of widening the page on a phone; with cards,
// each row becomes a card of labelled fields on a phone instead (app.css).
// columns: [{label, cell: row => node|string, class?, sortBy?, cardLabel?}]
// (cardLabel: the card's label when label is not text); with
// sorting ({sort: 'NAME' or '-NAME', onSort(name)}, from pager.js) the
// header of each column with a sortBy is a button that sorts the list by
// it (the server sorts: a list is never sorted one page at a time).
export function table(columns, rows, { testid, rowProps, cards, sorting } = {}) {
  const header = (c) => {
    if (!sorting || !c.sortBy) return h('th', { scope: 'col', class: c.class }, c.label);
    const current = sorting.sort === c.sortBy ? 'ascending' : sorting.sort === `-${c.sortBy}` ? 'descending' : null;
    return h('th', { scope: 'col', class: c.class, 'aria-sort': current },
      h('button', { type: 'button', class: 'th-sort', 'data-sort': c.sortBy, onclick: () => sorting.onSort(c.sortBy) },
        c.label, current ? (current === 'descending' ? ' ▼' : ' ▲') : ''));
  };
  // Cards have no header row to click: on a phone a select sorts them.
  const sortable = sorting && cards ? columns.filter((c) => c.sortBy && typeof c.label === 'string') : [];
  const cardSort = sortable.length ? h('label', { class: 'card-sort' }, t('list.sort'), ' ',
    h('select', { 'data-testid': 'card-sort', onchange: (e) => sorting.onSort(e.target.value, true) },
      sortable.flatMap((c) => [
        h('option', { value: c.sortBy, selected: sorting.sort === c.sortBy }, `${c.label} ↑`),
        h('option', { value: `-${c.sortBy}`, selected: sorting.sort === `-${c.sortBy}` }, `${c.label} ↓`),
      ]))) : null;
  return h('div', { class: 'table-wrap' }, cardSort,
    h('table', { 'data-testid': testid, class: cards ? 'cards' : null },
      h('thead', null, h('tr', null, columns.map(header))),
      h('tbody', null, rows.map((row) =>
        h('tr', rowProps ? rowProps(row) : null,
          columns.map((c) => h('td', { class: c.class, 'data-col': c.key, 'data-label': cards ? (c.cardLabel ?? (typeof c.label === 'string' ? c.label : null)) : null }, c.cell(row))))))));
}

// A notice: kind is 'error', 'ok' or 'info'.
export function notice(kind, message, testid) {
  return h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': testid || `notice-${kind}` }, message);
}

// An error from api.js in the user's words (errors.js); the reason is on
// the element for tests, the server's English message only in the console.
export function errorNotice(err) {
  const el = notice('error', errorText(err), 'error');
  el.dataset.reason = (err && (err.reason || err.code)) || 'unknown';
  if (err && err.message) console.info(`sunroad: ${el.dataset.reason}: ${err.message}`);
  return el;
}

// A labelled form field: field('login-login', t('login.login'), input).
export function field(id, label, control, hint) {
  control.id = control.id || id;
  return h('div', { class: 'field' },
    h('label', { for: control.id }, label),
    control,
    hint ? h('small', { class: 'hint' }, hint) : null);
}

// Shows a secret once (a device key, a new password) with a copy button.
export function secretBox(label, secret, testid) {
  const code = h('code', { class: 'secret', 'data-testid': testid }, secret);
  const copy = h('button', { type: 'button', class: 'btn btn-small', onclick: async () => {
    try { await navigator.clipboard.writeText(secret); copy.textContent = t('common.copied'); } catch { /* clipboard needs https or localhost: the text stays selectable */ }
  } }, t('common.copy'));
  return h('div', { class: 'notice notice-ok secret-box', role: 'status' }, h('p', null, label), code, ' ', copy);
}

// Loads a classic script of the site once (a vendored library such as
// ECharts, which defines a global): resolves when it ran, rejects when it
// could not be fetched. A <script src> element, so the CSP's script-src
// 'self' applies.
const scripts = new Map();
export function loadScript(src) {
  if (!scripts.has(src)) {
    scripts.set(src, new Promise((resolve, reject) => {
      const el = h('script', { src });
      el.addEventListener('load', () => resolve());
      el.addEventListener('error', () => { scripts.delete(src); reject(new Error(`${src} could not be loaded`)); });
      document.head.append(el);
    }));
  }
  return scripts.get(src);
}
