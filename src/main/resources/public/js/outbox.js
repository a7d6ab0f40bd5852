// Reports kept on the device until the service has acknowledged them. Each report carries
// the clientReportId it was given when the monitor pressed "Save", so sending it again
// after a lost answer stores nothing new (the service answers 200 with the same report).
// A report leaves the outbox only on 200/201; a refusal (4xx) keeps it, marked, for the
// monitor to read and fix; a network failure or 5xx leaves it for the next attempt.
import { session } from './api.js';

const DB = 'trucewatch';
const STORE = 'outbox';

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'clientReportId' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const result = work(t.objectStore(STORE));
      t.oncomplete = () => resolve(result?.result ?? result);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

/** Keeps a report (a GeoJSON Feature whose properties hold its clientReportId) on the device. */
export async function keep(feature) {
  const entry = { clientReportId: feature.properties.clientReportId, feature, savedAt: new Date().toISOString(),
    user: session.user?.username, attempts: 0, state: 'waiting' };
  await tx('readwrite', (s) => s.put(entry));
  window.dispatchEvent(new CustomEvent('trucewatch:outbox'));
  return entry;
}

export function entries() {
  return tx('readonly', (s) => s.getAll());
}

export async function pending() {
  return (await entries()).filter((e) => e.state === 'waiting').length;
}

export function remove(id) {
  return tx('readwrite', (s) => s.delete(id));
}

async function update(entry) {
  await tx('readwrite', (s) => s.put(entry));
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
    if (entry.state !== 'waiting' || entry.user !== session.user?.username) continue;
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
      break; // offline again: the rest waits too
    }
    entry.attempts++;
    if (res.status === 200 || res.status === 201) {
      const stored = await res.json().catch(() => null);
      await remove(entry.clientReportId);
      window.dispatchEvent(new CustomEvent('trucewatch:sent', { detail: { entry, stored } }));
      result.sent++;
    } else if (res.status === 401) {
      entry.lastError = 'sign-in';
      await update(entry);
      result.left++;
      window.dispatchEvent(new CustomEvent('trucewatch:signed-out'));
      break;
    } else if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
      entry.state = 'refused';
      entry.problem = await res.json().catch(() => ({ status: res.status }));
      await update(entry);
      result.refused++;
    } else {
      entry.lastError = `HTTP ${res.status}`;
      await update(entry);
      result.left++;
      break;
    }
  }
  window.dispatchEvent(new CustomEvent('trucewatch:outbox'));
  return result;
}
