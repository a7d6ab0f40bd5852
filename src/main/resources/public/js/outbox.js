// Reports kept on the device until the service has acknowledged them. Each report carries
// the clientReportId it was given when the monitor pressed "Save", so sending it again
// after a lost answer stores nothing new (the service answers 200 with the same report).
// A report leaves the outbox only on 200/201; a refusal (4xx) keeps it, marked, for the
// monitor to read and fix; a network failure or 5xx leaves it for the next attempt.
// Its photos, recordings and videos wait with it and go after it, each file in a request of
// its own (PUT /api/v1/reports/{id}/attachments/{name}): on a poor link a file that fails is
// retried on its own, and what has arrived is not sent again; a file the service refuses
// (too large, say) stays marked, like a refused report.
// The outbox is encrypted at rest (vault.js): a record holds only its ids, its state and
// the ciphertext of the report (with its files' names and types) and its IV; each file's
// bytes are a ciphertext of their own. All of it is read only while its monitor is signed
// in on this page. Records stay apart by monitor, as the key does.
import { session } from './api.js';
import { decrypt, decryptBytes, encrypt, encryptBytes, isUnlocked, unlock } from './vault.js';

const DB = 'trucewatch';
const STORE = 'outbox';
const KEYS = 'keys';
const FILES = 'files';

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 2);
    req.onupgradeneeded = (ev) => {
      if (ev.oldVersion < 1) req.result.createObjectStore(STORE, { keyPath: 'clientReportId' });
      if (ev.oldVersion < 2) {
        req.result.createObjectStore(KEYS, { keyPath: 'user' });
        // A file's bytes, by its report and its place among the report's files (its name is sealed with the report).
        req.result.createObjectStore(FILES, { keyPath: ['clientReportId', 'n'] });
      }
    };
    req.onsuccess = () => {
      // A newer release in another tab upgrades the database: this connection steps aside.
      req.result.onversionchange = () => req.result.close();
      resolve(req.result);
    };
    req.onerror = () => reject(req.error);
  });
}

/** Every key of FILES that belongs to the report id ([id, n] for any n). */
function filesOf(id) {
  return IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
}

/** Runs work on store (a name: work gets that store; an array of names: work gets the transaction). */
async function tx(mode, work, store = STORE) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const t = db.transaction(store, mode);
      const result = work(Array.isArray(store) ? t : t.objectStore(store));
      // A request resolves to its result, even when that is undefined (get() of a missing key):
      // `request.result ?? request` would hand the request itself back as if it were a record.
      t.oncomplete = () => resolve(result instanceof IDBRequest ? result.result : result);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

/**
 * Signs user in to the outbox on this device: true when password opens their key (made on
 * their first sign-in here), false when it does not; with replace (the service has just
 * accepted this password), a key that does not open is replaced by a new one. A report kept unencrypted by an older
 * release is encrypted now.
 */
export async function openOutbox(user, password, { replace = false } = {}) {
  const record = await tx('readonly', (s) => s.get(user), KEYS);
  let outcome = await unlock(user, password, record);
  // The password changed on the service: a new key; what the old one sealed stays sealed (docs/security.md).
  if (outcome === false && replace) outcome = await unlock(user, password, undefined);
  if (outcome === false) return false;
  if (outcome !== true) await tx('readwrite', (s) => s.put(outcome), KEYS);
  for (const old of (await tx('readonly', (s) => s.getAll())).filter((e) => e.user === user && e.feature)) {
    await store({ ...old, lastError: old.lastError ?? null });
  }
  return true;
}

/** Whether the signed-in user's outbox is open on this page. */
export function outboxOpen() {
  return isUnlocked(session.user?.username);
}

/** Encrypts what is confidential in entry (the report, its files' names and types, the service's reasons) and stores the rest beside it. */
async function store(entry) {
  const { feature, problem, files, ...plain } = entry;
  const sealed = await encrypt(entry.user, { feature, problem: problem ?? null, files: files ?? [] });
  await tx('readwrite', (s) => s.put({ ...plain, iv: sealed.iv, data: sealed.data }));
}

/**
 * Keeps a report (a GeoJSON Feature whose properties hold its clientReportId) on the device,
 * with its files ([{name, type, blob}]), each encrypted on its own; all in one transaction.
 */
export async function keep(feature, files = []) {
  const user = session.user?.username;
  const id = feature.properties.clientReportId;
  const plain = { clientReportId: id, savedAt: new Date().toISOString(), user, attempts: 0, state: 'waiting' };
  const meta = files.map((f, n) => ({ n, name: f.name, type: f.type, size: f.blob.size, state: 'waiting' }));
  const sealedFiles = [];
  for (const [n, f] of files.entries()) {
    const { iv, data } = await encryptBytes(user, await f.blob.arrayBuffer());
    sealedFiles.push({ clientReportId: id, n, user, iv, data });
  }
  const sealed = await encrypt(user, { feature, problem: null, files: meta });
  // The report and its files are kept together or not at all.
  await tx('readwrite', (t) => {
    sealedFiles.forEach((r) => t.objectStore(FILES).put(r));
    t.objectStore(STORE).put({ ...plain, iv: sealed.iv, data: sealed.data });
  }, [STORE, FILES]);
  window.dispatchEvent(new CustomEvent('trucewatch:outbox'));
  return { ...plain, feature, files: meta };
}

/**
 * The reports on the device: the signed-in monitor's in full; another monitor's only as ids,
 * state and author ({locked: true}), since only their own key opens them.
 */
