import type { ZendeskTicketForm } from '../adapters/zendesk/gateway.js';
import { ZendeskRateLimitedError } from '../errors.js';
import { createFormNames, FORM_NAME_RETRY_MS } from './form-names.js';

const FORMS: ZendeskTicketForm[] = [
  { id: 426148, name: 'Self-Managed', active: true, isDefault: false, fieldIds: [] },
  { id: 360000000100, name: 'Other Request', active: true, isDefault: true, fieldIds: [] },
];

/** A Zendesk whose form reads wait until the test answers them, counted. */
function heldZendesk() {
  const reads: Array<{ answer: (forms: ZendeskTicketForm[]) => void; fail: (err: Error) => void }> = [];
  return {
    reads,
    zendesk: {
      listTicketForms: () => new Promise<ZendeskTicketForm[]>((answer, fail) => void reads.push({ answer, fail })),
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createFormNames', () => {
  it('gives the form its Zendesk name, and nothing for a form Zendesk does not list', async () => {
    const names = createFormNames({ zendesk: { listTicketForms: async () => FORMS } });
    expect(await names.nameOf(360000000100)).toBe('Other Request');
    expect(await names.nameOf(999)).toBeUndefined();
  });

  it('tells of a failed read once, however many assessments shared it', async () => {
    const { zendesk, reads } = heldZendesk();
    const errors: unknown[] = [];
    const names = createFormNames({ zendesk, waitMs: 1_000, onError: (err) => void errors.push(err) });
    const asked = [names.nameOf(426148), names.nameOf(360000000100)];
    await settle();
    const failure = new Error('socket hang up');
    for (const read of reads) read.fail(failure);
    expect(await Promise.all(asked)).toEqual([undefined, undefined]);
    expect(errors).toEqual([failure]);
  });

  it('waits at most waitMs; a late answer is not waited for', async () => {
    const { zendesk, reads } = heldZendesk();
    const names = createFormNames({ zendesk, waitMs: 20 });
    expect(await names.nameOf(426148)).toBeUndefined();
    reads[0]!.answer(FORMS);
    await settle();
  });

  it('after a failed read, reads none for a minute, and reports the failure once', async () => {
    let now = 1_000;
    const { zendesk, reads } = heldZendesk();
    const errors: unknown[] = [];
    const names = createFormNames({ zendesk, waitMs: 1_000, now: () => now, onError: (err) => void errors.push(err) });
    const first = names.nameOf(426148);
    await settle();
    const limited = new ZendeskRateLimitedError(30, 'GET /ticket_forms');
    reads[0]!.fail(limited);
    expect(await first).toBeUndefined();
    expect(errors).toEqual([limited]);
    now += FORM_NAME_RETRY_MS - 1;
    expect(await names.nameOf(426148)).toBeUndefined();
    expect(reads).toHaveLength(1);
    now += 1;
    const again = names.nameOf(426148);
    await settle();
    expect(reads).toHaveLength(2);
    reads[1]!.answer(FORMS);
    expect(await again).toBe('Self-Managed');
    expect(errors).toHaveLength(1);
  });
});
