// An admin's work in the browser: verify the audit chain, create a user, grant a role
// (the new monitor signs in and gets the report form) and revoke it, import a zone file
// (again: unchanged; broken: refused whole), load a mechanism protocol.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT, browser, context, result, screenshot, signIn } from '../support.js';

const run = Math.random().toString(36).slice(2, 8);
const USER = `field.${run}`;
const PASSWORD = `long-enough-${run}-pass`;
let b;

before(async () => { b = await browser(); });
after(async () => { await b?.close(); });

test('an admin manages a user and a grant, imports zones and loads a protocol', async () => {
  const ctx = await context(b, { viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  page.on('dialog', (d) => d.accept());
  await signIn(page, 'admin', 'demo-admin-password');
  await page.locator('#users table').waitFor();
  assert.match(page.url(), /#\/admin$/, 'an admin starts on the administration page');

  await page.locator('#verify').click();
  await page.locator('#verify-result[data-intact="true"]').waitFor();

  // The service's rule, shown with its field: a short password is refused.
  await page.locator('#new-username').fill(USER);
  await page.locator('#new-display').fill(`Field monitor ${run}`);
  await page.locator('#new-password').evaluate((el) => el.removeAttribute('minlength'));
  await page.locator('#new-password').fill('short');
  await page.locator('#user-form button[type=submit]').click();
  await page.locator('#toast', { hasText: '/password' }).waitFor();
  await page.locator('#new-password').fill(PASSWORD);
  await page.locator('#user-form button[type=submit]').click();
  await page.locator(`#users tr[data-user="${USER}"]`).waitFor();

  await page.locator('#grant-user').selectOption(USER);
  await page.locator('#grant-role').selectOption('monitor');
  await page.locator('#grant-mechanism').selectOption('lebanon-tripartite');
  await page.locator('#grant-team').selectOption('sector-west');
  await page.locator('#grant-form button[type=submit]').click();
  const granted = page.locator(`#users tr[data-user="${USER}"] li[data-role="monitor"]`);
  await granted.waitFor();
  assert.match(await granted.innerText(), /lebanon-tripartite · sector-west/);
  await screenshot(page, 'admin', { fullPage: true });

  const other = await context(b, { viewport: { width: 390, height: 844 }, isMobile: true });
  const phone = await other.newPage();
  await signIn(phone, USER, PASSWORD);
  await phone.locator('#report-form').waitFor();
  await other.close();

  await granted.locator('button').click();
  await granted.waitFor({ state: 'detached' });

  // A mechanism protocol file becomes a mechanism to grant roles in.
  const protocol = JSON.parse(readFileSync(join(PROJECT, 'src/main/resources/mechanisms/lebanon-tripartite.json'),
    'utf8'));
  protocol.code = `e2e-${run}`;
  delete protocol.referencePrefix; // LB begins Lebanon's incident references: this one's begin with its code
  await page.locator('#protocol-file').setInputFiles({ name: 'protocol.json', mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(protocol)) });
  await page.locator('#protocol-form button[type=submit]').click();
  await page.locator('#protocol-result', { hasText: `e2e-${run}` }).waitFor();
  await page.locator(`#grant-mechanism option[value="e2e-${run}"]`).waitFor({ state: 'attached' });

  // A zone file for that mechanism (its own, so that no other test's zone list changes):
  // imported, then the same file again changes nothing; a broken file is refused whole
  // with the feature named.
  const zone = (ring) => Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature',
    properties: { code: `e2e-buffer-${run}`, type: 'buffer_zone', mechanism: `e2e-${run}`,
      name: { en: `E2E buffer ${run}` }, validFrom: '2020-01-01T00:00:00Z' },
    geometry: { type: 'Polygon', coordinates: [ring] } }] }));
  // Mid-Atlantic, far from every other test's reports and zones.
  const square = [[-30, 0.05], [-29.995, 0.05], [-29.995, 0.055], [-30, 0.055], [-30, 0.05]];
  for (const expected of ['CREATED', 'UNCHANGED']) {
    await page.locator('#zone-file').setInputFiles({ name: 'zones.geojson', mimeType: 'application/geo+json',
      buffer: zone(square) });
    await page.locator('#zone-form button[type=submit]').click();
    await page.locator(`#zone-result tr[data-zone="e2e-buffer-${run}"][data-outcome="${expected}"]`).waitFor();
  }
  await page.locator('#zone-file').setInputFiles({ name: 'broken.geojson', mimeType: 'application/geo+json',
    buffer: zone(square.slice(0, 4)) });
  await page.locator('#zone-form button[type=submit]').click();
  await page.locator('#zone-result .problem', { hasText: '/features/0' }).waitFor();
  assert.deepEqual(ctx.errors, []);
  result('admin', { user: USER, zone: `e2e-buffer-${run}`, mechanism: `e2e-${run}` });
  await ctx.close();
});
