/**
 * Raw Zendesk shapes → our domain values. Pure: no I/O, so the mapping is tested with recorded fixtures alone.
 */
import {
  InstantSchema,
  TicketSnapshotSchema,
  parseOrThrow,
  type AuthorRole,
  type CommentEvent,
  type FieldChange,
  type FieldValue,
  type FormPolicy,
  type OrganizationSnapshot,
  type Policy,
  type TicketSnapshot,
  type ZendeskSlaMetric,
} from '@triage-assistant/shared';
import type { ZendeskMembership, ZendeskTicket, ZendeskUser } from './gateway.js';
import { RawAuditEventSchema, type RawAudit, type RawAuditEvent, type RawComment, type RawMembership, type RawOrganization, type RawTicket, type RawUser } from './raw-schemas.js';

export function toZendeskTicket(raw: RawTicket): ZendeskTicket {
  const customFields: Record<number, FieldValue> = {};
  for (const field of raw.custom_fields) customFields[field.id] = field.value;
  return {
    id: raw.id,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    status: raw.status,
    priority: raw.priority,
    type: raw.type,
    requesterId: raw.requester_id,
    submitterId: raw.submitter_id ?? null,
    organizationId: raw.organization_id,
    formId: raw.ticket_form_id ?? null,
    tags: raw.tags,
    customFields,
    channel: raw.via?.channel ?? null,
    slas: raw.slas ? toSlaMetrics(raw.slas.policy_metrics) : null,
    subject: raw.subject ?? null,
    groupId: raw.group_id ?? null,
    assigneeId: raw.assignee_id ?? null,
  };
}

export function toSlaMetrics(metrics: { metric: string; stage: string; breach_at: string | null }[]): ZendeskSlaMetric[] {
  return metrics.map((m) => ({ metric: m.metric, stage: m.stage, breachAt: m.breach_at }));
}

export function toZendeskUser(raw: RawUser): ZendeskUser {
  return {
    id: raw.id,
    name: raw.name,
    email: raw.email,
    role: raw.role,
    organizationId: raw.organization_id ?? null,
    notes: raw.notes ?? '',
  };
}

export function toMembership(raw: RawMembership): ZendeskMembership {
  return { id: raw.id, userId: raw.user_id, organizationId: raw.organization_id, isDefault: raw.default === true };
}

export function toOrganizationSnapshot(raw: RawOrganization): OrganizationSnapshot {
  return {
    id: raw.id,
    name: raw.name,
    tags: raw.tags,
    fields: raw.organization_fields ?? {},
    domainNames: raw.domain_names,
  };
}

/** Via channels of messages no human typed: they never fulfil a reply SLA (ZENDESK.md §5). */
const BOT_CHANNELS = new Set(['answer_bot', 'answer_bot_for_agents', 'answer_bot_for_sdk', 'answer_bot_for_web_widget', 'answer_bot_api', 'ai_agent']);
const SYSTEM_CHANNELS = new Set(['rule', 'system']);

/**
 * Comments → comment events, oldest first. An author missing from the users sideload counts as an end user: that
 * can start a reply clock but never silently stop one.
 */
export function toCommentEvents(comments: readonly RawComment[], users: readonly RawUser[]): CommentEvent[] {
  const roles = new Map(users.map((u) => [u.id, u.role]));
  return [...comments]
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))
    .map((c) => {
      const channel = c.via?.channel ?? '';
      let authorRole: AuthorRole;
      if (c.author_id <= 0 || SYSTEM_CHANNELS.has(channel)) authorRole = 'system';
      else if (BOT_CHANNELS.has(channel)) authorRole = 'bot';
      else authorRole = roles.get(c.author_id) === undefined || roles.get(c.author_id) === 'end-user' ? 'end-user' : 'agent';
      return {
        id: c.id,
        public: c.public,
        authorRole,
        ...(c.author_id > 0 ? { authorId: c.author_id } : {}),
        createdAt: c.created_at,
      };
    });
}

/** Audit `field_name`s whose changes can move a deadline, as the snapshot's `changes[].field`. */
const CHANGE_FIELDS: ReadonlyMap<string, FieldChange['field']> = new Map([
  ['priority', 'priority'],
  ['status', 'status'],
  ['ticket_form_id', 'form'],
  ['organization_id', 'organization'],
]);

