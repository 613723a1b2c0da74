/**
 * End-to-end, case 1 (needs-org ticket), in Debian's Chromium (`apt-get install chromium`) against its own
 * `npm start` stack on spare ports (3100/3101/4110/3130, data in .data/e2e, wiped first):
 *   npm run test:e2e            (screenshots in test-artifacts/)
 * 1. a needs-org ticket shows the checklist in order (organization → form → priority → problem type);
 * 2. "Associate organization, then change form" leaves the requester associated, the ticket on the right form and
 *    no entitlement auto-reply;
 * 3. control: changing the form first through the workspace triggers the auto-reply.
 * Exits non-zero on the first failed expectation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Frame, type Page } from 'playwright-core';

const WORKSPACE = 'http://127.0.0.1:3100';
const SIM = 'http://127.0.0.1:4110';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ARTIFACTS = 'test-artifacts';
const AUTO_REPLY_TAG = 'entitlement_requested';

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`FAILED: ${message}`);
  process.stdout.write(`  ok  ${message}\n`);
}

async function simGet<T>(path: string): Promise<T> {
  const res = await fetch(`${SIM}/api/v2${path}`, { headers: { Authorization: 'Bearer e2e' } });
  return (await res.json()) as T;
}

interface SimTicket { id: number; subject: string; organization_id: number | null; ticket_form_id: number | null; tags: string[]; requester_id: number }

async function findTicket(subject: string): Promise<SimTicket> {
  const { results } = await simGet<{ results: SimTicket[] }>(`/search.json?query=${encodeURIComponent(`type:ticket "${subject}"`)}`);
  const t = results.find((r) => r.subject === subject);
  if (!t) throw new Error(`seeded ticket "${subject}" not found`);
  return t;
}

async function sidebar(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[data-location=ticket_sidebar]');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('no sidebar frame');
  // The checklist is rendered once the app has registered and assessed the ticket.
  try {
    await frame.waitForFunction(() => document.body.innerText.includes('Problem type'), undefined, { timeout: 20_000 });
  } catch (error) {
    await page.screenshot({ path: `${ARTIFACTS}/case1-timeout.png` });
    throw new Error(`the sidebar did not render its checklist: ${(await frame.locator('body').innerText()).slice(0, 300)}`, { cause: error });
  }
  return frame;
}

async function openTicket(page: Page, id: number): Promise<Frame> {
  await page.goto(`${WORKSPACE}/?ticket=${id}`);
  return sidebar(page);
}

/** Starts the one command on spare ports and resolves once it printed the workspace URL. */
function startStack(): Promise<ChildProcess> {
  const child = spawn(
    'node_modules/.bin/tsx',
    ['--tsconfig', 'scripts/tsconfig.json', 'scripts/src/start.ts', '--port', '3100', '--app-port', '3101', '--sim-port', '4110', '--service-port', '3130', '--data-dir', '.data/e2e', '--fresh'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the stack did not start within 90 s:\n${out}`)), 90_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('Ctrl-C stops everything')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the stack exited with ${code}:\n${out}`));
    });
  });
}

function stopStack(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function main(): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const stack = await startStack();
  try {
    await run();
  } finally {
    await stopStack(stack);
  }
}

async function run(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => process.stderr.write(`pageerror: ${e.message}\n`));

    process.stdout.write('1. checklist order on a needs-org ticket\n');
    const good = await findTicket('Need help with license activation on new server');
    let frame = await openTicket(page, good.id);
    const body = await frame.locator('body').innerText();
    const order = ['Organization', 'Form', 'Priority', 'Problem type'].map((label) => body.indexOf(`\n${label}\n`));
    await page.screenshot({ path: `${ARTIFACTS}/case1-checklist.png` });
    check(order.every((i) => i >= 0), `the four checks are shown (${order.join(', ')})`);
    check(order.every((i, k) => k === 0 || i > (order[k - 1] ?? -1)), 'in the order organization → form → priority → problem type');

    process.stdout.write('2. associate organization, then change form\n');
    await frame.getByRole('button', { name: /^Associate organization/ }).first().click();
    await frame.getByText('Organization to associate').waitFor({ timeout: 15_000 });
    await frame.locator('input[type=radio]').first().check({ force: true });
    await page.screenshot({ path: `${ARTIFACTS}/case1-pick-org.png` });
    await frame.getByRole('button', { name: 'Next', exact: true }).click();
    const steps = await frame.locator('body').innerText();
    const formStep = /Change the form to (.+)/.exec(steps)?.[1]?.trim() ?? null;
    process.stdout.write(`      fix steps: associate${formStep ? `, then form → ${formStep}` : ' only'}\n`);
    await frame.getByRole('button', { name: 'Run the fix', exact: true }).click();
    await frame.getByText('Done. The ticket was re-read.').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${ARTIFACTS}/case1-fixed.png` });
    const after = (await simGet<{ ticket: SimTicket }>(`/tickets/${good.id}.json`)).ticket;
    const memberships = await simGet<{ organization_memberships: { organization_id: number }[] }>(`/users/${good.requester_id}/organization_memberships.json`);
    check(after.organization_id !== null, `ticket #${good.id} has an organization (${after.organization_id})`);
    check(memberships.organization_memberships.some((m) => m.organization_id === after.organization_id), 'the requester is a member of it');
    if (formStep) check(after.ticket_form_id !== good.ticket_form_id, `the form changed (${good.ticket_form_id} → ${after.ticket_form_id})`);
    check(!after.tags.includes(AUTO_REPLY_TAG), 'no entitlement auto-reply was sent');
    await page.waitForTimeout(3500); // the workspace notices the external update and refreshes
    check((await page.locator('[data-field=organization]').innerText()) !== 'none', 'the workspace shows the organization');

    process.stdout.write('3. control: form first, through the workspace\n');
    const control = await findTicket('Container registry cleanup policy');
    frame = await openTicket(page, control.id);
    const formSelect = page.locator('select[name=form]');
    await formSelect.selectOption({ label: 'Self-Managed' }).catch(async () => formSelect.selectOption({ index: 1 }));
    await page.locator('[data-action=submit]').click();
    await page.waitForTimeout(2500);
    const blocked = await page.locator('.toast.error').count();
    await page.screenshot({ path: `${ARTIFACTS}/case1-control.png` });
    const controlAfter = (await simGet<{ ticket: SimTicket }>(`/tickets/${control.id}.json`)).ticket;
    if (blocked > 0 && controlAfter.ticket_form_id === control.ticket_form_id) {
      check(true, `the app's save hook blocked the form-first save: "${await page.locator('.toast.error').first().innerText()}"`);
    } else {
      // The app's guard blocks this change, but its async hook RESOLVES with the message, which ZAF SDK 2.0.11
      // treats as "go ahead" (lib/utils.js `when`); only a rejection blocks. See host/zaf-host.test.ts.
      process.stdout.write('      note: the app did not block the form-first save (its ticket.save hook resolved)\n');
      check(controlAfter.ticket_form_id !== control.ticket_form_id, 'the form was saved first');
      check(controlAfter.tags.includes(AUTO_REPLY_TAG), 'the entitlement auto-reply fired (tag entitlement_requested)');
      const conversation = await page.locator('.comment').allInnerTexts();
      check(conversation.some((c) => /entitlement/i.test(c)), 'the auto-reply shows in the conversation');
    }
    void frame;
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.stdout.write('case 1: all checks passed\n'),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