export async function entries() {
  const out = [];
  for (const e of await tx('readonly', (s) => s.getAll())) {
    const { iv, data, ...plain } = e;
    const opened = data && isUnlocked(e.user) ? await decrypt(e.user, { iv, data }).catch(() => null) : null;
    if (opened) {
      out.push({ ...plain, feature: opened.feature, problem: opened.problem ?? undefined, files: opened.files ?? [] });
    } else {
      // Another monitor's, or sealed with a key made before the password changed (docs/security.md).
      out.push({ clientReportId: e.clientReportId, user: e.user, state: e.state, savedAt: e.savedAt, locked: true });
    }
  }
  return out;
}

/** Reports (and sent reports' files) still to go. */
export async function pending() {
  return (await tx('readonly', (s) => s.getAll())).filter((e) => e.state === 'waiting' || e.state === 'files').length;
}

/** Removes a report from the device, with whatever of its files is still there. */
export function remove(id) {
  return tx('readwrite', (t) => {
    t.objectStore(FILES).delete(filesOf(id));
    t.objectStore(STORE).delete(id);
  }, [STORE, FILES]);
}

async function update(entry) {
  await store(entry);
}

let flushing = null;

/**
 * Sends every waiting report of the signed-in monitor once; resolves to {sent, refused, left}.
 * One flush at a time per page.
 */
export function flushOutbox() {
  if (!flushing) flushing = flush().finally(() => { flushing = null; });
  return flushing;
}

async function flush() {
  const result = { sent: 0, refused: 0, left: 0 };
  if (!session.token || !navigator.onLine) return result;
  for (const entry of await entries()) {
    // A report goes out under the name of the monitor who made it, never another's on a shared device.
    if (entry.locked || entry.user !== session.user?.username) continue;
    if (entry.state === 'waiting') {
      const outcome = await sendReport(entry, result);
      if (outcome === 'stop') break;
      if (outcome !== 'sent') continue;
    }
    if (entry.state === 'files' && (await sendFiles(entry, result)) === 'stop') break;
  }
  window.dispatchEvent(new CustomEvent('trucewatch:outbox'));
  return result;
}

/** POSTs the report: 'sent', 'refused', or 'stop' (offline, signed out, a server fault: the rest waits too). */
async function sendReport(entry, result) {
  let res;
  try {
    res = await fetch('/api/v1/reports', {
      method: 'POST',
      headers: { 'Content-Type': 'application/geo+json', Accept: 'application/geo+json, application/problem+json',
        Authorization: `Bearer ${session.token}` },
      body: JSON.stringify(entry.feature),
      cache: 'no-store',
    });
  } catch {
    result.left++;
    return 'stop';
  }
  entry.attempts++;
  if (res.status === 200 || res.status === 201) {
    const stored = await res.json().catch(() => null);
    if (entry.files.length && stored?.id) {
      // The report is in; its files follow, and it stays here until they have arrived.
      entry.state = 'files';
      entry.reportId = stored.id;
      await update(entry);
    } else {
      await remove(entry.clientReportId);
    }
    window.dispatchEvent(new CustomEvent('trucewatch:sent', { detail: { entry, stored } }));
    result.sent++;
    return 'sent';
  }
  return refusedOrLater(res, entry, entry, result);
}

/** PUTs each file still to go, one request each; the entry leaves the device once all have arrived. */
async function sendFiles(entry, result) {
  for (const file of entry.files.filter((f) => f.state === 'waiting')) {
    const sealed = await tx('readonly', (s) => s.get([entry.clientReportId, file.n]), FILES);
    let res;
    try {
      const bytes = await decryptBytes(entry.user, sealed);
      res = await fetch(`/api/v1/reports/${encodeURIComponent(entry.reportId)}/attachments/${encodeURIComponent(file.name)}`, {
        method: 'PUT',
        headers: { 'Content-Type': file.type, Accept: 'application/json, application/problem+json',
          Authorization: `Bearer ${session.token}` },
        body: new Blob([bytes], { type: file.type }),
        cache: 'no-store',
      });
    } catch {
      result.left++;
      return 'stop';
    }
    if (res.ok) {
      // 201 stored now, 200 stored by an earlier attempt whose answer was lost: either way it is there.
      file.state = 'sent';
      await tx('readwrite', (s) => s.delete([entry.clientReportId, file.n]), FILES);
      await update(entry);
      continue;
    }
    if ((await refusedOrLater(res, entry, file, result)) === 'stop') return 'stop';
  }
  if (entry.files.every((f) => f.state === 'sent')) {
    await remove(entry.clientReportId);
    window.dispatchEvent(new CustomEvent('trucewatch:sent', { detail: { entry, files: true } }));
  } else if (!entry.files.some((f) => f.state === 'waiting')) {
    // Nothing left to try: the refused files wait for the monitor to read why and discard them.
    entry.state = 'filesRefused';
    await update(entry);
  }
  return 'done';
}

/**
 * What a failed answer means for what was sent (the report, or one file: `target`): 401, sign in
 * again; another 4xx but 408 and 429, refused for good (kept, marked, with the service's reason);
 * anything else, try again later.
 */
async function refusedOrLater(res, entry, target, result) {
  if (res.status === 401) {
    entry.lastError = 'sign-in';
    await update(entry);
    result.left++;
    window.dispatchEvent(new CustomEvent('trucewatch:signed-out'));
    return 'stop';
  }
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
    target.state = 'refused';
    target.problem = await res.json().catch(() => ({ status: res.status }));
    await update(entry);
    result.refused++;
    return 'refused';
  }
  entry.lastError = `HTTP ${res.status}`;
  await update(entry);
  result.left++;
  return 'stop';
}
