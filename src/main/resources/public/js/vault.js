// The key that encrypts a monitor's outbox at rest (docs/security.md, "The outbox on the
// device"). Derived from the monitor's password at sign-in with PBKDF2 (SHA-256, 600,000
// iterations: OWASP's 2023 figure for PBKDF2-HMAC-SHA256) and a random salt of the monitor's
// own kept beside the outbox; an AES-GCM key (NIST SP 800-38D, a fresh 96-bit IV per record)
// that is never extractable and lives only in this page's memory. A reload forgets it: the
// monitor signs in again, also offline, where the password is checked by decrypting a check
// value made with the key. WebCrypto does all of it; nothing here is hand-rolled cryptography.
const ITERATIONS = 600000;
const CHECK = 'trucewatch-outbox-key-check';

let unlocked = null; // { user, key }

/** Whether user's outbox key is in memory. */
export function isUnlocked(user) {
  return unlocked !== null && unlocked.user === user;
}

export function lock() {
  unlocked = null;
}

async function derive(password, salt) {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: ITERATIONS }, material,
    { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

async function seal(key, bytes) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  return { iv, data: new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, bytes)) };
}

/**
 * Makes user's key from the password and keeps it in memory. With a kept record (salt and
 * check value), resolves to true when the password opens it and false when it does not; with
 * none, makes one and resolves to the record to keep.
 */
export async function unlock(user, password, record) {
  if (record) {
    const key = await derive(password, record.salt);
    try {
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: record.iv }, key, record.check);
      if (new TextDecoder().decode(plain) !== CHECK) return false;
    } catch {
      return false; // the GCM tag does not verify: another password
    }
    unlocked = { user, key };
    return true;
  }
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await derive(password, salt);
  const { iv, data } = await seal(key, new TextEncoder().encode(CHECK));
  unlocked = { user, key };
  return { user, salt, iv, check: data, iterations: ITERATIONS };
}

/** value (anything JSON can hold) encrypted with user's key: {iv, data}. */
export async function encrypt(user, value) {
  return encryptBytes(user, new TextEncoder().encode(JSON.stringify(value)));
}

export async function decrypt(user, sealed) {
  return JSON.parse(new TextDecoder().decode(await decryptBytes(user, sealed)));
}

/** bytes (an ArrayBuffer or typed array: a photo, a recording) encrypted with user's key: {iv, data}. */
export async function encryptBytes(user, bytes) {
  if (!isUnlocked(user)) throw new Error('outbox locked');
  return seal(unlocked.key, bytes);
}

/** The bytes sealed by encryptBytes, as an ArrayBuffer; rejects if they were altered (the GCM tag). */
export async function decryptBytes(user, sealed) {
  if (!isUnlocked(user)) throw new Error('outbox locked');
  return crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, unlocked.key, sealed.data);
}
