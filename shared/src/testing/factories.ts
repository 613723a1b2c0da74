/**
 * Test-data factories shared by every workspace's tests (SLA engine, triage engine, service, app).
 *
 * Every builder returns a *parsed* value (schema defaults filled in) and takes shallow overrides: pass only what your
 * test is about. The default world, hand-checkable:
 * - Acme Corp (org 9001, tag `premium` → GitLab plan Priority Support), requester Dana (20001, dana@acme.example,
 *   member of 9001);
 * - ticket 12345 on the Self-Managed form (426148), status open, priority high (Customer Severity `severity_2`),
 *   problem type `sm_performance`: fully triaged, so a test breaks exactly the field it is about;
 * - created Monday 2026-11-23 17:00Z = 09:00 Pacific (PST, UTC−8) with one public end-user comment at that instant.
 *   With GitLab's policy its first reply is due 4 business hours later: 21:00Z (13:00 PT).
 */
import { CommitmentSchema, type Commitment, type CommitmentInput } from '../schemas/commitment.js';
import type { FormPolicy, Policy, PolicyInput } from '../schemas/policy.js';
import {
  CommentEventSchema,
  OrganizationSnapshotSchema,
  TicketSnapshotSchema,
  type CommentEvent,
  type OrganizationSnapshot,
  type TicketSnapshot,
  type TicketSnapshotInput,
} from '../schemas/ticket.js';
import { GITLAB_POLICY, loadPolicy } from '../policy/default-policy.js';
import type { z } from 'zod';

/** Ticket id of {@link buildTicket}. */
export const TICKET_ID = 12345;
/** Creation instant of {@link buildTicket}: Monday 2026-11-23 09:00 Pacific. */
export const CREATED_AT = '2026-11-23T17:00:00Z';
/** Acme Corp's organization id. */
export const ACME_ORG_ID = 9001;
/** The requester's user id (Dana at Acme). */
export const REQUESTER_ID = 20001;
/** The agent used by {@link agentReply} and {@link buildCommitment}. */
export const AGENT_ID = 501;
/** GitLab form ids the tests use most (DOMAIN.md §2). */
export const FORM = {
  selfManaged: 426148,
  saas: 334447,
  saasAccount: 360000803379,
  lnr: 360000071293,
  supportOps: 360001801419,
  emergencies: 360001264259,
  internalRequest: 12829030177948,
} as const;

/**
 * A generic catch-all form for tests of the "email ticket on the generic form" rule. GitLab's "Other Request" form
 * has no published id, so the shipped policy has none; add this one with `buildPolicy({ forms: [...] })`.
 */
export const EXAMPLE_GENERIC_FORM: FormPolicy = {
  id: 900000000001,
  name: 'Other Request',
  requiresEntitlement: false,
  problemType: null,
  switchable: 'macro',
  macro: 'General::Forms::Incorrect form used',
  generic: true,
  internal: false,
};

type CommentInput = z.input<typeof CommentEventSchema>;
type OrganizationInput = z.input<typeof OrganizationSnapshotSchema>;

/** A comment; default: Dana's public comment at {@link CREATED_AT}. */
export function buildComment(overrides: Partial<CommentInput> = {}): CommentEvent {
  return CommentEventSchema.parse({
    public: true,
    authorRole: 'end-user',
    authorId: REQUESTER_ID,
    createdAt: CREATED_AT,
    ...overrides,
  });
}

/** A public reply by agent {@link AGENT_ID} at `at` (the only kind of comment that meets a reply SLA). */
export function agentReply(at: string, overrides: Partial<CommentInput> = {}): CommentEvent {
  return buildComment({ authorRole: 'agent', authorId: AGENT_ID, createdAt: at, ...overrides });
}

/** An internal note by agent {@link AGENT_ID} at `at` (never stops a reply clock). */
export function internalNote(at: string, overrides: Partial<CommentInput> = {}): CommentEvent {
  return agentReply(at, { public: false, ...overrides });
}

/** An organization; default: Acme Corp (9001), tag `premium`, domain acme.example. */
export function buildOrganization(overrides: Partial<OrganizationInput> = {}): OrganizationSnapshot {
  return OrganizationSnapshotSchema.parse({
    id: ACME_ORG_ID,
    name: 'Acme Corp',
    tags: ['premium'],
    fields: {},
    domainNames: ['acme.example'],
    ...overrides,
  });
}

/** A parsed ticket snapshot; see the module comment for the defaults. Overrides replace whole top-level fields. */
export function buildTicket(overrides: Partial<TicketSnapshotInput> = {}): TicketSnapshot {
  return TicketSnapshotSchema.parse({
    id: TICKET_ID,
    createdAt: CREATED_AT,
    status: 'open',
    priority: 'high',
    type: 'question',
    formId: FORM.selfManaged,
    organization: buildOrganization(),
    requester: { id: REQUESTER_ID, email: 'dana@acme.example', name: 'Dana Example', organizationIds: [ACME_ORG_ID] },
    customerSeverity: 'severity_2',
    problemType: 'sm_performance',
    region: null,
    tags: ['premium'],
    via: { channel: 'web' },
    comments: [buildComment()],
    ...overrides,
  });
}

/**
 * The "needs org" case: same Self-Managed (entitlement-required) ticket, but no organization on the ticket and a
 * requester who belongs to none. Under GitLab's policy this resolves to plan `no_organization`: no SLA applies.
 */
export function needsOrgTicket(overrides: Partial<TicketSnapshotInput> = {}): TicketSnapshot {
  return buildTicket({
    organization: null,
    requester: { id: REQUESTER_ID, email: 'dana@acme.example', name: 'Dana Example', organizationIds: [] },
    tags: [],
    ...overrides,
  });
}

/**
 * GitLab's policy with top-level overrides (e.g. `{ forms: [...GITLAB_POLICY.forms, EXAMPLE_GENERIC_FORM] }`),
 * validated like an account policy so a test cannot run on an invalid one.
 */
export function buildPolicy(overrides: Partial<PolicyInput> = {}): Policy {
  return loadPolicy({ ...structuredClone(GITLAB_POLICY), ...overrides });
}

/**
 * A commitment on ticket {@link TICKET_ID} by agent {@link AGENT_ID}; default: set Monday 2026-11-23 18:00Z
 * (10:00 PT), due 22:00Z (14:00 PT).
 */
export function buildCommitment(overrides: Partial<CommitmentInput> = {}): Commitment {
  return CommitmentSchema.parse({
    id: 'commitment-1',
    ticketId: TICKET_ID,
    agentId: AGENT_ID,
    createdAt: '2026-11-23T18:00:00Z',
    dueAt: '2026-11-23T22:00:00Z',
    note: 'Share the findings from the performance logs',
    ...overrides,
  });
}
