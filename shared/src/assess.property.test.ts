import fc from 'fast-check';
import { assess } from './assess.js';
import { GITLAB_POLICY } from './policy/index.js';
import { AssessmentSchema, GuardDecisionSchema, type Finding, type FixAction, type PendingChange } from './schemas/assessment.js';
import { PRIORITIES, TICKET_STATUSES } from './schemas/common.js';
import { TicketSnapshotSchema, type TicketSnapshotInput } from './schemas/ticket.js';
import { buildTicket, EXAMPLE_GENERIC_FORM, FORM } from './testing/factories.js';
import { planFixes } from './triage/fix-plan.js';
import { guardSave } from './triage/guard.js';
import { ValidationError } from './validation.js';

const DAY = 86_400_000;
const BASE = Date.parse('2026-01-01T00:00:00Z');
const formIds = [...GITLAB_POLICY.forms.map((f) => f.id), EXAMPLE_GENERIC_FORM.id, 999];
const orgTags = ['premium', 'ultimate', 'starter', 'trial', 'free', 'expired', 'support_hold', 'community'];

/** A valid snapshot (as JSON input) and an assessment instant, spanning a year so DST changes are crossed. */
const ticketAndNow = fc
  .record({
    createdOffset: fc.integer({ min: 0, max: 365 * DAY }),
    nowAfter: fc.integer({ min: 0, max: 20 * DAY }),
    id: fc.option(fc.integer({ min: 1, max: 1_000_000 })),
    status: fc.constantFrom(...TICKET_STATUSES),
    priority: fc.constantFrom(...PRIORITIES, null),
    formId: fc.option(fc.constantFrom(...formIds)),
    organization: fc.option(
      fc.record({
        id: fc.integer({ min: 1, max: 50 }),
        name: fc.string(),
        tags: fc.subarray(orgTags),
        fields: fc.constantFrom<Record<string, boolean | string>>({}, { support_hold: true }, { support_hold: 'false' }),
      }),
    ),
    memberships: fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 3 }),
    customerSeverity: fc.constantFrom(null, 'severity_1', 'severity_2', 'severity_3', 'severity_4', 'severity_9'),
    problemType: fc.constantFrom(null, 'sm_performance', 'saas_ci_cd', 'lnr_other', 'nonsense'),
    region: fc.constantFrom(null, 'americas_usa', 'asia_pacific', 'europe_middle_east_africa', 'moon'),
    tags: fc.subarray(['emergency', 'premium', 'priority_prospect']),
    channel: fc.constantFrom('web', 'email', 'api'),
    comments: fc.array(
      fc.record({
        after: fc.integer({ min: -DAY, max: 15 * DAY }),
        public: fc.boolean(),
        authorRole: fc.constantFrom('agent', 'end-user', 'bot', 'system' as const),
      }),
      { maxLength: 6 },
    ),
    changes: fc.array(
      fc.record({
        after: fc.integer({ min: 0, max: 10 * DAY }),
        change: fc.oneof(
          fc.record({ field: fc.constant('priority' as const), from: fc.constantFrom(...PRIORITIES, null), to: fc.constantFrom(...PRIORITIES, null) }),
          fc.record({ field: fc.constant('status' as const), from: fc.constantFrom(...TICKET_STATUSES), to: fc.constantFrom(...TICKET_STATUSES) }),
        ),
      }),
      { maxLength: 3 },
    ),
    breachAfter: fc.option(fc.integer({ min: -DAY, max: 5 * DAY })),
  })
  .map((g) => {
    const created = BASE + g.createdOffset;
    const iso = (ms: number) => new Date(ms).toISOString();
    const ticket: TicketSnapshotInput = {
      id: g.id,
      createdAt: iso(created),
      status: g.status,
      priority: g.priority,
      formId: g.formId,
      organization: g.organization,
      requester: { id: 5, email: 'r@example.com', organizationIds: g.memberships },
      customerSeverity: g.customerSeverity,
      problemType: g.problemType,
      region: g.region,
      tags: g.tags,
      via: { channel: g.channel },
      comments: g.comments.map((c) => ({ public: c.public, authorRole: c.authorRole, createdAt: iso(created + c.after) })),
      changes: g.changes.map((c) => ({ at: iso(created + c.after), ...c.change })),
      slas:
        g.breachAfter === null
          ? []
          : [{ metric: 'first_reply_time', breachAt: iso(created + g.breachAfter), stage: 'active' }],
    };
    return { ticket, now: new Date(created + g.nowAfter) };
  });

