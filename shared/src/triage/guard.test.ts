import { GITLAB_POLICY } from '../policy/index.js';
import { buildTicket, FORM, internalNote, buildComment, needsOrgTicket } from '../testing/factories.js';
import { guardSave } from './guard.js';

// buildTicket: High, created Mon 2026-11-23 09:00 PT → first reply due 13:00 PT (21:00Z) on 24x5.
const at = (iso: string) => new Date(iso);
const MON_1000_PT = at('2026-11-23T18:00:00Z');
const MON_1230_PT = at('2026-11-23T20:30:00Z');
const MON_1510_PT = at('2026-11-23T23:10:00Z');
const reply = { comment: { public: true, text: 'Hi Dana' } };
const note = { comment: { public: false, text: 'checked logs' } };

const BLOCK_SAAS =
  'Associate the organization first: form "SaaS" requires entitlement, and changing the form of a ticket without an organization re-runs triggers and sends the customer an auto-reply (non-contact tickets are auto-closed).';

describe('guardSave', () => {
  it('ok with an empty message when nothing is at stake', () => {
    expect(guardSave(buildTicket(), GITLAB_POLICY, reply, MON_1000_PT)).toEqual({ decision: 'ok', codes: [], message: '' });
  });

  it('blocks a form change to an entitlement form on an organization-less ticket, naming the form', () => {
    const ticket = needsOrgTicket({ formId: FORM.saasAccount, problemType: null });
    expect(guardSave(ticket, GITLAB_POLICY, { formId: FORM.saas }, MON_1000_PT)).toEqual({
      decision: 'block',
      codes: ['form.entitlement_without_org'],
      message: BLOCK_SAAS,
    });
  });

  it('lets the same form change through once the ticket has an organization, or to a form without entitlement', () => {
    expect(guardSave(buildTicket({ formId: FORM.saasAccount }), GITLAB_POLICY, { formId: FORM.saas }, MON_1000_PT).decision).toBe('ok');
    const orgless = needsOrgTicket();
    // L&R needs no entitlement: let through, with what its plan (8 h for any ticket) does to the deadline.
    expect(guardSave(orgless, GITLAB_POLICY, { formId: FORM.lnr }, MON_1000_PT)).toEqual({
      decision: 'warn',
      codes: ['sla.deadline_moves'],
      message: 'Changing the form to "L&R" sets a first-reply deadline of 17:00 PT.',
    });
    // Saving with the form it already has is no form change.
    expect(guardSave(orgless, GITLAB_POLICY, { formId: FORM.selfManaged }, MON_1000_PT).decision).toBe('ok');
  });

  it('warns on a public reply after the first-reply breach, with how late and the due time', () => {
    expect(guardSave(buildTicket(), GITLAB_POLICY, reply, MON_1510_PT)).toEqual({
      decision: 'warn',
      codes: ['sla.reply_after_breach'],
      message: 'First reply is 2 h 10 min past its SLA (due 13:00 PT).',
    });
  });

  it('warns on a public reply inside the warning window (120 min)', () => {
    expect(guardSave(buildTicket(), GITLAB_POLICY, reply, MON_1230_PT)).toEqual({
      decision: 'warn',
      codes: ['sla.reply_near_breach'],
      message: 'First reply is due in 30 min (13:00 PT).',
    });
    // 11:00 PT is exactly 120 min before: still inside; 10:59 is not.
    expect(guardSave(buildTicket(), GITLAB_POLICY, reply, at('2026-11-23T19:00:00Z')).message).toBe(
      'First reply is due in 2 h (13:00 PT).',
    );
    expect(guardSave(buildTicket(), GITLAB_POLICY, reply, at('2026-11-23T18:59:00Z')).decision).toBe('ok');
  });

  it('internal notes never trigger the reply warnings', () => {
    expect(guardSave(buildTicket(), GITLAB_POLICY, note, MON_1510_PT)).toEqual({ decision: 'ok', codes: [], message: '' });
  });

  it('no reply warning once the first reply is given and the customer has not written since', () => {
    const answered = buildTicket({ comments: [buildComment(), buildComment({ authorRole: 'agent', authorId: 501, createdAt: '2026-11-23T20:00:00Z' })] });
    expect(guardSave(answered, GITLAB_POLICY, reply, MON_1510_PT).decision).toBe('ok');
  });

  it('warns when a priority change moves the deadline, and says where to', () => {
    expect(guardSave(buildTicket(), GITLAB_POLICY, { priority: 'normal' }, MON_1000_PT)).toEqual({
      decision: 'warn',
      codes: ['sla.deadline_moves'],
      message: 'Changing priority to Normal moves the first-reply deadline from 13:00 PT to 17:00 PT.',
    });
    // Urgent is 30 calendar minutes from 09:00 PT, so 09:30 is already gone; Zendesk never back-dates a breach, so the
    // engine puts it at the change (10:00 PT).
    expect(guardSave(buildTicket(), GITLAB_POLICY, { priority: 'urgent' }, MON_1000_PT).message).toBe(
      'Changing priority to Urgent moves the first-reply deadline from 13:00 PT to 10:00 PT, already past.',
    );
    // Same priority: nothing moves.
    expect(guardSave(buildTicket(), GITLAB_POLICY, { priority: 'high' }, MON_1000_PT).decision).toBe('ok');
  });

  it('warns when clearing the priority removes the deadline (no priority has no target), and not when it is unknown', () => {
    expect(guardSave(buildTicket(), GITLAB_POLICY, { priority: null }, MON_1000_PT)).toEqual({
      decision: 'warn',
      codes: ['sla.deadline_moves'],
      message: 'Clearing the priority removes the first-reply deadline (was 13:00 PT).',
    });
    // Left out (the sidebar could not read it): nothing is said.
    expect(guardSave(buildTicket(), GITLAB_POLICY, {}, MON_1000_PT).decision).toBe('ok');
    // Already without a priority: nothing changes.
    expect(guardSave(buildTicket({ priority: null }), GITLAB_POLICY, { priority: null }, MON_1000_PT).decision).toBe('ok');
  });

  it('warns when a form change moves the deadline (the form picks another SLA plan), naming the form', () => {
    // Premium on Self-Managed: Priority Support, High 4 h → 13:00 PT. Emergencies: 30 min on 24x7 from 09:00 PT, so
    // 09:30 is gone and the breach is at the change (10:00 PT), as for a priority change.
    expect(guardSave(buildTicket(), GITLAB_POLICY, { formId: FORM.emergencies }, MON_1000_PT)).toEqual({
      decision: 'warn',
      codes: ['sla.deadline_moves'],
      message: 'Changing the form to "Emergencies" moves the first-reply deadline from 13:00 PT to 10:00 PT, already past.',
    });
    // L&R: 8 h for every priority.
    expect(guardSave(buildTicket(), GITLAB_POLICY, { formId: FORM.lnr }, MON_1000_PT).message).toBe(
      'Changing the form to "L&R" moves the first-reply deadline from 13:00 PT to 17:00 PT.',
    );
    // Between forms of one plan: nothing moves, nothing is said.
    expect(guardSave(buildTicket(), GITLAB_POLICY, { formId: FORM.saas }, MON_1000_PT).decision).toBe('ok');
  });

  it('a priority change and a form change saved together are one deadline move, naming both', () => {
    expect(guardSave(buildTicket(), GITLAB_POLICY, { priority: 'normal', formId: FORM.emergencies }, MON_1000_PT)).toEqual({
      decision: 'warn',
      codes: ['sla.deadline_moves'],
      message: 'Changing priority to Normal and the form to "Emergencies" moves the first-reply deadline from 13:00 PT to 10:00 PT, already past.',
    });
  });

  it('a blocked form change is not previewed: the deadline after associating the organization is another one', () => {
    // Org-less on L&R (8 h) to Self-Managed: saved now it would drop the SLA, but the save cannot happen as it is.
    const ticket = needsOrgTicket({ formId: FORM.lnr });
    expect(guardSave(ticket, GITLAB_POLICY, { formId: FORM.selfManaged }, MON_1000_PT)).toEqual({
      decision: 'block',
      codes: ['form.entitlement_without_org'],
      message: expect.stringMatching(/^Associate the organization first: form "Self-Managed" requires entitlement.*auto-closed\)\.$/),
    });
  });

  it('warns on Pending with only an internal note (ZenGuard), not with a public reply', () => {
    expect(guardSave(buildTicket(), GITLAB_POLICY, { status: 'pending', ...note }, MON_1000_PT)).toEqual({
      decision: 'warn',
      codes: ['status.pending_without_public_reply'],
      message:
        'Pending with only an internal note: the customer is not asked for anything, and the reply clock keeps running until a public reply.',
    });
    expect(guardSave(buildTicket(), GITLAB_POLICY, { status: 'pending', ...reply }, MON_1000_PT).decision).toBe('ok');
    expect(guardSave(buildTicket({ status: 'pending' }), GITLAB_POLICY, { status: 'pending', ...note }, MON_1000_PT).decision).toBe('ok');
  });

  it('combines several warnings into one message', () => {
    const decision = guardSave(buildTicket(), GITLAB_POLICY, { priority: 'normal', ...reply }, MON_1230_PT);
    expect(decision).toEqual({
      decision: 'warn',
      codes: ['sla.reply_near_breach', 'sla.deadline_moves'],
      message:
        'First reply is due in 30 min (13:00 PT). Changing priority to Normal moves the first-reply deadline from 13:00 PT to 17:00 PT.',
    });
  });

  it('a block wins over warnings, and keeps them in the message', () => {
    const ticket = needsOrgTicket({ formId: FORM.saasAccount, problemType: null, comments: [buildComment(), internalNote('2026-11-23T17:30:00Z')] });
    const decision = guardSave(ticket, GITLAB_POLICY, { formId: FORM.saas, status: 'pending', ...note }, MON_1000_PT);
    expect(decision.decision).toBe('block');
    expect(decision.codes).toEqual(['form.entitlement_without_org', 'status.pending_without_public_reply']);
    expect(decision.message.startsWith(BLOCK_SAAS)).toBe(true);
  });
});
