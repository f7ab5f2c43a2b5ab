// The tickets module in the browser (接诉即办): the desk's inbox with the
// live time left of each ticket's three clocks, receiving a ticket (with
// its duplicates to merge), a ticket's page with its clocks, timeline and
// the acts allowed now (a case opened from it among them), the
// supervisor's 督办 list of a day per unit, and the figures of a period.
import strings from './strings.js';
import * as inbox from './inbox.js';
import * as receive from './receive.js';
import * as ticket from './ticket.js';
import * as stats from './stats.js';
import * as escalations from './escalations.js';

export { strings };

// The pages' own style sheet, linked once when the module loads.
if (!document.querySelector('link[data-tickets]')) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = '/tickets/tickets.css';
  link.dataset.tickets = '1';
  document.head.append(link);
}

// '/tickets/new', '/tickets/escalations' and '/tickets/stats' before
// '/tickets/{}', which would take them too. The 督办 list sits between the
// inbox and the figures in the navigation. A nav page's id is its route
// (the navigation tests go to #/<id>).
export const pages = [
  { id: 'tickets', route: '/tickets', page: inbox, needs: { method: 'GET', path: '/api/v1/tickets' }, nav: { label: 'nav.tickets', order: 36 } },
  { id: 'ticket-new', route: '/tickets/new', page: receive, needs: { method: 'POST', path: '/api/v1/tickets' }, current: 'tickets' },
  { id: 'tickets/escalations', route: '/tickets/escalations', page: escalations, needs: { method: 'GET', path: '/api/v1/tickets/escalations' }, nav: { label: 'nav.ticket_escalations', order: 36.5 } },
  { id: 'tickets/stats', route: '/tickets/stats', page: stats, needs: { method: 'GET', path: '/api/v1/tickets/stats' }, nav: { label: 'nav.ticket_stats', order: 37 } },
  { id: 'ticket', route: '/tickets/{}', page: ticket, needs: { method: 'GET', path: '/api/v1/tickets/{}' }, current: 'tickets' },
];
