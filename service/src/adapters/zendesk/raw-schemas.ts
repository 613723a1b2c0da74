/**
 * zod schemas for the raw Zendesk responses the adapter reads. Objects are loose (Zendesk keeps adding fields) but
 * every field we use is typed and required, so a missing field fails with its path instead of surfacing as
 * `undefined` deep inside the triage logic.
 * Shapes: Zendesk OpenAPI 2.0.0 (TicketObject, UserObject, OrganizationObject, …); schedules and the `slas` sideload
 * are not in the spec and follow ZENDESK.md §4.1 and §4.7.
 */
import { PRIORITIES, TICKET_STATUSES } from '@triage-assistant/shared';
import { z } from 'zod';

const Id = z.number().int().positive();
const Timestamp = z.string().min(1);

/** `custom_fields[]` / `fields` entries; tagger values are tags, multiselect values arrays. */
export const RawCustomFieldValueSchema = z.looseObject({
  id: Id,
  value: z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]),
});

/** One metric of the `include=slas` sideload (not in the OAS; ZENDESK.md §4.1). */
export const RawSlaPolicyMetricSchema = z.looseObject({
  metric: z.string(),
  stage: z.string(),
  breach_at: Timestamp.nullable(),
  hours: z.number().optional(),
  days: z.number().optional(),
  minutes: z.number().optional(),
});
export const RawTicketSlasSchema = z.looseObject({
  policy_metrics: z.array(RawSlaPolicyMetricSchema),
});

export const RawTicketSchema = z.looseObject({
  id: Id,
  created_at: Timestamp,
  updated_at: Timestamp,
  /** Custom statuses still report their category here. */
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(PRIORITIES).nullable(),
  type: z.enum(['question', 'incident', 'problem', 'task']).nullable(),
  subject: z.string().nullable().optional(),
  requester_id: Id,
  submitter_id: Id.nullable().optional(),
  organization_id: Id.nullable(),
  group_id: Id.nullable().optional(),
  assignee_id: Id.nullable().optional(),
  ticket_form_id: Id.nullable().optional(),
  tags: z.array(z.string()).default([]),
  custom_fields: z.array(RawCustomFieldValueSchema).default([]),
  via: z.looseObject({ channel: z.string() }).optional(),
  slas: RawTicketSlasSchema.optional(),
});
export type RawTicket = z.infer<typeof RawTicketSchema>;

export const RawTicketResponseSchema = z.looseObject({ ticket: RawTicketSchema });
export const RawTicketsResponseSchema = z.looseObject({
  tickets: z.array(RawTicketSchema),
  next_page: z.string().nullable().optional(),
});

export const RawUserSchema = z.looseObject({
  id: Id,
  name: z.string(),
  email: z.string().nullable(),
  role: z.enum(['end-user', 'agent', 'admin']),
  organization_id: Id.nullable().optional(),
  notes: z.string().nullable().optional(),
  updated_at: Timestamp.optional(),
});
export type RawUser = z.infer<typeof RawUserSchema>;
export const RawUserResponseSchema = z.looseObject({ user: RawUserSchema });

/** Add Tags / Set Tags answer: the ticket's tags after the change. */
export const RawTagsResponseSchema = z.looseObject({ tags: z.array(z.string()) });

export const RawCommentSchema = z.looseObject({
  id: Id,
  /** -1 is Zendesk's system user (e.g. some automated messages). */
  author_id: z.number().int(),
  public: z.boolean(),
  created_at: Timestamp,
  via: z.looseObject({ channel: z.string() }).optional(),
});
export type RawComment = z.infer<typeof RawCommentSchema>;
export const RawCommentsResponseSchema = z.looseObject({
  comments: z.array(RawCommentSchema),
  users: z.array(RawUserSchema).default([]),
  next_page: z.string().nullable().optional(),
});

/**
 * List Audits for a Ticket (`TicketAuditObject`; events per the audit events reference). Only `Change` events are
 * read, and only their field name and values: values are strings in Zendesk's examples and numbers for some ids, and
 * tags' values are arrays, so anything goes here and the mapping keeps what it understands.
 */
const RawViaSchema = z.looseObject({ channel: z.unknown().optional() }).nullable().optional().catch(undefined);
export const RawAuditEventSchema = z.looseObject({
  type: z.unknown(),
  field_name: z.unknown().optional(),
  value: z.unknown().optional(),
  previous_value: z.unknown().optional(),
  via: RawViaSchema,
});
export const RawAuditSchema = z.looseObject({
  /** Checked by the mapping: an audit without a valid instant is skipped, not the whole history. */
  created_at: z.unknown().optional(),
  via: RawViaSchema,
  // An odd event (or list) costs only itself: the mapping keeps the Change events it understands.
  events: z.array(z.unknown()).nullable().default([]).catch([]),
});
export type RawAudit = z.infer<typeof RawAuditSchema>;
export type RawAuditEvent = z.infer<typeof RawAuditEventSchema>;
export const RawAuditsResponseSchema = z.looseObject({
  audits: z.array(RawAuditSchema),
  next_page: z.string().nullable().optional(),
});

