import type { z } from 'zod';
import type { SlaStatus } from '../schemas/assessment.js';
import type { SlaMetric } from '../schemas/common.js';
import { PolicySchema, type Policy, type PolicyInput } from '../schemas/policy.js';
import type { CommentEventSchema, FieldChange, TicketSnapshot, TicketSnapshotInput } from '../schemas/ticket.js';
import { buildTicket } from './factories.js';
import { GITLAB_24X5, NINE_TO_FIVE_UTC, TWENTY_FOUR_SEVEN_LA } from './schedules.js';

/**
 * Small hand-made policy for the SLA engine's unit tests: few enough numbers to check every expectation by hand.
 * Plans: `priority` (tag premium), `standard` (org field plan = starter), `lnr` (form 100, any plan), `free` (no SLA,
 * default). The golden tables against GitLab's shipped policy live in the SLA tests that import GITLAB_POLICY.
 */
export const SRC = 'https://example.com/policy';

export function slaTestPolicy(overrides: Partial<PolicyInput> = {}): Policy {
  const t = (plan: string, priority: string, metric: string, minutes: number, schedule: string) => ({
    plan,
    priority,
    metric,
    minutes,
    schedule,
    source: SRC,
  });
  const input = {
    name: 'SLA unit-test policy',
    version: 1,
    schedules: [GITLAB_24X5, NINE_TO_FIVE_UTC, TWENTY_FOUR_SEVEN_LA],
    plans: [
      { id: 'priority', name: 'Priority Support', sla: true, emergencyEntitled: true },
      { id: 'standard', name: 'Standard', sla: true },
      { id: 'lnr', name: 'L&R', sla: true },
      { id: 'free', name: 'Free', sla: false },
    ],
    planRules: [
      { plan: 'lnr', when: { formIds: [100] } },
      { plan: 'priority', when: { hasOrganization: true, organizationTagsAny: ['premium', 'ultimate'] } },
      { plan: 'standard', when: { organizationField: { key: 'plan', in: ['starter', 'bronze'] } } },
    ],
    defaultPlan: 'free',
    slaTargets: [
      t('priority', 'urgent', 'first_reply_time', 30, TWENTY_FOUR_SEVEN_LA.id),
      t('priority', 'high', 'first_reply_time', 240, GITLAB_24X5.id),
      t('priority', 'normal', 'first_reply_time', 480, GITLAB_24X5.id),
      t('priority', 'low', 'first_reply_time', 1440, GITLAB_24X5.id),
      t('priority', 'urgent', 'next_reply_time', 240, TWENTY_FOUR_SEVEN_LA.id),
      t('priority', 'high', 'next_reply_time', 240, GITLAB_24X5.id),
      t('priority', 'normal', 'next_reply_time', 1440, GITLAB_24X5.id),
      t('priority', 'low', 'next_reply_time', 1440, GITLAB_24X5.id),
      t('standard', 'normal', 'first_reply_time', 1440, GITLAB_24X5.id),
      t('lnr', 'normal', 'first_reply_time', 480, GITLAB_24X5.id),
    ],
    forms: [{ id: 100, name: 'L&R', requiresEntitlement: false }],
    priority: { severityToPriority: {} },
    ...overrides,
  };
  return PolicySchema.parse(input);
}

/**
 * The shared {@link buildTicket} with SLA-test defaults: Acme Corp (premium), normal priority, status new, created
 * Fri 2026-11-27 16:10 PT (00:10Z Saturday) with the customer's public comment at that instant.
 */
export function slaTicket(overrides: Partial<TicketSnapshotInput> = {}): TicketSnapshot {
  return buildTicket({
    createdAt: '2026-11-28T00:10:00Z',
    status: 'new',
    priority: 'normal',
    comments: [{ public: true, authorRole: 'end-user', authorId: 20001, createdAt: '2026-11-28T00:10:00Z' }],
    ...overrides,
  });
}

// The SLA unit tests write instants as Pacific wall times: November 2026 to January 2027 is all PST (UTC−8), and
// GitLab's 24x5 is open around the clock Monday to Thursday, so midweek business minutes are wall-clock minutes.

/** `"2026-12-01 09:00"` read as Pacific Standard Time (UTC−8). */
export const pt = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00-08:00`);

/** {@link pt} as an ISO string, the form snapshots and statuses carry. */
export const ptIso = (local: string): string => pt(local).toISOString();

/** A comment as a test writes it (schema input: defaults may be left out). */
export type CommentIn = z.input<typeof CommentEventSchema>;

/** A public comment by `authorRole` at Pacific wall time `local`. */
export const say = (authorRole: CommentIn['authorRole'], local: string, extra: Partial<CommentIn> = {}): CommentIn => ({
  public: true,
  authorRole,
  createdAt: ptIso(local),
  ...extra,
});

/** A field change at Pacific wall time `local`. */
export const change = (field: FieldChange['field'], local: string, from: string | null, to: string | null): FieldChange => ({
  field,
  at: ptIso(local),
  from,
  to,
});

/** The status of `metric` (default first reply time); throws naming the metrics present when it is missing. */
export const pickStatus = (statuses: SlaStatus[], metric: SlaMetric = 'first_reply_time'): SlaStatus => {
  const s = statuses.find((x) => x.metric === metric);
  if (s === undefined) throw new Error(`no ${metric} status in ${statuses.map((x) => x.metric).join(', ')}`);
  return s;
};

/** Tue 1 Dec 2026 09:00 PT, when {@link highTicket} is created. */
export const TUE_0900 = '2026-12-01 09:00';

/** High-priority Premium ticket created Tue 1 Dec 09:00 PT by the customer (FRT 4 h → due Tue 13:00 PT). */
export const highTicket = (overrides: Parameters<typeof slaTicket>[0] = {}): TicketSnapshot =>
  slaTicket({ priority: 'high', status: 'open', createdAt: ptIso(TUE_0900), comments: [say('end-user', TUE_0900)], ...overrides });
