// The pages of an API list ({"items":[...],"next":CURSOR} and, for the
// sorted lists, "total", "page" and "sort"; docs/api.md).
//
// With ctx (a page's context) the page number and the sort live in the
// hash (#/detections?site=..&sort=-gross_kg&page=3), so reload, Back and a
// shared link all show the same page: every move is a navigation. The
// list shows its total and the page numbers; going to the next page asks
// by cursor (the server need not count or skip again), any other page by
// number. Without ctx (a short queue, the users) it pages by cursor only,
// remembering the cursors seen so that "previous" works.
import { t } from './i18n.js';
import { h, errorNotice } from './dom.js';
import { items } from './api.js';

// The last page shown of each list (its hash without the page): the
// cursor after it and the total, for the step to the next page.
const seen = new Map();

function hashParts() {
  const [path, q = ''] = location.hash.split('?');
  return { path, params: new URLSearchParams(q) };
}

// The hash of this list with changes (null removes a parameter).
function hashWith(changes) {
  const { path, params } = hashParts();
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '') params.delete(k);
    else params.set(k, String(v));
  }
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

function listKey() {
  return hashWith({ page: null });
}

// The page numbers to offer around the current one: 1 … 4 5 [6] 7 8 … 20.
function pageNumbers(current, last) {
  const out = [];
  for (let n = 1; n <= last; n++) {
    if (n === 1 || n === last || Math.abs(n - current) <= 2) out.push(n);
    else if (out[out.length - 1] !== '…') out.push('…');
  }
  return out;
}

// load(params) → a list answer, params being {after} or {page} (and sort
// with ctx); rows(items, sorting) → the element showing them, sorting
// being {sort, onSort(name, exact)} for table() (dom.js). Returns the element to
// put in the page; it fills itself, and box.ready settles when it has.
export function pager(load, rows, { testid = 'pager', ctx = null, pageSize = 50 } = {}) {
  const box = h('div', { class: 'pager-box', 'data-testid': testid });
  box.ready = ctx ? byNumber(box, load, rows, ctx, pageSize) : byCursor(box, load, rows);
  return box;
}

function loading(box) {
  box.setAttribute('aria-busy', 'true');
  box.replaceChildren(h('p', { class: 'loading', 'data-testid': 'list-loading' }, t('app.loading')));
}

async function fetchInto(box, load, params) {
  try {
    return await load(params);
  } catch (err) {
    box.replaceChildren(errorNotice(err));
    return null;
  } finally {
    box.removeAttribute('aria-busy');
  }
}

async function byNumber(box, load, rows, ctx, pageSize) {
  const page = Math.max(1, Number.parseInt(ctx.query.get('page'), 10) || 1);
  const sort = ctx.query.get('sort') || undefined;
  const key = listKey();
  const before = seen.get(key);
  const stepping = before && before.page === page - 1 && before.next && before.total !== undefined;
  loading(box);
  const data = await fetchInto(box, load, stepping ? { after: before.next, sort } : { page, sort });
  if (!data) return;
  const total = data.total ?? (stepping ? before.total : undefined);
  seen.set(key, { page, next: data.next, total });
  const last = total === undefined ? page + (data.next ? 1 : 0) : Math.max(1, Math.ceil(total / pageSize));
  const go = (n) => ctx.navigate(hashWith({ page: n > 1 ? n : null }));
  const sorting = {
    sort: data.sort || sort,
    // A header's second click reverses; the phone's select gives the order itself.
    onSort: (name, exact = false) => {
      const desc = !exact && (data.sort || sort) === name;
      ctx.navigate(hashWith({ sort: desc ? `-${name}` : name, page: null }));
    },
  };
  const jump = h('input', { type: 'number', min: 1, max: last, inputmode: 'numeric', class: 'page-jump', 'aria-label': t('page.jump'), 'data-testid': 'page-jump' });
  const nav = h('nav', { class: 'pager', 'aria-label': t('page.nav') },
    total !== undefined ? h('span', { class: 'page-total', 'data-testid': 'list-total', dataset: { total } }, t('page.total', { n: total.toLocaleString() })) : null,
    h('span', { class: 'spacer' }),
    h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'page-prev', disabled: page === 1, onclick: () => go(page - 1) }, t('page.prev')),
    pageNumbers(page, last).map((n) => (n === '…'
      ? h('span', { class: 'page-gap' }, '…')
      : h('button', { type: 'button', class: `btn btn-small page-n${n === page ? ' current' : ''}`, 'aria-current': n === page ? 'page' : null, 'data-testid': `page-${n}`, onclick: () => go(n) }, String(n)))),
    h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'page-next', disabled: !data.next, onclick: () => go(page + 1) }, t('page.next')),
    last > 7 ? h('form', { class: 'page-jump-form', onsubmit: (e) => { e.preventDefault(); const n = Number.parseInt(jump.value, 10); if (n >= 1 && n <= last) go(n); } },
      jump, h('button', { type: 'submit', class: 'btn btn-small' }, t('page.go'))) : null,
    h('span', { class: 'page-number', 'data-testid': 'page-number' }, t('page.of', { n: page, last })));
  box.replaceChildren(rows(items(data), sorting), nav);
}

async function byCursor(box, load, rows) {
  const cursors = [null]; // cursors[i]: the `after` of page i
  let index = 0;
  async function show() {
    loading(box);
    const data = await fetchInto(box, load, { after: cursors[index] });
    if (!data) return;
    cursors.length = index + 1;
    if (data.next) cursors.push(data.next);
    const nav = h('nav', { class: 'pager', 'aria-label': t('page.nav') },
      h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'page-prev', disabled: index === 0, onclick: () => { index -= 1; show(); } }, t('page.prev')),
      h('span', { class: 'page-number', 'data-testid': 'page-number' }, t('page.n', { n: index + 1 })),
      h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'page-next', disabled: cursors.length <= index + 1, onclick: () => { index += 1; show(); } }, t('page.next')));
    box.replaceChildren(rows(items(data), null), nav);
  }
  return show();
}
