// Cursor pagination for the API's lists ({"items":[...],"next":CURSOR}).
// The cursors of the pages seen so far are kept, so "previous" goes back
// without the server needing to page backwards.
import { t } from './i18n.js';
import { h, errorNotice } from './dom.js';
import { items } from './api.js';

// load(after) → a list answer; rows(items) → the element showing them.
// Returns the element to put in the page; it fills itself.
export function pager(load, rows, { testid = 'pager' } = {}) {
  const box = h('div', { class: 'pager-box', 'data-testid': testid });
  const cursors = [null]; // cursors[i]: the `after` of page i
  let index = 0;

  async function show() {
    box.setAttribute('aria-busy', 'true');
    let data;
    try {
      data = await load(cursors[index]);
    } catch (err) {
      box.replaceChildren(errorNotice(err));
      box.removeAttribute('aria-busy');
      return;
    }
    cursors.length = index + 1;
    if (data && data.next) cursors.push(data.next);
    const hasNext = cursors.length > index + 1;
    const nav = h('div', { class: 'pager' },
      h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'page-prev', disabled: index === 0, onclick: () => { index -= 1; show(); } }, t('page.prev')),
      h('span', { class: 'page-number', 'data-testid': 'page-number' }, t('page.n', { n: index + 1 })),
      h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'page-next', disabled: !hasNext, onclick: () => { index += 1; show(); } }, t('page.next')));
    box.replaceChildren(rows(items(data)), nav);
    box.removeAttribute('aria-busy');
  }

  box.ready = show();
  return box;
}
