import { assess, assessParsed } from './assess.js';
import { GITLAB_POLICY } from './policy/index.js';
import { AssessmentSchema } from './schemas/assessment.js';
import { TicketSnapshotSchema } from './schemas/ticket.js';
import { agentReply, buildComment, buildCommitment, buildTicket, needsOrgTicket } from './testing/factories.js';
import { ValidationError } from './validation.js';

const NOW = new Date('2026-11-23T18:00:00Z'); // Mon 10:00 PT

describe('assess', () => {
  it('assesses a needs-org ticket end to end, and the result validates against AssessmentSchema', () => {
    const a = assess(needsOrgTicket(), GITLAB_POLICY, NOW);
    expect(AssessmentSchema.parse(a)).toEqual(a);
    expect(a.ticketId).toBe(12345);
    expect(a.assessedAt).toBe('2026-11-23T18:00:00.000Z');
    expect(a.policy).toEqual({ name: 'GitLab Support (default)', version: 1 });
    expect(a.plan).toEqual({
      id: 'no_organization',
      name: 'No organization (no SLA)',
      sla: false,
      reason: 'requester has no organization → No organization (no SLA)',
    });
    expect(a.checks.map((c) => [c.check, c.status])).toEqual([
      ['organization', 'fail'],
      ['form', 'fail'],
      ['priority', 'pass'],
      ['problem_type', 'pass'],
    ]);
    expect(a.findings.map((f) => f.code)).toEqual(['organization.missing', 'form.needs_entitlement']);
    expect(a.fixPlan).toEqual([
      {
        id: 'associate_organization',
        action: { kind: 'associate_organization', organizationId: null },
        dependsOn: [],
        runsIn: 'service',
        orderReason: null,
      },
    ]);
    const frt = a.sla.find((s) => s.metric === 'first_reply_time');
    expect(frt?.state).toBe('none');
    expect(a.commitment).toBeNull();
  });

  it('a triaged ticket: passes every check and counts down to 13:00 PT (21:00Z)', () => {
    const a = assess(buildTicket(), GITLAB_POLICY, NOW);
    expect(a.checks.every((c) => c.status === 'pass')).toBe(true);
    expect(a.fixPlan).toEqual([]);
    expect(a.plan.id).toBe('priority_support');
    const frt = a.sla.find((s) => s.metric === 'first_reply_time');
    expect(frt?.dueAt).toBe('2026-11-23T21:00:00.000Z');
  });

  it('includes the commitment status when given one', () => {
    const ticket = buildTicket({ comments: [buildComment(), agentReply('2026-11-23T17:30:00Z')] });
    const a = assess(ticket, GITLAB_POLICY, NOW, { commitment: buildCommitment() });
    expect(a.commitment?.commitment.id).toBe('commitment-1');
    expect(a.commitment?.state).toBe('upcoming');
    expect(AssessmentSchema.safeParse(a).success).toBe(true);
  });

  it('parses raw JSON input (schema defaults filled in)', () => {
    const raw = {
      id: 7,
      createdAt: '2026-11-23T17:00:00Z',
      status: 'new',
      priority: 'normal',
      formId: 360000803379,
      organization: null,
      requester: { id: 1, email: 'x@example.com' },
      customerSeverity: 'severity_3',
      problemType: 'saas_account_login',
    };
    const a = assess(raw, GITLAB_POLICY, NOW);
    expect(a.findings.map((f) => f.code)).toEqual(['organization.missing']);
  });

  it('rejects an invalid snapshot with a ValidationError naming the field', () => {
    const bad = { ...buildTicket(), priority: 'critical' };
    expect(() => assess(bad, GITLAB_POLICY, NOW)).toThrow(ValidationError);
    expect(() => assess(bad, GITLAB_POLICY, NOW)).toThrow(/^Invalid ticket: priority: /);
    expect(() => assess({ ...buildTicket(), requester: { id: -1, email: null } }, GITLAB_POLICY, NOW)).toThrow(
      /requester\.id/,
    );
  });
});

describe('assessParsed (for callers that parsed the snapshot at their own boundary)', () => {
  it('answers exactly what assess answers for the same snapshot, with its commitment', () => {
    const raw = buildTicket({ comments: [buildComment({ createdAt: '2026-11-23T17:00:00Z' })] });
    const parsed = TicketSnapshotSchema.parse(raw);
    const options = { commitment: buildCommitment({ dueAt: '2026-11-23T20:00:00Z' }) };
    const viaParse = assess(raw, GITLAB_POLICY, NOW, options);
    expect(assessParsed(parsed, GITLAB_POLICY, NOW, options)).toEqual(viaParse);
    expect(viaParse.sla.length).toBeGreaterThan(0);
    expect(viaParse.commitment?.commitment.dueAt).toBe('2026-11-23T20:00:00Z');
    expect(viaParse.commitment?.minutesLeft).toBe(120);
  });

  it('refuses a snapshot with an instant years away from now instead of walking millions of days', () => {
    const far = { ...buildTicket(), createdAt: '9999-12-31T23:59:59Z' };
    expect(() => assess(far, GITLAB_POLICY, NOW)).toThrow(/^Invalid ticket: createdAt: 9999-12-31T23:59:59Z is more than 366 days after now/);
  });
});

describe('drop-down values that are names of Object.prototype members', () => {
  // A tag value is free text from the ticket: a policy map is read for the value itself, never for what every object
  // inherits (the service answered 500 to customerSeverity "toString").
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])('reads customer severity %s as a severity the policy does not map', (value) => {
    const plain = assess(buildTicket({ customerSeverity: null }), GITLAB_POLICY, NOW);
    const odd = assess(buildTicket({ customerSeverity: value }), GITLAB_POLICY, NOW);
    expect(odd.checks.find((c) => c.check === 'priority')).toEqual(plain.checks.find((c) => c.check === 'priority'));
    expect(odd.sla).toEqual(plain.sla);
  });

  it.each(['toString', 'constructor', 'valueOf'])('reads preferred region %s as a region the policy does not map', (value) => {
    const plain = assess(buildTicket({ region: null }), GITLAB_POLICY, NOW);
    const odd = assess(buildTicket({ region: value }), GITLAB_POLICY, NOW);
    expect(odd.sla).toEqual(plain.sla);
    expect(odd.sla.find((s) => s.metric === 'first_reply_time')?.target?.schedule).toBe(plain.sla.find((s) => s.metric === 'first_reply_time')?.target?.schedule);
  });
});
