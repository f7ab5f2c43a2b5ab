// A table that sorts by any column: each column header is a button; a
// second click reverses the order. columns: [{ key, label, class, cell,
// value, sortable }] where value(row) is what sorts (a number or a string; cell's
// text when absent; sortable: false for a column of actions). The table is redrawn in place. For lists small
// enough to be had whole (the sites, the users, a dashboard's rows); a
// long list sorts on the server (pager.js).
import { h, table } from './dom.js';

export function sortTable(columns, rows, { testid, rowProps, sortKey, desc = true, cards = false } = {}) {
  const wrap = h('div', { class: 'sort-table', 'data-testid': testid ? `${testid}-wrap` : null });
  let key = sortKey || columns[0].key;
  let down = desc;
  const valueOf = (c, row) => (c.value ? c.value(row) : String(c.cell(row) ?? ''));
  const draw = () => {
    const col = columns.find((c) => c.key === key) || columns[0];
    const sorted = [...rows].sort((a, b) => {
      const x = valueOf(col, a);
      const y = valueOf(col, b);
      const cmp = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
      return down ? -cmp : cmp;
    });
    const headed = columns.map((c) => (c.sortable === false ? c : {
      ...c,
      cardLabel: typeof c.label === 'string' ? c.label : null,
      label: h('button', { type: 'button', class: 'th-sort', 'data-sort': c.key,
        'aria-label': typeof c.label === 'string' ? c.label : null,
        onclick: () => { if (key === c.key) down = !down; else { key = c.key; down = typeof valueOf(c, rows[0] || {}) === 'number'; } draw(); } },
      c.label, c.key === key ? (down ? ' ▼' : ' ▲') : ''),
    }));
    const el = table(headed, sorted, { testid, rowProps, cards });
    el.querySelectorAll('th').forEach((th, i) => {
      if (columns[i].key === key) th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
    });
    wrap.replaceChildren(el);
  };
  draw();
  return wrap;
}
