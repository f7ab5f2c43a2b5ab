// The people module in the browser: users and units (web/base/module.js
// describes the shape).
import strings from './strings.js';
import * as users from './users.js';

export { strings };

export const pages = [
  { id: 'users', route: '/users', page: users, needs: { method: 'GET', path: '/api/v1/users' }, nav: { label: 'nav.users', order: 70 } },
];
