// The report form as a field tool (issue 15): a monitor offline takes a photo (Chromium's fake
// camera) and places a report by tapping the map, and saves it; after a reload offline the
// outbox is still encrypted (its IndexedDB records hold neither the description, nor the
// source's identity, nor the photo or its name) and opens only when the monitor signs in
// again, locally; back online the report goes out, then the photo in a request of its own, and
// "Your reports" shows the zones it fell in, its incident's status and its file, as the service
// tells them. Then a correction from that list, and a stale one refused 409 with the service's reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { browser, call, cameraJpeg, context, result, screenshot, signIn, signedIn, token } from '../support.js';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
let b;

before(async () => { b = await browser(); });
after(async () => { await b?.close(); });

/** Every record of the outbox's IndexedDB stores as stored, binary fields as text (what a seized phone yields). */
function rawOutbox(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('trucewatch');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const t = db.transaction(['outbox', 'keys', 'files'], 'readonly');
      const out = {};
      const text = (v) => JSON.stringify(v, (k, x) => (x instanceof Uint8Array || x instanceof ArrayBuffer
        ? new TextDecoder('utf-8', { fatal: false }).decode(x) : x));
      ['outbox', 'keys', 'files'].forEach((name) => {
        const r = t.objectStore(name).getAll();
        r.onsuccess = () => { out[name] = r.result.map((x) => ({ keys: Object.keys(x).sort(), text: text(x) })); };
      });
      t.oncomplete = () => { db.close(); resolve(out); };
    };
  }));
}

async function signInHere(page, username, password) {
  await page.locator('#login-form').waitFor();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#login-form button[type=submit]').click();
}

