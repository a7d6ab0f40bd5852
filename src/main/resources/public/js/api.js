// The service's HTTP API with the signed-in user's bearer token. The token is kept in
// localStorage so that a monitor who closes the browser while offline still finds the
// reports waiting on the device and can send them once back online (docs/webapp.md).
const TOKEN = 'trucewatch.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }

  /** "field: reason" lines from a problem+json's errors, or the detail. */
  describe() {
    return describeProblem(this.problem) || this.message;
  }
}

/** The service could not be reached (offline, DNS, connection reset). */
export class NetworkError extends Error {
}

async function send(path, init) {
  try {
    return await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new NetworkError(e.message);
  }
}

/** A problem+json as the user should read it: "field: reason" per error, else its detail or title. */
export function describeProblem(problem) {
  const errors = problem?.errors || [];
  if (errors.length === 0) return problem?.detail || problem?.title || '';
  return errors.map((e) => `${e.pointer || e.parameter || ''}: ${e.detail || e.reason || ''}`).join('\n');
}

export const session = {
  get token() { return localStorage.getItem(TOKEN); },
  set token(t) { if (t) localStorage.setItem(TOKEN, t); else localStorage.removeItem(TOKEN); },
  user: null,
};

export async function login(username, password) {
  const res = await send('/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new ApiError(res.status, await problem(res));
  const body = await res.json();
  session.token = body.access_token;
  return me();
}

export async function me() {
  session.user = await api('/api/v1/me');
  return session.user;
}

export function logout() {
  session.token = null;
  session.user = null;
}

/** Calls the API; resolves to the JSON body, rejects with ApiError, or NetworkError when offline. */
export async function api(path, { method = 'GET', body, contentType = 'application/json', raw = false,
  accept = 'application/json, application/geo+json' } = {}) {
  // A file (a PNG map, a PDF) is asked for by its own type, with problem+json for a refusal.
  const headers = { Accept: accept };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['Content-Type'] = contentType;
  // A file (Blob) goes as it is; anything else as JSON.
  const payload = body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body);
  const res = await send(path, { method, headers, body: payload, cache: 'no-store' });
  if (!res.ok) {
    const err = new ApiError(res.status, await problem(res));
    if (res.status === 401) window.dispatchEvent(new CustomEvent('trucewatch:signed-out'));
    throw err;
  }
  if (raw) return res;
  return res.status === 204 ? null : res.json();
}

async function problem(res) {
  try {
    return await res.json();
  } catch {
    return { title: res.statusText };
  }
}

/** The user's roles, for deciding what the UI offers (the server decides what it allows). */
export function roles(user = session.user) {
  return new Set((user?.grants || []).map((g) => g.role));
}


/**
 * A reference document (the taxonomy, the vocabulary) read with {@link api} and kept on the
 * device under key: offline, the answer of the last visit, or null.
 */
export async function kept(path, key) {
  try {
    const answer = await api(path);
    localStorage.setItem(key, JSON.stringify(answer));
    return answer;
  } catch {
    return keptCopy(key);
  }
}

/** What {@link kept} last kept under key, or null. */
export function keptCopy(key) {
  return JSON.parse(localStorage.getItem(key) || 'null');
}
