import { z } from 'zod';
import { InstantSchema, PrioritySchema, TextIdSchema } from './common.js';
import { CommitmentSchema, CommitmentStatusSchema } from './commitment.js';
import { AssessmentSchema, FixActionSchema } from './assessment.js';
import { TicketSnapshotSchema } from './ticket.js';
import { PolicySchema } from './policy.js';

/**
 * The HTTP contract between the sidebar and the service. Both sides parse with these schemas; the service's
 * OpenAPI document is generated from them.
 */

/** Every error body the service returns. `issues` lists bad fields (400) as `path: problem`. */
export const ErrorBodySchema = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  code: z.string().optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const TicketIdParamsSchema = z.object({ id: TextIdSchema });

export const AssessmentRequestSchema = z.object({ ticket: TicketSnapshotSchema });
export type AssessmentRequest = z.infer<typeof AssessmentRequestSchema>;
export const AssessmentResponseSchema = AssessmentSchema;

/**
 * The policy the service runs. An assessment names it (`policy.name`, `policy.version`); when that is not the
 * sidebar's bundled policy, the sidebar fetches it once so its offline assessment, save guard, due-time picks and
 * fix-dialog forms follow the same rules as the service.
 */
export const PolicyResponseSchema = PolicySchema;

export const BatchAssessmentRequestSchema = z.object({
  ticketIds: z.array(z.number().int().positive()).min(1).max(500),
});
export const BatchAssessmentResponseSchema = z.object({
  assessments: z.array(AssessmentSchema),
  /** Tickets that could not be assessed, with the reason (e.g. not found). */
  failures: z.array(z.object({ ticketId: z.number().int(), message: z.string() })),
});

/** One ranked candidate organization for a ticket's requester. */
export const OrganizationSuggestionSchema = z.object({
  organizationId: z.number().int().positive(),
  name: z.string(),
  /** The plan the organization resolves to under the policy (e.g. `priority_support`) and its display name. */
  plan: z.object({ id: z.string(), name: z.string(), sla: z.boolean() }),
  /** Support contacts already associated (GitLab caps contacts per organization). */
  contactCount: z.number().int().nonnegative(),
  contactLimit: z.number().int().positive(),
  score: z.number(),
  /** Why it is suggested: "email domain acme.example is one of the organization's domains", … */
  reasons: z.array(z.string()).min(1),
});
export type OrganizationSuggestion = z.infer<typeof OrganizationSuggestionSchema>;
export const OrganizationSuggestionsResponseSchema = z.object({
  ticketId: z.number().int().positive(),
  requester: z.object({ id: z.number().int().positive(), email: z.string().nullable() }),
  suggestions: z.array(OrganizationSuggestionSchema),
});

/** Start a fix run. The `Idempotency-Key` header makes a retry return the same run. */
export const FixRunRequestSchema = z.object({
  /** The steps to run, in order (normally the Assessment's fix plan steps that run in the service). */
  actions: z.array(FixActionSchema).min(1).max(10),
  /**
   * Post an internal note on the ticket describing what was changed, also when the run stops on a failure after
   * changing something; when Zendesk itself stopped the run (rate limit, outage) or the service restarted, that note
   * is added by the retry, with everything changed.
   */
  internalNote: z.boolean().default(true),
  /** Add "associated with ORG as per ticket #N" to the requester's user notes (DOMAIN §11). */
  userNote: z.boolean().default(true),
});
export type FixRunRequest = z.infer<typeof FixRunRequestSchema>;

export const FIX_STEP_STATES = ['pending', 'running', 'done', 'skipped', 'failed'] as const;
export const FixRunStepSchema = z.object({
  index: z.number().int().nonnegative(),
  kind: z.string(),
  description: z.string(),
  state: z.enum(FIX_STEP_STATES),
  /** Zendesk's answer or our reason, for the journal and the progress view. */
  detail: z.string().nullable(),
  startedAt: InstantSchema.nullable(),
  finishedAt: InstantSchema.nullable(),
});
export type FixRunStep = z.infer<typeof FixRunStepSchema>;

export const FixRunSchema = z.object({
  id: z.string(),
  ticketId: z.number().int().positive(),
  agentId: z.number().int().positive(),
  state: z.enum(['running', 'succeeded', 'failed']),
  steps: z.array(FixRunStepSchema),
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
  /** Set when failed: what went wrong and what the agent can do. */
  error: z.string().nullable(),
});
export type FixRun = z.infer<typeof FixRunSchema>;

export const PutCommitmentRequestSchema = z.object({
  dueAt: InstantSchema,
  note: z.string().max(2000).default(''),
});
export type PutCommitmentRequest = z.infer<typeof PutCommitmentRequestSchema>;
export const CommitmentResponseSchema = CommitmentSchema;
export const MyCommitmentsResponseSchema = z.object({ commitments: z.array(CommitmentStatusSchema) });

export const NotificationSchema = z.object({
  id: z.string(),
  ticketId: z.number().int().positive(),
  kind: z.enum(['commitment_due', 'commitment_overdue', 'commitment_taken_over', 'sla_warning', 'sla_breached']),
  message: z.string(),
  /** The instant the reminder was due. */
  dueAt: InstantSchema,
  createdAt: InstantSchema,
});
export type Notification = z.infer<typeof NotificationSchema>;
export const NotificationsResponseSchema = z.object({ notifications: z.array(NotificationSchema) });
/**
 * `ack=explicit`: each notification is handed out for a minute and comes back until acknowledged with
 * `POST /v1/agents/me/notifications/read` (at least once). Without it, each is returned once and marked read at once
 * (at most once: lost if the answer never reaches the poller), as app versions before the acknowledgement expect.
 */
export const NotificationsQuerySchema = z.object({ ack: z.enum(['explicit']).optional() });
export const AckNotificationsRequestSchema = z.object({
  ids: z.array(z.string().min(1).max(100)).min(1).max(100),
});
export const AckNotificationsResponseSchema = z.object({ read: z.number().int().nonnegative() });

export const AtRiskItemSchema = z.object({
  ticketId: z.number().int().positive(),
  kind: z.enum(['frt_breach_soon', 'frt_breached', 'commitment_overdue', 'commitment_due_soon']),
  dueAt: InstantSchema,
  priority: PrioritySchema.nullable(),
  subject: z.string().nullable(),
  assigneeId: z.number().int().positive().nullable(),
  message: z.string(),
});
export type AtRiskItem = z.infer<typeof AtRiskItemSchema>;
export const AtRiskResponseSchema = z.object({ groupId: z.number().int().positive(), items: z.array(AtRiskItemSchema) });

export const FrtAttainmentQuerySchema = z.object({
  group: TextIdSchema.optional(),
  from: InstantSchema,
  to: InstantSchema,
});
export const FrtAttainmentResponseSchema = z.object({
  from: InstantSchema,
  to: InstantSchema,
  target: z.number(),
  overall: z.object({ tickets: z.number().int(), met: z.number().int(), share: z.number().nullable() }),
  byPriority: z.array(
    z.object({ priority: PrioritySchema, tickets: z.number().int(), met: z.number().int(), share: z.number().nullable() }),
  ),
});
