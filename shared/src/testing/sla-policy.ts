import { PolicySchema, type Policy, type PolicyInput } from '../schemas/policy.js';
import type { TicketSnapshot, TicketSnapshotInput } from '../schemas/ticket.js';
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
