// The one way the pages talk to the server (docs/api.md): same-origin
// cookies, the CSRF token on every write, JSON in and out, and the
// server's {"error":{code,reason,args,message}} turned into a thrown
// ApiError that the page shows in the user's words (errors.js). A 401
// anywhere but the login itself means the session ended: the app is told,
// and goes to the login page.

// status, code: the server's kind of error; reason and args: what exactly
// (the interface words them); message: the server's English, for the
// console only.
export class ApiError extends Error {
  constructor(status, code, message, reason, args) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.reason = reason || code;
    this.args = args || {};
  }
}

let csrf = null;
let unauthorizedHandler = () => {};

export function setCsrf(token) {
  csrf = token || null;
}

export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

// query({site: 'R01', plate: ''}) → 'site=R01': empty values are left out,
// so a blank filter field means "any".
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== '') q.set(k, v);
  }
  return q.toString();
}

export async function api(method, path, body, { quiet401 = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const e = data && data.error ? data.error : {};
    const err = new ApiError(res.status, e.code || 'unknown', e.message || `HTTP ${res.status} ${res.statusText}`, e.reason, e.args);
    if (res.status === 401 && !quiet401) unauthorizedHandler(err);
    throw err;
  }
  return data;
}

export const get = (path, params, opts) => {
  const q = query(params);
  return api('GET', q ? `${path}?${q}` : path, undefined, opts);
};
export const post = (path, body, opts) => api('POST', path, body ?? {}, opts);
export const patch = (path, body, opts) => api('PATCH', path, body ?? {}, opts);
export const del = (path, opts) => api('DELETE', path, undefined, opts);

// Lists are {"items":[...],"next":CURSOR}; a plain array is accepted too.
export function items(data) {
  if (Array.isArray(data)) return data;
  return (data && data.items) || [];
}