export const RawOrganizationSchema = z.looseObject({
  id: Id,
  name: z.string(),
  tags: z.array(z.string()).default([]),
  domain_names: z.array(z.string()).default([]),
  organization_fields: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]))
    .nullable()
    .default({}),
  notes: z.string().nullable().optional(),
});
export type RawOrganization = z.infer<typeof RawOrganizationSchema>;
export const RawOrganizationResponseSchema = z.looseObject({ organization: RawOrganizationSchema });
export const RawOrganizationsResponseSchema = z.looseObject({ organizations: z.array(RawOrganizationSchema) });
export const RawOrganizationRelatedResponseSchema = z.looseObject({
  organization_related: z.looseObject({ users_count: z.number().int().nonnegative() }),
});

export const RawMembershipSchema = z.looseObject({
  id: Id,
  user_id: Id,
  organization_id: Id,
  default: z.boolean().nullable(),
});
export type RawMembership = z.infer<typeof RawMembershipSchema>;
export const RawMembershipResponseSchema = z.looseObject({ organization_membership: RawMembershipSchema });
export const RawMembershipsResponseSchema = z.looseObject({
  organization_memberships: z.array(RawMembershipSchema),
  next_page: z.string().nullable().optional(),
});

export const RawTicketFormSchema = z.looseObject({
  id: Id,
  name: z.string(),
  active: z.boolean(),
  default: z.boolean().optional(),
  ticket_field_ids: z.array(Id).default([]),
});
export type RawTicketForm = z.infer<typeof RawTicketFormSchema>;
export const RawTicketFormsResponseSchema = z.looseObject({
  ticket_forms: z.array(RawTicketFormSchema),
  next_page: z.string().nullable().optional(),
});

export const RawTicketFieldSchema = z.looseObject({
  id: Id,
  type: z.string(),
  title: z.string(),
  active: z.boolean().optional(),
  required: z.boolean().optional(),
  custom_field_options: z
    .array(z.looseObject({ id: Id.optional(), name: z.string(), value: z.string() }))
    .nullable()
    .optional(),
});
export type RawTicketField = z.infer<typeof RawTicketFieldSchema>;
export const RawTicketFieldsResponseSchema = z.looseObject({
  ticket_fields: z.array(RawTicketFieldSchema),
  next_page: z.string().nullable().optional(),
});

export const RawSlaPolicySchema = z.looseObject({
  id: Id,
  title: z.string(),
  position: z.number().int().optional(),
  filter: z.looseObject({
    all: z.array(z.looseObject({ field: z.string(), operator: z.string(), value: z.unknown() })).default([]),
    any: z.array(z.looseObject({ field: z.string(), operator: z.string(), value: z.unknown() })).default([]),
  }),
  policy_metrics: z.array(
    z.looseObject({
      priority: z.string(),
      metric: z.string(),
      target: z.number(),
      business_hours: z.boolean(),
    }),
  ),
});
export type RawSlaPolicy = z.infer<typeof RawSlaPolicySchema>;
export const RawSlaPoliciesResponseSchema = z.looseObject({
  sla_policies: z.array(RawSlaPolicySchema),
  next_page: z.string().nullable().optional(),
});

/** Business-hours schedule (not in the OAS copy): intervals in minutes since Sunday 00:00, schedule zone. */
export const RawScheduleSchema = z.looseObject({
  id: Id,
  name: z.string(),
  time_zone: z.string(),
  intervals: z.array(
    z.looseObject({
      start_time: z.number().int().min(0).max(10080),
      end_time: z.number().int().min(0).max(10080),
    }),
  ),
});
export type RawSchedule = z.infer<typeof RawScheduleSchema>;
export const RawScheduleResponseSchema = z.looseObject({ schedule: RawScheduleSchema });
export const RawSchedulesResponseSchema = z.looseObject({ schedules: z.array(RawScheduleSchema) });

/** Search results mix types; each branch is picked by `result_type`. */
export const RawSearchResponseSchema = z.looseObject({
  results: z.array(z.looseObject({ result_type: z.string() })),
  count: z.number().int().nonnegative().optional(),
  next_page: z.string().nullable().optional(),
});
