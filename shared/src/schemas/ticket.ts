import { z } from 'zod';
import { InstantSchema, PrioritySchema, TicketStatusSchema } from './common.js';

const IdSchema = z.number().int().positive();

/** Who wrote a comment. Only `agent` comments can fulfil a reply SLA; bots and system messages never do. */
export const AUTHOR_ROLES = ['agent', 'end-user', 'bot', 'system'] as const;
export const AuthorRoleSchema = z.enum(AUTHOR_ROLES);
export type AuthorRole = z.infer<typeof AuthorRoleSchema>;

/** A comment on the ticket's conversation, reduced to what the SLA clock needs. */
export const CommentEventSchema = z.object({
  id: IdSchema.optional(),
  public: z.boolean(),
  authorRole: AuthorRoleSchema,
  authorId: IdSchema.optional(),
  createdAt: InstantSchema,
});
export type CommentEvent = z.infer<typeof CommentEventSchema>;

/** Custom and organization field values as Zendesk returns them. */
export const FieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
export type FieldValue = z.infer<typeof FieldValueSchema>;

/** The ticket's organization with what plan resolution reads (tags and Salesforce-synced fields). */
export const OrganizationSnapshotSchema = z.object({
  id: IdSchema,
  name: z.string(),
  tags: z.array(z.string()).default([]),
  fields: z.record(z.string(), FieldValueSchema).default({}),
  domainNames: z.array(z.string()).optional(),
});
export type OrganizationSnapshot = z.infer<typeof OrganizationSnapshotSchema>;

export const RequesterSnapshotSchema = z.object({
  id: IdSchema,
  email: z.string().nullable(),
  name: z.string().optional(),
  role: z.enum(['end-user', 'agent', 'admin']).default('end-user'),
  /** Organizations the requester is a member of (service-enriched; the sidebar may only know the ticket's). */
  organizationIds: z.array(IdSchema).default([]),
});
export type RequesterSnapshot = z.infer<typeof RequesterSnapshotSchema>;

/** A recorded change of a triage field, so the SLA engine can say why a deadline moved. */
export const FieldChangeSchema = z.object({
  at: InstantSchema,
  field: z.enum(['priority', 'status', 'form', 'organization']),
  from: z.string().nullable(),
  to: z.string().nullable(),
  /**
   * How the change was made, as Zendesk's `via.channel` (`web`, `api`, `rule` for triggers and automations, …), when
   * known: a change by a rule is not an agent's deliberate choice. `sidebar`: the agent's unsaved edit, dated when it
   * was assessed (the service adds it to a history read from Zendesk).
   */
  via: z.string().min(1).max(100).optional(),
});
export type FieldChange = z.infer<typeof FieldChangeSchema>;

/** Zendesk's own SLA metric from the `slas` sideload: authoritative for the countdown when present. */
export const ZendeskSlaMetricSchema = z.object({
  metric: z.string(),
  breachAt: InstantSchema.nullable(),
  stage: z.enum(['active', 'achieved', 'paused']).or(z.string()),
});
export type ZendeskSlaMetric = z.infer<typeof ZendeskSlaMetricSchema>;

/**
 * What the sidebar reads through ZAF plus what the service can add. Our own view of a ticket, not Zendesk's raw
 * shape: field ids are already resolved (customer severity, problem type) by the reader using the policy.
 */
export const TicketSnapshotSchema = z.object({
  /** null for an unsaved ticket in the new-ticket sidebar. */
  id: IdSchema.nullable(),
  createdAt: InstantSchema,
  updatedAt: InstantSchema.optional(),
  status: TicketStatusSchema,
  priority: PrioritySchema.nullable(),
  type: z.enum(['question', 'incident', 'problem', 'task']).nullable().default(null),
  formId: IdSchema.nullable(),
  organization: OrganizationSnapshotSchema.nullable(),
  requester: RequesterSnapshotSchema,
  /** Who created the ticket: an agent-created ticket's FRT ends at that agent's next public comment. */
  submitter: z.object({ id: IdSchema, role: z.enum(['end-user', 'agent', 'admin']) }).optional(),
  /** The customer's severity choice as the field's tag value (e.g. `severity_2`), mapped by the policy. */
  customerSeverity: z.string().nullable().default(null),
  /** The value of the problem-type field of the ticket's form, as its tag value. */
  problemType: z.string().nullable().default(null),
  /** The Preferred Region value, when the account uses one (selects a regional schedule). */
  region: z.string().nullable().default(null),
  tags: z.array(z.string()).default([]),
  via: z.object({ channel: z.string() }).default({ channel: 'web' }),
  comments: z.array(CommentEventSchema).default([]),
  changes: z.array(FieldChangeSchema).default([]),
  slas: z.array(ZendeskSlaMetricSchema).default([]),
});
export type TicketSnapshot = z.infer<typeof TicketSnapshotSchema>;
/** What a caller may send (defaults filled in by parsing). */
export type TicketSnapshotInput = z.input<typeof TicketSnapshotSchema>;
