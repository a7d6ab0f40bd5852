// Accessibility: the main screens have no WCAG 2.1 A/AA violation of any impact that axe-core
// can find, and a chair can reach an incident and claim it with the keyboard alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { browser, call, context, signIn, token } from '../support.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let b;

before(async () => { b = await browser(); });
after(async () => { await b?.close(); });

test('every screen fits a phone without sideways scrolling, and the agenda prints without the app around it', async () => {
  const ctx = await context(b, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await signIn(page, 'chair.co', 'demo-chair-co');
  const screens = [
    ['/app/#/queues/colombia-mmv.local.mmv-local-anori', '#queue-items table, #queue-empty'],
    ['/app/#/map', '#map-incidents li'],
    ['/app/#/agenda/colombia-mmv/local', '#agenda-items, #agenda-empty'],
  ];
  const overflow = {};
  for (const [url, ready] of screens) {
    await page.goto(url);
    await page.locator(ready).first().waitFor();
    overflow[url] = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }
  await page.goto('/app/#/queues/colombia-mmv.local.mmv-local-anori');
  await page.locator('#queue-items tbody a').first().click();
  await page.locator('#reports .report').first().waitFor();
  overflow.incident = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.deepEqual(overflow, Object.fromEntries(Object.keys(overflow).map((k) => [k, 0])));

  await page.goto('/app/#/agenda/colombia-mmv/local');
  await page.locator('#agenda-items, #agenda-empty').first().waitFor();
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false, 'no app header on paper');
  assert.equal(await page.locator('#print').isVisible(), false, 'no controls on paper');
  assert.equal(await page.locator('.agenda h1').isVisible(), true);
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

async function violations(page) {
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => (await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  })).violations
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
  return found;
}

test('the main screens pass axe-core (WCAG 2.1 A and AA, every impact)', async () => {
  // axe is injected as an inline script, which the app's CSP forbids: this context alone bypasses it.
  const ctx = await context(b, { viewport: { width: 1280, height: 800 }, bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto('/app/');
  await page.locator('#login-form').waitFor();
  const found = { login: await violations(page) };
  await signIn(page, 'chair.co', 'demo-chair-co');
  const screens = {
    queues: ['/app/#/queues/colombia-mmv.local.mmv-local-anori', '#queue-items table, #queue-empty'],
    map: ['/app/#/map', '#map-incidents li'],
    agenda: ['/app/#/agenda/colombia-mmv/local', '#agenda-items, #agenda-empty'],
  };
  for (const [name, [url, ready]] of Object.entries(screens)) {
    await page.goto(url);
    await page.locator(ready).first().waitFor();
    found[name] = await violations(page);
  }
  await page.goto('/app/#/queues/colombia-mmv.local.mmv-local-anori');
  await page.locator('#queue-items tbody a').first().click();
  await page.locator('article.incident').waitFor();
  await page.locator('#reports .report').first().waitFor();
  found.incident = await violations(page);
  await page.locator('#notices').click();
  await page.locator('#notices-settings').waitFor();
  found.notices = await violations(page);
  await page.keyboard.press('Escape');
  const monitor = await context(b, { viewport: { width: 390, height: 844 }, isMobile: true, bypassCSP: true });
  const phone = await monitor.newPage();
  await signIn(phone, 'monitor.co', 'demo-monitor-co');
  await phone.locator('#report-form').waitFor();
  found.report = await violations(phone);
  const adminCtx = await context(b, { viewport: { width: 1280, height: 800 }, bypassCSP: true });
  const admin = await adminCtx.newPage();
  await signIn(admin, 'admin', 'demo-admin-password');
  await admin.locator('#users table').waitFor();
  found.admin = await violations(admin);
  await adminCtx.close();
  for (const lang of ['ar']) {
    await page.locator('#lang').selectOption(lang);
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.locator('article.incident').waitFor();
    found[`incident-${lang}`] = await violations(page);
  }
  assert.deepEqual(found, Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  await ctx.close();
  await monitor.close();
});

test('a chair opens an incident and claims it with the keyboard alone', async () => {
  // An incident of its own, in the Buenos Aires team's area (a box checked to lie inside it).
  const monitor = await token('monitor.co', 'demo-monitor-co');
  const sent = await call(monitor, '/api/v1/reports', { method: 'POST', type: 'application/geo+json', body: {
    type: 'Feature', geometry: { type: 'Point', coordinates: [-76.11 + Math.random() * 0.1, 3.04 + Math.random() * 0.1] },
    properties: { clientReportId: crypto.randomUUID(), category: 'AIR_INCURSION',
      observedAt: new Date(Date.now() - (30 + Math.floor(Math.random() * 43200)) * 60000).toISOString() } } });
  assert.equal(sent.status, 201, JSON.stringify(sent.json));
  const ctx = await context(b, { viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await signIn(page, 'chair.co', 'demo-chair-co');
  const chair = await token('chair.co', 'demo-chair-co');
  const items = await call(chair, '/api/v1/queues/colombia-mmv.local.mmv-local-buenos-aires/items');
  const incident = items.json.find((i) => i.reports.some((r) => r.reportId === sent.json.id));
  assert.ok(incident, 'the report opened an incident in the Buenos Aires queue');
  const target = `#/incidents/${incident.id}`;
  await page.goto('/app/#/queues/colombia-mmv.local.mmv-local-buenos-aires');
  await page.locator(`#queue-items tr[data-incident="${incident.id}"]`).waitFor();
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate((href) => document.activeElement?.getAttribute('href') === href, target);
  }
  assert.ok(reached, 'the first incident link is reachable with Tab');
  await page.keyboard.press('Enter');
  await page.locator('article.incident').waitFor();
  reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.id === 'claim');
  }
  assert.ok(reached, 'the claim button is reachable with Tab');
  await page.keyboard.press('Enter');
  await page.locator('dl.facts dd', { hasText: 'chair.co' }).first().waitFor();
  assert.equal((await call(chair, `/api/v1/incidents/${incident.id}`)).json.claimedBy, 'chair.co');
  // The claim button is gone with the claim: focus is on the actions, not back at the top.
  await page.waitForFunction(() => document.activeElement?.id === 'actions-title');
  // A move keeps focus where the chair acted: Tab reaches the next move, Enter does it.
  reached = false;
  for (let i = 0; i < 10 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.dataset?.to !== undefined);
  }
  assert.ok(reached, 'a move button follows the actions heading');
  const moved = await page.evaluate(() => document.activeElement.dataset.to);
  await page.keyboard.press('Enter');
  await page.waitForFunction((to) => document.querySelector('article.incident')?.dataset.status === to, moved);
  await page.waitForFunction(() => document.activeElement && document.activeElement !== document.body);
  assert.ok(await page.evaluate(() => Boolean(document.activeElement.closest('.actions'))),
    'after the move, focus is still among the actions');
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});