test('offline, a report with a photo placed on the map waits encrypted, and "Your reports" shows its zones, incident and photo', async () => {
  const ctx = await context(b, PHONE);
  const page = await ctx.newPage();
  await signIn(page, 'monitor.lb', 'demo-monitor-lb');
  await page.locator('#report-form').waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  await ctx.setOffline(true);
  // A typed position centres the map; the monitor then taps the map a little east of it.
  await page.locator('#lat').fill('33.2741');
  await page.locator('#lon').fill('35.5312');
  await page.locator('#lon').blur();
  await page.locator('#report-map .report-here').waitFor();
  const box = await page.locator('#report-map').boundingBox();
  await page.locator('#report-map').click({ position: { x: box.width / 2 + 40, y: box.height / 2 } });
  await page.locator('#gps-status', { hasText: 'map' }).waitFor();
  const lat = Number(await page.locator('#lat').inputValue());
  const lon = Number(await page.locator('#lon').inputValue());
  assert.ok(Math.abs(lat - 33.2741) < 0.002 && lon > 35.5312 && lon < 35.56, `tapped at ${lat} ${lon}`);
  assert.equal(await page.locator('#accuracy').inputValue(), '', 'a tap has no GPS accuracy');

  // A validation mark clears as soon as the field is fixed.
  await page.locator('#save').click();
  await page.locator('#category[aria-invalid="true"]').waitFor();
  await page.locator('#category').selectOption('INDIRECT_FIRE');
  await page.locator('#category:not([aria-invalid])').waitFor();

  const description = `Field tool ${randomUUID()}: smoke behind the ridge`;
  const identity = `Informant ${randomUUID()}`;
  await page.locator('#description').fill(description);
  await page.locator('#source summary').click();
  await page.locator('#sourceType').selectOption('PUBLIC');
  await page.locator('#sourceIdentity').fill(identity);
  // A photo from the camera (Chromium's fake one), under the phone's own file name.
  const photo = await cameraJpeg(b);
  assert.ok(photo.includes('JFIF'), 'a JPEG whose plain bytes can be recognised below');
  await page.locator('#media-photos').setInputFiles({ name: 'IMG_20261203_0915.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.locator('#media-list li', { hasText: 'photo-1.jpg' }).waitFor();
  await page.locator('#save').click();
  await page.locator('#report-result', { hasText: 'connection returns' }).waitFor();
  const clientReportId = await page.locator('#outbox li[data-state="waiting"]').getAttribute('data-client-report-id');

  // Reloaded offline: the key is gone from memory, the outbox closed until the monitor signs in, locally.
  await page.reload();
  await page.locator('#login-error', { hasText: 'Sign in again' }).waitFor();
  const stored = await rawOutbox(page);
  const mine = stored.outbox.find((r) => r.text.includes(clientReportId));
  assert.ok(mine, 'the report is kept on the device');
  assert.deepEqual(mine.keys.filter((k) => ['feature', 'problem'].includes(k)), [], 'no plain report in the record');
  assert.ok(mine.keys.includes('iv') && mine.keys.includes('data'));
  const photoRecord = stored.files.find((r) => r.text.includes(clientReportId));
  assert.ok(photoRecord, 'the photo is kept on the device with the report');
  assert.deepEqual(photoRecord.keys, ['clientReportId', 'data', 'iv', 'n', 'user']);
  for (const r of [...stored.outbox, ...stored.keys, ...stored.files]) {
    assert.ok(!r.text.includes(description) && !r.text.includes('smoke behind the ridge'), 'no description in IndexedDB');
    assert.ok(!r.text.includes(identity) && !r.text.includes('Informant'), 'no source identity in IndexedDB');
    assert.ok(!r.text.includes('JFIF') && !r.text.includes('IMG_2026') && !r.text.includes('photo-1'), 'no plain photo or its name');
  }
  await signInHere(page, 'monitor.lb', 'not-the-password');
  await page.locator('#login-error', { hasText: 'not recognised' }).waitFor();
  await page.locator('#password').fill('demo-monitor-lb');
  await page.locator('#login-form button[type=submit]').click();
  await signedIn(page, 'monitor.lb');
  await page.locator('#report-form').waitFor();
  await page.locator(`#outbox li[data-client-report-id="${clientReportId}"][data-state="waiting"]`, { hasText: 'Indirect' }).waitFor();

  // Online again: sent, and the service's answer shown in "Your reports".
  await ctx.setOffline(false);
  await page.waitForFunction(() => navigator.onLine);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  const waiting = page.locator(`#outbox li[data-client-report-id="${clientReportId}"]`);
  await waiting.waitFor({ state: 'detached' }).catch(async (e) => {
    throw new Error(`still on the device: ${await waiting.innerText().catch(() => '?')}; ${e.message}`);
  });
  const item = page.locator(`#sent li[data-client-report-id="${clientReportId}"]`);
  await item.waitFor();
  const reportId = await item.getAttribute('data-report-id');
  // A correction has a clientReportId of its own: from here the report is found by its id.
  const sentItem = page.locator(`#sent li[data-report-id="${reportId}"]`);
  const tok = await token('monitor.lb', 'demo-monitor-lb');
  const served = (await call(tok, `/api/v1/reports/${reportId}`)).json.properties;
  const zone = served.zones.find((z) => z.relation !== 'outside');
  assert.ok(zone, `the demo data has a zone at the tapped point: ${JSON.stringify(served.zones)}`);
  assert.ok(served.incident?.status, 'the report is in an incident');
  await item.locator('.sent-zones', { hasText: zone.name.en }).waitFor();
  await item.locator(`.incident-status[data-status="${served.incident.status}"]`).waitFor();
  assert.notEqual((await item.locator('.incident-status').innerText()).trim(), '');
  assert.ok(await page.locator('#report-map .own-report').count() >= 1, "the monitor's reports on the map");
  // The photo went after the report, in a request of its own, and arrived as taken.
  const photoSha256 = createHash('sha256').update(photo).digest('hex');
  await item.locator('.sent-files', { hasText: 'photo-1.jpg' }).waitFor();
  const files = (await call(tok, `/api/v1/reports/${reportId}/attachments`)).json;
  assert.deepEqual(files.map((f) => [f.name, f.contentType, f.sizeBytes, f.sha256]),
    [['photo-1.jpg', 'image/jpeg', photo.length, photoSha256]]);
  await screenshot(page, 'report-your-reports', { at: '#sent' });
  // On the phone the page does not scroll sideways (a file input in a wide font once made it: clicks then
  // landed on the line above the button aimed at).
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    'the report page fits the phone without scrolling sideways');

  // A correction from the list: PUT with If-Match, the new revision shown.
  await sentItem.locator('button.correct').click();
  await page.locator('#cancel-correction:visible').waitFor(); // the current revision is in the form
  assert.equal(await page.locator('#description').inputValue(), description);
  await page.locator('#count').fill('4');
  await page.locator('#save').click();
  await page.locator('#report-result', { hasText: 'Corrected' }).waitFor();
  await sentItem.locator('text=revision 2').waitFor();

  // A stale correction: the report is corrected elsewhere while this one is being typed.
  await sentItem.locator('button.correct').click();
  await page.locator('#cancel-correction:visible').waitFor();
  const current = await call(tok, `/api/v1/reports/${reportId}`);
  const elsewhere = await fetch(`${process.env.BASE_URL || 'http://localhost:8080'}/api/v1/reports/${reportId}`, {
    method: 'PUT', headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/geo+json', 'If-Match': '"rev-2"' },
    body: JSON.stringify({ type: 'Feature', geometry: current.json.geometry, properties: { ...stripServer(current.json.properties),
      clientReportId: randomUUID(), count: 5 } }) });
  assert.equal(elsewhere.status, 200, await elsewhere.text());
  await page.locator('#description').fill(`${description} (seen again)`);
  await page.locator('#save').click();
  const refused = page.locator('#report-result [data-status="409"]');
  await refused.waitFor();
  assert.match(await refused.innerText(), /revision/i);
  await page.locator('#reload-revision').click();
  await page.waitForFunction(() => document.querySelector('#count').value === '5');
  assert.deepEqual(ctx.errors, []);
  result('field', { clientReportId, reportId, photoSha256 });
  await ctx.close();
});

/** A served report's properties as a correction sends them back (the server's own members left out). */
function stripServer(p) {
  const { receivedAt, submittedBy, taxonomyVersion, revision, zones, incident, ...rest } = p;
  return rest;
}
