// Who is logged in. Filled from POST or GET /api/v1/session; the roles
// decide which navigation items and buttons are shown (the server checks
// again: hiding a button is a courtesy, not the protection).
import { setCsrf } from './api.js';

export const session = { user: null };

export function setSession(data) {
  session.user = data && data.user ? data.user : null;
  setCsrf(data && data.csrf);
}

export function clearSession() {
  session.user = null;
  setCsrf(null);
}

// hasRole('officer', 'admin'): the user has any of them. '*' means any
// logged-in user.
export function hasRole(...roles) {
  if (!session.user) return false;
  if (roles.includes('*')) return true;
  const mine = session.user.roles || [];
  return roles.some((r) => mine.includes(r));
}
