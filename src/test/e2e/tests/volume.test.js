// A chair's screens at volume (issue 17's walk-through, on the demo data set of at least 5,000
// incidents that MapVolumeE2EIT generates in a database of its own): the largest queue pages
// through every item; the search finds Arabic and French descriptions; twenty items are triaged
// in one action; two incidents are merged and the merge undone; the agenda prints with the
// parties' positions; a severity-5 report is a notice in the page within 5 s (its e-mail is
// checked in GreenMail by the Java side).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { browser, call, context, reportInAnori, result, screenshot, signIn, token, workToFinding } from '../support.js';

const run = Math.random().toString(36).slice(2, 8);
const STATEMENT = `FARC-EP denies the movement ${run}`;
let b;
let chair;
let vocabulary;
const out = {};

before(async () => {
  b = await browser();
  chair = await token('chair.co', 'demo-chair-co');
  vocabulary = (await call(chair, '/api/v1/vocabulary')).json;
});
after(async () => {
  result('volume', out);
  await b?.close();
});

/** The chair's queue with the most open items. */
async function largestQueue() {
  const queues = (await call(chair, '/api/v1/queues')).json;
  return queues.reduce((a, q) => (q.open > a.open ? q : a));
}

test('the largest queue pages through every item, and the search finds Arabic and French descriptions', async () => {
  const queue = await largestQueue();
  assert.ok(queue.open >= 500, `a queue of volume: ${queue.id} holds ${queue.open}`);
  const ctx = await context(b, { viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await signIn(page, 'chair.co', 'demo-chair-co');
  await page.goto(`/app/#/queues/${queue.id}`);
  await page.locator('#queue-items tbody tr').first().waitFor();
  const started = Date.now();
  while (await page.locator('#queue-more').count()) {
    const before = await page.locator('#queue-items tbody tr').count();
    await page.locator('#queue-more').click();
    await page.waitForFunction((n) => document.querySelectorAll('#queue-items tbody tr').length > n, before, { timeout: 10000 });
  }
  const ids = await page.$$eval('#queue-items tbody tr', (rows) => rows.map((r) => r.dataset.incident));
  assert.equal(new Set(ids).size, ids.length, 'no item twice');
  assert.equal(ids.length, queue.open, `every open item of ${queue.id}, none cut off`);
  out.queue = queue.id;
  out.rows = ids.length;
  out.pagingMs = Date.now() - started;
  // Each row says where and what (place and snippet), so rows of one category can be told apart.
  assert.ok(await page.locator('#queue-items td.place').first().innerText(), 'a place');
  assert.ok(await page.locator('#queue-items .snippet').first().innerText(), 'a snippet');
  await screenshot(page, 'queue-volume');

  // Words of the generator's Arabic and French texts ("artillery", "bursts"), as a chair types them.
  for (const [lang, word] of [['ar', 'مدفعية'], ['fr', 'rafales']]) {
    await page.locator('#filter-text').fill(word);
    await page.waitForFunction((w) => {
      const rows = [...document.querySelectorAll('#queue-items tbody tr')];
      return rows.length > 0 && rows.every((r) => r.querySelector('.snippet')?.textContent.includes(w));
    }, word, { timeout: 10000 });
    out[`search-${lang}`] = await page.locator('#queue-items tbody tr').count();
  }
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

test('twenty items are triaged in one action, and two incidents are merged and the merge undone', async () => {
  const queue = await largestQueue();
  const received = vocabulary.statuses[0].code;
  const ctx = await context(b, { viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  page.on('dialog', (d) => d.accept());
  await signIn(page, 'chair.co', 'demo-chair-co');
  await page.goto(`/app/#/queues/${queue.id}`);
  await page.locator('#queue-items tbody tr').first().waitFor();
  await page.locator('#filter-status').selectOption(received);
  await page.waitForFunction((s) => {
    const rows = [...document.querySelectorAll('#queue-items tbody tr')];
    return rows.length >= 22 && rows.every((r) => r.dataset.status === s);
  }, received, { timeout: 10000 });
  const rows = page.locator('#queue-items tbody tr');
  const picked = [];
  for (let k = 0; k < 20; k++) {
    await rows.nth(k).locator('input.pick').check();
    picked.push(await rows.nth(k).getAttribute('data-incident'));
  }
  assert.equal(await page.locator('#bulk-count').textContent(), '20 selected');
  await page.locator('#bulk-triage').click();
  await page.waitForFunction(() => /^20 /.test(document.querySelector('#bulk-status')?.textContent || ''), null, { timeout: 20000 });
  assert.match(await page.locator('#bulk-status').textContent(), /^20 done, 0 refused/);
  out.triaged = picked;

  // Two more received items: the second merged into the first by its reference, then back.
  const [keep, absorb] = (await call(chair, `/api/v1/queues/${queue.id}/items?status=${received}&limit=2`)).json;
  assert.ok(absorb?.reference, 'the second item has its reference');
  await page.goto(`/app/#/incidents/${keep.id}`);
  await page.locator(`article.incident[data-incident="${keep.id}"]`).waitFor();
  await page.locator('#merge-incident').fill(absorb.reference);
  await page.locator('#merge-form button[type=submit]').click();
  await page.locator(`button.unmerge[data-incident="${absorb.id}"]`).waitFor();
  assert.equal((await call(chair, `/api/v1/incidents/${keep.id}`)).json.aggregate.reports, 2);
  await page.locator(`button.unmerge[data-incident="${absorb.id}"]`).click();
  await page.locator('#merged-title').waitFor({ state: 'detached' });
  assert.equal((await call(chair, `/api/v1/incidents/${absorb.id}`)).json.status, received);
  out.merged = { keep: keep.id, absorb: absorb.id };
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

test('the agenda prints with the parties\' positions, and a severity-5 report is a notice within 5 s', async () => {
  // An incident of the Anorí team worked to a finding, with FARC-EP's position: on the local agenda.
  const monitor = await token('monitor.co', 'demo-monitor-co');
  const sent = await reportInAnori(monitor);
  assert.equal(sent.status, 201, JSON.stringify(sent.json));
  const id = (await call(chair, `/api/v1/reports/${sent.json.id}`)).json.properties.incident?.id;
  assert.ok(id, 'the report opened an incident');
  for (const moved of await workToFinding(chair, id, vocabulary, `patrol visit ${run}`)) {
    assert.equal(moved.status, 200, JSON.stringify(moved.json));
  }
  const stated = await call(chair, `/api/v1/incidents/${id}/positions`, { method: 'POST',
    body: { party: 'FARC-EP', position: vocabulary.positions[1].code, statement: STATEMENT } });
  assert.equal(stated.status, 200, JSON.stringify(stated.json));

  const preferences = await call(chair, '/api/v1/notifications/preferences', { method: 'PUT',
    body: { email: 'chair.co@mission.example', minSeverity: 5, language: 'fr' } });
  assert.equal(preferences.status, 200, JSON.stringify(preferences.json));
  const ctx = await context(b, { viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await signIn(page, 'chair.co', 'demo-chair-co');
  const opened = Date.now();
  await page.goto('/app/#/agenda/colombia-mmv/local');
  const item = page.locator(`#agenda-items li[data-incident="${id}"]`);
  await item.waitFor({ timeout: 30000 });
  out.agendaMs = Date.now() - opened;
  out.agendaItems = await page.locator('#agenda-items > li').count();
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false, 'no app around it on paper');
  assert.match(await item.locator('.positions-table').innerText(), new RegExp(STATEMENT));
  assert.equal(await item.locator('.positions-table').isVisible(), true, 'the positions are printed');
  await page.emulateMedia({ media: 'screen' });

  // Armed forces some 500 m outside the Anorí transitional zone, inside its 1 km security zone: severity 5.
  await page.locator('#notices').waitFor();
  const severe = await call(monitor, '/api/v1/reports', { method: 'POST', type: 'application/geo+json', body: {
    type: 'Feature', geometry: { type: 'Point', coordinates: [-75.1535, 7.29] },
    properties: { clientReportId: crypto.randomUUID(), category: 'ARMED_PRESENCE', allegedParties: ['GOV-CO'],
      locationAccuracyM: 20, observedAt: new Date(Date.now() - 3 * 60000).toISOString() } } });
  assert.equal(severe.status, 201, JSON.stringify(severe.json));
  const at = Date.now();
  const incident = (await call(chair, `/api/v1/reports/${severe.json.id}`)).json.properties.incident;
  assert.equal((await call(chair, `/api/v1/incidents/${incident.id}`)).json.severity, 5);
  await page.locator('#notices').click();
  await page.locator(`#notices-list li[data-incident="${incident.id}"][data-kind="new"]`).waitFor({ timeout: 5000 });
  out.noticeMs = Date.now() - at;
  await screenshot(page, 'notice');
  assert.ok(out.noticeMs <= 5000, `the notice showed ${out.noticeMs} ms after the report`);
  out.severe = incident.id;
  out.agendaIncident = id;
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});
