import { expectThat, openTicket, ticketId, type E2eCase } from '../harness.js';

/**
 * Case 5: with the service stopped, the sidebar shows its degraded mode (offline note, checklist from the bundled
 * policy) and, once the service is back on the same port, recovers on its own retry (every 15 s) without a reload.
 */
export const case5: E2eCase = {
  name: 'case5',
  title: 'service down: degraded mode, then recovery',
  async run({ stack, page, shot, ok }) {
    const id = ticketId(stack, 'ultimate');
    let frame = await openTicket(page, stack, id);
    expectThat((await frame.getByTestId('offline-note').count()) === 0, 'no offline note while the service runs');
    await shot('online');
    await stack.stopService();
    try {
      frame = await openTicket(page, stack, id);
      const note = frame.getByTestId('offline-note');
      await note.waitFor({ timeout: 20_000 });
      const text = await note.innerText();
      expectThat(text.startsWith('Offline: local assessment'), `the offline note reads "Offline: local assessment", got "${text}"`);
      expectThat((await frame.locator('[data-testid^=check-]').count()) === 4, 'the four checks are still shown (bundled policy)');
      await shot('degraded');
      ok(`service stopped: "${text.replace(/\s+/g, ' ')}"`);
    } finally {
      await stack.startService();
    }
    await frame.getByTestId('offline-note').waitFor({ state: 'detached', timeout: 25_000 });
    await frame.locator('[data-testid=check-organization]').waitFor();
    await shot('recovered');
    ok('service back on the same port: the offline note goes away without a reload');
  },
};