/** An audit value as the snapshot's text: ids may come as numbers, "" or null is no value; anything else is unknown. */
function changeValue(value: unknown): string | null | undefined {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The channel a change was made through: the event's own `via` (a trigger's action in an agent's update), else the audit's. */
function viaOf(event: RawAuditEvent, audit: RawAudit): string | undefined {
  const channel = event.via?.channel ?? audit.via?.channel;
  return typeof channel === 'string' && channel !== '' && channel.length <= 100 ? channel : undefined;
}

/**
 * Audits → the ticket's field changes (priority, status, form, organization), oldest first, so the SLA engine can say
 * why a deadline moved and judge a fulfilled reply by the priority in force then. `Create` events are not changes
 * (the first change's `from` is the value at creation). An audit without a valid instant, or an event that is not a
 * change of a scalar value, is skipped: a history with a gap still explains the rest.
 */
export function toFieldChanges(audits: readonly RawAudit[]): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const audit of audits) {
    const at = audit.created_at;
    if (typeof at !== 'string' || !InstantSchema.safeParse(at).success) continue;
    for (const raw of audit.events ?? []) {
      const parsed = RawAuditEventSchema.safeParse(raw);
      if (!parsed.success) continue;
      const event = parsed.data;
      const field = event.type === 'Change' && typeof event.field_name === 'string' ? CHANGE_FIELDS.get(event.field_name) : undefined;
      if (field === undefined) continue;
      const from = changeValue(event.previous_value);
      const to = changeValue(event.value);
      if (from === undefined || to === undefined || from === to) continue;
      const via = viaOf(event, audit);
      changes.push({ at, field, from, to, ...(via === undefined ? {} : { via }) });
    }
  }
  return changes.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** The newest valid `created_at` among the audits (the update they were read through), or null. */
export function latestAuditAt(audits: readonly RawAudit[]): string | null {
  let latest: string | null = null;
  for (const { created_at: at } of audits) {
    if (typeof at === 'string' && InstantSchema.safeParse(at).success && (latest === null || Date.parse(at) > Date.parse(latest))) latest = at;
  }
  return latest;
}

/** Where the triage fields live: account configuration plus the policy's per-form problem-type fields. */
export interface TicketFieldIds {
  severityFieldId: number | null;
  regionFieldId?: number | null;
  forms: readonly Pick<FormPolicy, 'id' | 'problemType'>[];
}

/**
 * Where the policy says triage's fields live (`policy.fields`: GitLab's Customer Severity and Preferred Region in the
 * default policy), unless the caller's configuration names another field.
 */
export function ticketFieldIds(policy: Policy, overrides?: Partial<Omit<TicketFieldIds, 'forms'>>): TicketFieldIds {
  return {
    severityFieldId: overrides?.severityFieldId ?? policy.fields.customerSeverity,
    regionFieldId: overrides?.regionFieldId ?? policy.fields.preferredRegion,
    forms: policy.forms,
  };
}

export interface TicketSnapshotSources {
  ticket: ZendeskTicket;
  comments: readonly CommentEvent[];
  requester: ZendeskUser;
  /** The requester's memberships (service-enriched); defaults to the user's default organization only. */
  requesterOrganizationIds?: readonly number[];
  submitter?: ZendeskUser | null;
  organization: OrganizationSnapshot | null;
  /** The ticket's field changes from its audits (none when not read). */
  changes?: readonly FieldChange[];
}

/** Reads a custom field as the tag/text value the policy compares against; anything else (arrays, empty) is null. */
function stringField(fields: Record<number, FieldValue>, id: number | null | undefined): string | null {
  if (id === null || id === undefined) return null;
  const value = fields[id];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

/**
 * The requester as far as the ticket itself tells (id and organization) for reads that fetch no users (batches,
 * at-risk lists): an end-user without email, name or other memberships.
 */
export function requesterFromTicket(ticket: ZendeskTicket): ZendeskUser {
  return { id: ticket.requesterId, name: '', email: null, role: 'end-user', organizationId: ticket.organizationId, notes: '' };
}

export function toTicketSnapshot(src: TicketSnapshotSources, ids: TicketFieldIds): TicketSnapshot {
  const { ticket, requester } = src;
  const form = ids.forms.find((f) => f.id === ticket.formId);
  const organizationIds =
    src.requesterOrganizationIds ?? (requester.organizationId === null ? [] : [requester.organizationId]);
  return parseOrThrow(TicketSnapshotSchema, {
    id: ticket.id,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    status: ticket.status,
    priority: ticket.priority,
    type: ticket.type,
    formId: ticket.formId,
    organization: src.organization,
    requester: {
      id: requester.id,
      email: requester.email,
      name: requester.name,
      role: requester.role,
      organizationIds: [...organizationIds],
    },
    ...(src.submitter ? { submitter: { id: src.submitter.id, role: src.submitter.role } } : {}),
    customerSeverity: stringField(ticket.customFields, ids.severityFieldId),
    problemType: stringField(ticket.customFields, form?.problemType?.fieldId),
    region: stringField(ticket.customFields, ids.regionFieldId),
    tags: ticket.tags,
    via: { channel: ticket.channel ?? 'web' },
    comments: [...src.comments],
    changes: [...(src.changes ?? [])],
    slas: ticket.slas ?? [],
  }, `ticket ${ticket.id} snapshot`);
}