const policy = { ...GITLAB_POLICY, forms: [...GITLAB_POLICY.forms, EXAMPLE_GENERIC_FORM] };

/** Each step after every step it depends on, and the organization before the form. */
function wellOrdered(steps: ReturnType<typeof planFixes>): boolean {
  const index = new Map(steps.map((s, i) => [s.id, i]));
  const ordered = steps.every((s, i) => s.dependsOn.every((d) => (index.get(d) ?? Infinity) < i));
  const org = index.get('associate_organization');
  const form = index.get('set_form');
  return ordered && (org === undefined || form === undefined || org < form);
}

describe('assess properties', () => {
  it('no generated valid snapshot crashes assess; every result validates and its fix plan is well ordered', () => {
    fc.assert(
      fc.property(ticketAndNow, ({ ticket, now }) => {
        const a = assess(ticket, policy, now);
        expect(AssessmentSchema.safeParse(a).success).toBe(true);
        expect(a.checks.map((c) => c.check)).toEqual(['organization', 'form', 'priority', 'problem_type']);
        expect(wellOrdered(a.fixPlan)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary junk is rejected with a ValidationError, never another exception', () => {
    fc.assert(
      fc.property(fc.anything(), (junk) => {
        expect(() => assess(junk, policy, new Date(BASE))).toThrow(ValidationError);
      }),
      { numRuns: 300 },
    );
  });

  it('a valid snapshot with one field replaced by junk is either assessed or rejected with a ValidationError', () => {
    const keys = Object.keys(buildTicket());
    fc.assert(
      fc.property(ticketAndNow, fc.constantFrom(...keys), fc.anything(), ({ ticket, now }, key, junk) => {
        try {
          expect(AssessmentSchema.safeParse(assess({ ...ticket, [key]: junk }, policy, now)).success).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the fix plan never orders a step before one it depends on, whatever the findings (org always before form)', () => {
    const action: fc.Arbitrary<FixAction> = fc.oneof(
      fc.record({ kind: fc.constant('associate_organization' as const), organizationId: fc.option(fc.integer({ min: 1, max: 9 })) }),
      fc.constantFrom(...GITLAB_POLICY.forms).map((f) => ({ kind: 'set_form' as const, formId: f.id, formName: f.name })),
      fc.constantFrom(...PRIORITIES).map((priority) => ({ kind: 'set_priority' as const, priority })),
      fc.constantFrom(44087827, 360017156474).map((fieldId) => ({ kind: 'set_problem_type' as const, fieldId, value: null, options: [] as string[] })),
    );
    const finding: fc.Arbitrary<Finding> = fc.record({
      code: fc.constant('x'),
      check: fc.constantFrom('organization', 'form', 'priority', 'problem_type' as const),
      severity: fc.constantFrom('error', 'warning', 'info' as const),
      message: fc.constant(''),
      slaImpact: fc.constant(null),
      fix: fc.option(action),
    });
    fc.assert(
      fc.property(
        fc.array(finding, { maxLength: 8 }),
        fc.boolean(),
        fc.constantFrom(FORM.selfManaged, FORM.saas, FORM.saasAccount),
        (findings, hasOrg, formId) => {
          const ticket = hasOrg ? buildTicket({ formId }) : buildTicket({ formId, organization: null });
          const steps = planFixes(ticket, GITLAB_POLICY, findings);
          expect(wellOrdered(steps)).toBe(true);
          expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the guard never blocks or warns without a message, and internal notes never raise reply warnings', () => {
    const pending: fc.Arbitrary<PendingChange> = fc.record(
      {
        formId: fc.option(fc.constantFrom(...formIds)),
        priority: fc.option(fc.constantFrom(...PRIORITIES)),
        status: fc.constantFrom(...TICKET_STATUSES),
        comment: fc.option(fc.record({ public: fc.boolean(), text: fc.string() })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(ticketAndNow, pending, ({ ticket, now }, change) => {
        const decision = guardSave(TicketSnapshotSchema.parse(ticket), policy, change, now);
        expect(GuardDecisionSchema.safeParse(decision).success).toBe(true);
        if (decision.decision === 'ok') expect(decision).toEqual({ decision: 'ok', codes: [], message: '' });
        else expect(decision.message).not.toBe('');
        if (change.comment?.public !== true) {
          expect(decision.codes.filter((c) => c.startsWith('sla.reply_'))).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
