// api.js — JSON from and to the server's /api/; errors become exceptions
// carrying the server's {"error":{"message"}} and the status.  The
// user's token (pasted at login) is kept in sessionStorage for this tab
// only and sent as "Authorization: Bearer …"; it never enters the page.

const TOKEN_KEY = 'jikenbo.token';

export function getToken() {
  try { return window.sessionStorage.getItem(TOKEN_KEY) || ''; } catch (e) { return ''; }
}

export function setToken(tok) {
  try {
    if (tok) window.sessionStorage.setItem(TOKEN_KEY, tok);
    else window.sessionStorage.removeItem(TOKEN_KEY);
  } catch (e) { /* storage off: not kept */ }
}

function headers(extra) {
  const h = { Accept: 'application/json', ...(extra || {}) };
  const tok = getToken();
  if (tok) h.Authorization = `Bearer ${tok}`;
  return h;
}

async function answer(res) {
  let body = null;
  try { body = await res.json(); } catch (e) { /* not JSON */ }
  if (!res.ok) {
    const msg = (body && body.error && body.error.message) || `HTTP ${res.status}`;
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  return body;
}

export function query(params) {
  const qs = new URLSearchParams();
  if (params) {
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') qs.set(k, v);
  }
  return qs;
}

export async function getJSON(path, params) {
  const qs = query(params);
  const url = qs.toString() ? `${path}?${qs}` : path;
  return answer(await fetch(url, { headers: headers() }));
}

// POST a JSON object.
export async function postJSON(path, obj, params) {
  const qs = query(params);
  const url = qs.toString() ? `${path}?${qs}` : path;
  return answer(await fetch(url, {
    method: 'POST', headers: headers({ 'Content-Type': 'application/json' }), body: JSON.stringify(obj || {}),
  }));
}

// POST raw bytes (a pasted notice, an uploaded file) with their type.
export async function postBody(path, body, type, params) {
  const qs = query(params);
  const url = qs.toString() ? `${path}?${qs}` : path;
  return answer(await fetch(url, { method: 'POST', headers: headers({ 'Content-Type': type }), body }));
}
