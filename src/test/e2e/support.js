// Shared by the end-to-end tests: Debian's Chromium through playwright-core (never a
// downloaded browser), sign-in helpers, the API with a token, and screenshots (under
// target/e2e/screenshots; `bin/trucewatch screenshots` copies them to docs/).
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE = process.env.BASE_URL || 'http://localhost:8080';
// The project's folder: WebAppE2EIT names it; else three levels up, from src/test/e2e as from
// the copy WebAppE2EIT runs in target/e2e/scripts.
export const PROJECT = process.env.PROJECT_DIR || fileURLToPath(new URL('../../../', import.meta.url));
const SHOTS = process.env.E2E_SCREENSHOTS || join(PROJECT, 'target/e2e/screenshots');
const RESULTS = process.env.E2E_RESULTS || join(PROJECT, 'target/e2e');

export async function browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // The machine's network is closed: Chromium's own background connections are switched off.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      // A camera for getUserMedia: Chromium's generated test pattern, allowed without a prompt.
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
}

/**
 * A browser context whose pages fail the test on any script error or Content-Security-Policy
 * violation: errors the user would never see must not pass silently.
 */
export async function context(b, options = {}) {
  const ctx = await b.newContext({ baseURL: BASE, locale: 'en-GB', timezoneId: 'UTC', ...options });
  ctx.errors = [];
  ctx.on('page', (p) => watch(p, ctx.errors));
  return ctx;
}

function watch(page, errors) {
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to|Uncaught/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
}

export async function signIn(page, username, password) {
  await page.goto('/app/');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.keyboard.press('Enter'); // the form works from the keyboard
  await signedIn(page, username);
}

/**
 * Waits until username is signed in; if that never comes, fails with what the page said
 * (#login-error, #login-status) and its console, not only "timeout".
 */
export async function signedIn(page, username, timeout = 60000) {
  const said = [];
  const listen = (m) => said.push(`${m.type()}: ${m.text()}`);
  page.on('console', listen);
  try {
    await page.locator('#who', { hasText: username }).waitFor({ timeout });
  } catch (e) {
    const text = async (sel) => ((await page.locator(sel).count()) ? page.locator(sel).innerText() : '(none)');
    throw new Error(`${username} not signed in: #login-error ${JSON.stringify(await text('#login-error'))}, `
      + `#login-status ${JSON.stringify(await text('#login-status'))}, console ${JSON.stringify(said)}; ${e.message}`);
  } finally {
    page.off('console', listen);
  }
}

export async function token(username, password) {
  const res = await fetch(`${BASE}/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return (await res.json()).access_token;
}

export async function call(tok, path, { method = 'GET', body, type = 'application/json' } = {}) {
  const res = await fetch(`${BASE}${path}`, { method, headers: { Authorization: `Bearer ${tok}`, 'Content-Type': type,
    Accept: 'application/json, application/geo+json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

export async function screenshot(page, name, { fullPage = false, at = null } = {}) {
  mkdirSync(SHOTS, { recursive: true });
  if (at) {
    // A live redraw may replace the element while it is being scrolled to: find it again (CI saw it on the incident page).
    for (let attempt = 1; ; attempt++) {
      try {
        await page.locator(at).scrollIntoViewIfNeeded();
        break;
      } catch (e) {
        if (attempt >= 3 || !/not attached/.test(String(e))) throw e;
      }
    }
  } else await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

/** What the JUnit side checks in the database afterwards. */
export function result(name, value) {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, `${name}.json`), JSON.stringify(value, null, 2));
}

/**
 * One frame of the browser's (fake) camera as a JPEG, as a phone's camera app would give it
 * to the form: a file input's `capture` opens the file chooser on a desktop browser, so the
 * test takes the picture itself and hands it to the input. It is taken in a page of its own
 * (served by the test, not the service): the app's own pages may not use the camera at all
 * (Permissions-Policy camera=()), and need not, since the phone's camera app takes the picture.
 */
export async function cameraJpeg(b) {
  const ctx = await b.newContext();
  try {
    await ctx.route('http://localhost:9/camera', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>camera</title>' }));
    await ctx.grantPermissions(['camera'], { origin: 'http://localhost:9' });
    const page = await ctx.newPage();
    await page.goto('http://localhost:9/camera');
    const bytes = await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
      const video = document.createElement('video');
      video.muted = true;
      video.srcObject = stream;
      await video.play();
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext('2d').drawImage(video, 0, 0);
      stream.getTracks().forEach((track) => track.stop());
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
      return [...new Uint8Array(await blob.arrayBuffer())];
    });
    return Buffer.from(bytes);
  } finally {
    await ctx.close();
  }
}

/**
 * A report of armed presence somewhere in the Anorí team's area (a box checked to lie inside
 * it), at a minute of its own in the last 30 days, sent by the demo monitor; its answer.
 */
export async function reportInAnori(monitor) {
  return call(monitor, '/api/v1/reports', { method: 'POST', type: 'application/geo+json', body: {
    type: 'Feature', geometry: { type: 'Point', coordinates: [-75.2 + Math.random() * 0.08, 7.26 + Math.random() * 0.08] },
    properties: { clientReportId: crypto.randomUUID(), category: 'ARMED_PRESENCE', allegedParties: ['GOV-CO'],
      observedAt: new Date(Date.now() - (60 + Math.floor(Math.random() * 43200)) * 60000).toISOString() } } });
}

/**
 * Moves an incident through the workflow to its recorded finding (the order and codes from the
 * vocabulary, never written out here); each step's answer, which must be 200.
 */
export async function workToFinding(chair, id, vocabulary, summary) {
  const order = vocabulary.statuses.map((s) => s.code);
  const answers = [];
  for (const to of order.slice(1, order.findIndex((s) => vocabulary.statuses.find((x) => x.code === s).recordsFinding) + 1)) {
    const finding = vocabulary.statuses.find((s) => s.code === to).recordsFinding
      ? { finding: vocabulary.findings[0].code, party: 'GOV-CO', summary } : {};
    answers.push(await call(chair, `/api/v1/incidents/${id}/transitions`, { method: 'POST', body: { to, ...finding } }));
  }
  return answers;
}
