// A monitor on a phone reports with the network cut: the form opens from the service
// worker, the report waits on the device with its clientReportId, the first send after
// reconnecting reaches the service but its answer is lost, the resend is answered 200 with
// the same report, and the service holds exactly one (checked in the database by
// WebAppE2EIT). A report the service refuses stays on the device with the reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { browser, context, result, screenshot, signIn, signedIn } from '../support.js';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  geolocation: { latitude: 33.2741, longitude: 35.5312, accuracy: 12 }, permissions: ['geolocation'] };
let b;

before(async () => { b = await browser(); });
after(async () => { await b?.close(); });

async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

test('a report made offline is sent once when the network returns, even if the first answer is lost', async () => {
  const ctx = await context(b, PHONE);
  const page = await ctx.newPage();
  await signIn(page, 'monitor.lb', 'demo-monitor-lb');
  await page.locator('#report-form').waitFor();
  await controlled(page);

  // The network is cut: the app still opens, from the service worker's copy.
  await ctx.setOffline(true);
  await page.reload();
  // The outbox's key is kept in memory only: after a reload the monitor signs in again, here offline.
  await page.locator('#login-form').waitFor();
  await page.locator('#username').fill('monitor.lb');
  await page.locator('#password').fill('demo-monitor-lb');
  await page.keyboard.press('Enter');
  await signedIn(page, 'monitor.lb');
  await page.locator('#report-form').waitFor();
  await page.locator('#conn[data-online="false"]').waitFor();

  await page.locator('#gps').click();
  await page.locator('#gps-status', { hasText: '12 m' }).waitFor();
  assert.equal(await page.locator('#lat').inputValue(), '33.274100');
  assert.equal(await page.locator('#lon').inputValue(), '35.531200');
  assert.equal(await page.locator('#accuracy').inputValue(), '12');
  await page.locator('#category').selectOption('INDIRECT_FIRE');
  await page.locator('#count').fill('3');
  await page.locator('#description').fill('Three impacts north-east of the post, heard from OP 2-31');
  // Heard from the post: the GPS position is the observer's; the impacts lie 3 km away at 045°.
  await page.locator('#distant summary').click();
  await page.locator('#bearing').fill('45');
  await page.locator('#distance').fill('3000');
  await page.locator('#event-position', { hasText: '± 762 m' }).waitFor();
  await page.locator('#parties input[value="IDF"]').check();
  await page.locator('#source summary').click();
  await page.locator('#sourceType').selectOption('PUBLIC');
  await page.locator('#reliability').selectOption('C');
  await page.locator('#sourceIdentity').fill('Shepherd at the wadi');
  await screenshot(page, 'report-form', { fullPage: true });
  await page.locator('#save').click();
  await page.locator('#report-result', { hasText: 'connection returns' }).waitFor();
  const waiting = page.locator('#outbox li[data-state="waiting"]');
  assert.equal(await waiting.count(), 1);
  const clientReportId = await waiting.getAttribute('data-client-report-id');
  await page.locator('#conn[data-waiting="1"]').waitFor();
  await screenshot(page, 'report-offline', { at: '#outbox' });

  // Back online, the first send reaches the service, but the answer never reaches the phone.
  const delivered = [];
  await page.route('**/api/v1/reports', async (route) => {
    const res = await route.fetch();
    delivered.push(res.status());
    await route.abort('connectionreset');
  });
  // The phone sees the send fail once the service has answered it (the answer is recorded first).
  const firstSendLost = page.waitForEvent('requestfailed', { timeout: 10000,
    predicate: (r) => r.url().endsWith('/api/v1/reports') && r.method() === 'POST' });
  await ctx.setOffline(false);
  await page.waitForFunction(() => navigator.onLine);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForFunction(() => document.querySelector('#conn')?.dataset.online === 'true');
  await firstSendLost;
  assert.deepEqual(delivered, [201], 'the service stored the report');
  assert.equal(await page.locator(`#outbox li[data-client-report-id="${clientReportId}"]`).count(), 1,
    'without an answer the phone keeps the report');

  // The next attempt gets its answer: 200, the report already stored; the outbox empties.
  await page.unroute('**/api/v1/reports');
  const answers = [];
  page.on('response', (r) => { if (r.url().endsWith('/api/v1/reports') && r.request().method() === 'POST') answers.push(r.status()); });
  await page.locator('#send-now').click();
  await page.locator(`#outbox li[data-client-report-id="${clientReportId}"]`).waitFor({ state: 'detached' });
  assert.deepEqual(answers, [200], 'the resend is recognised, not stored again');
  await page.locator('#conn[data-waiting="0"]').waitFor();
  // The monitor's list of their reports, from the service, shows it once.
  await page.locator(`#sent li[data-client-report-id="${clientReportId}"]`).waitFor();
  assert.equal(await page.locator(`#sent li[data-client-report-id="${clientReportId}"]`).count(), 1);
  await screenshot(page, 'report-sent', { at: '#outbox' });
  assert.deepEqual(ctx.errors, []);
  result('monitor', { clientReportId, delivered, answers });
  await ctx.close();
});

test('a report the service refuses stays on the device with the reason', async () => {
  const ctx = await context(b, PHONE);
  const page = await ctx.newPage();
  await signIn(page, 'monitor.lb', 'demo-monitor-lb');
  await page.locator('#report-form').waitFor();
  await page.locator('#category').selectOption('SMALL_ARMS_FIRE');
  // Two days ahead: beyond the clock skew the service allows.
  const ahead = new Date(Date.now() + 2 * 86400000).toISOString().slice(0, 16);
  await page.locator('#observedAt').fill(ahead);
  await page.locator('#lat').fill('33.2');
  await page.locator('#lon').fill('35.4');
  await page.locator('#save').click();
  const refused = page.locator('#outbox li[data-state="refused"]');
  await refused.waitFor();
  assert.match(await refused.locator('.problem').innerText(), /\/properties\/observedAt/);
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

test('on a shared device, a report waits for the monitor who made it', async () => {
  const ctx = await context(b, PHONE);
  const page = await ctx.newPage();
  await signIn(page, 'monitor.lb', 'demo-monitor-lb');
  await page.locator('#report-form').waitFor();
  await ctx.setOffline(true);
  await page.locator('#category').selectOption('AIR_INCURSION');
  await page.locator('#lat').fill('33.25');
  await page.locator('#lon').fill('35.45');
  await page.locator('#save').click();
  const entry = page.locator('#outbox li[data-state="waiting"]');
  await entry.waitFor();
  const clientReportId = await entry.getAttribute('data-client-report-id');
  await page.locator('#logout').click();
  await ctx.setOffline(false);
  // Another monitor signs in on the same phone: the report is not sent under their name.
  await signIn(page, 'monitor.co', 'demo-monitor-co');
  await page.locator('#report-form').waitFor();
  await page.locator('#send-now').click();
  const kept = page.locator(`#outbox li[data-client-report-id="${clientReportId}"][data-state="waiting"]`);
  await kept.waitFor();
  assert.match(await kept.innerText(), /monitor\.lb/);
  await page.locator('#logout').click();
  await signIn(page, 'monitor.lb', 'demo-monitor-lb');
  await page.locator(`#outbox li[data-client-report-id="${clientReportId}"]`).waitFor({ state: 'detached' });
  assert.deepEqual(ctx.errors, []);
  result('shared-device', { clientReportId });
  await ctx.close();
});
