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
  const data = parseJson(text);
  if (!res.ok) throw failure(res, data, quiet401);
  return data;
}

function parseJson(text) {
  if (!text) return null;
  try { return JSON.parse(text); } catch { return null; }
}

// The ApiError of a refused answer (its JSON body already read as data).
function failure(res, data, quiet401 = false) {
  const e = data && data.error ? data.error : {};
  const err = new ApiError(res.status, e.code || 'unknown', e.message || `HTTP ${res.status} ${res.statusText}`, e.reason, e.args);
  if (res.status === 401 && !quiet401) unauthorizedHandler(err);
  return err;
}

// A file the server writes on request (a direct export): {blob, name},
// the name from its Content-Disposition (RFC 5987's UTF-8 name first);
// a refusal (429: the caller's exports are being written; 503: the
// server's) is thrown as an ApiError like any other, so the page can say
// it in words instead of the browser's failed download.
export async function download(path) {
  let res;
  try {
    res = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  if (!res.ok) throw failure(res, parseJson(await res.text()));
  return { blob: await res.blob(), name: fileName(res.headers.get('Content-Disposition')) };
}

function fileName(disposition) {
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition || '');
  if (utf8) {
    try { return decodeURIComponent(utf8[1]); } catch { /* the plain name then */ }
  }
  const plain = /filename="([^"]*)"/i.exec(disposition || '');
  return plain ? plain[1] : '';
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
