// An admin's work in the browser: verify the audit chain, create a user, grant a role
// (the new monitor signs in and gets the report form), and revoke it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { browser, context, result, screenshot, signIn } from '../support.js';

const run = Math.random().toString(36).slice(2, 8);
const USER = `field.${run}`;
const PASSWORD = `long-enough-${run}-pass`;
let b;

before(async () => { b = await browser(); });
after(async () => { await b?.close(); });

test('an admin creates a monitor, the monitor signs in, and the admin revokes the grant', async () => {
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
  assert.deepEqual(ctx.errors, []);
  result('admin', { user: USER });
  await ctx.close();
});
