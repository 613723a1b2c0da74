/**
 * What the end-to-end cases share: the in-process stack (scripts/src/start.ts), one Chromium, a fresh browser
 * context per case, per-step screenshots, and helpers that act and read as the agent does (workspace UI, sidebar
 * frame, toasts). Clock moves go through the workspace's `/__workspace/clock` (the simulator's clock, which the
 * service follows) followed by a reload, as the workspace's own time-travel buttons do.
 */
import { mkdirSync } from 'node:fs';
import type { FrameLocator, Page } from 'playwright-core';
import type { RunningStack } from '../start.js';

export interface CaseContext {
  stack: RunningStack;
  page: Page;
  /** The instant every case starts at (the simulator clock is moved back to it between cases). */
  start: Date;
  /** Saves `test-artifacts/e2e/<case>/NN-<step>.png`. */
  shot(step: string): Promise<void>;
  /** One passed expectation, printed as it happens. */
  ok(message: string): void;
}

export interface E2eCase {
  name: string;
  title: string;
  run(ctx: CaseContext): Promise<void>;
}

export class ExpectationError extends Error {}

/** Fails the case with `message` unless `condition` holds. */
export function expectThat(condition: boolean, message: string): void {
  if (!condition) throw new ExpectationError(message);
}

export function screenshotter(page: Page, dir: string): (step: string) => Promise<void> {
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (step) => {
    n += 1;
    await page.screenshot({ path: `${dir}/${String(n).padStart(2, '0')}-${step}.png` });
  };
}

export function workspaceUrl(stack: RunningStack): string {
  return stack.workspace.url.replace(/\/$/, '');
}

export function sidebarFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe[data-location=ticket_sidebar]');
}

/**
 * Opens a ticket in the workspace and waits until the sidebar rendered its checklist (the app assessed it). By default
 * the whole page loads (`?ticket=`); `inSession` opens it from the running page (`#ticket/<id>`), as an agent goes
 * from ticket to ticket: the background app keeps running, only the sidebar iframe is new.
 */
export async function openTicket(page: Page, stack: RunningStack, id: number, options: { apps?: boolean; inSession?: boolean } = {}): Promise<FrameLocator> {
  if (options.inSession) await page.evaluate((ticket) => void (window.location.hash = `ticket/${ticket}`), id);
  else await page.goto(`${workspaceUrl(stack)}/?ticket=${id}${options.apps === false ? '&apps=off' : ''}`);
  await page.locator('#ticket-body h2').filter({ hasText: `#${id} ` }).waitFor({ timeout: 20_000 });
  const frame = sidebarFrame(page);
  if (options.apps !== false) await frame.locator('[data-testid=check-organization]').waitFor({ timeout: 30_000 });
  return frame;
}

/** Moves Zendesk's (and the service's) clock to `at`, as the workspace's "Go (UTC)" does, to the second. */
export async function travelTo(stack: RunningStack, at: Date): Promise<Date> {
  const res = await fetch(`${workspaceUrl(stack)}/__workspace/clock`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ now: at.toISOString() }),
  });
  const body = (await res.json()) as { now?: string; error?: string };
  if (!res.ok || !body.now) throw new Error(`time travel to ${at.toISOString()} failed: ${body.error ?? res.status}`);
  return new Date(body.now);
}

/** A seeded ticket's id by its seed label (scripts/src/zendesk-simulator/seed.ts). */
export function ticketId(stack: RunningStack, label: string): number {
  const id = stack.seed.tickets[label];
  if (id === undefined) throw new Error(`no seeded ticket labelled ${label}`);
  return id;
}
