/**
 * An in-memory model of the parts of Zendesk Support the service and the sidebar use. State is plain maps of raw
 * Zendesk JSON; every operation is a method, so tests can set up state directly and both HTTP doors (msw, node:http)
 * share one behaviour. Zendesk behaviours reproduced (ZENDESK.md §4, DOMAIN.md §2–§4):
 * - triggers run after every create/update: Customer Severity → Priority on creation, and the "Ask for support
 *   entitlement" auto-reply when the form changes to an entitlement form on a ticket without an organization;
 * - a ticket's organization must be one of its requester's (422), a duplicate membership is a 422;
 * - `safe_update` + a stale `updated_stamp` → 409; `updated_at` strictly increases on every write;
 * - every write appends an audit; organization tags and tagger values become ticket tags;
 * - the `slas` sideload is computed from the SLA policies and schedules (sla.ts);
 * - ticket changes are sent as signed webhooks (webhook-events.ts).
 */
import { randomUUID } from 'node:crypto';
import { GITLAB_POLICY, type Priority, type Schedule } from '@triage-assistant/shared';
import {
  CUSTOMER_SEVERITY_FIELD_ID,
  SCHEDULE_IDS,
  entitlementFormIds,
  fromZendeskSchedule,
  gitlabSchedules,
  gitlabSlaPolicies,
  gitlabTicketFields,
  gitlabTicketForms,
} from './gitlab-config.js';
import { computeSlas } from './sla.js';
import type {
  ZdAudit,
  ZdAuditEvent,
  ZdComment,
  ZdCustomFieldValue,
  ZdMembership,
  ZdOrganization,
  ZdPriority,
  ZdSchedule,
  ZdSlaMetricView,
  ZdSlaPolicy,
  ZdStatus,
  ZdTicket,
  ZdTicketField,
  ZdTicketForm,
  ZdUser,
  ZdVia,
} from './types.js';
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  fetchWebhookSender,
  signWebhook,
  type WebhookDelivery,
  type WebhookEvent,
  type WebhookSender,
} from './webhook-events.js';

/** A Zendesk error answer: status, JSON body as Zendesk writes it, extra headers (Retry-After). */
export class ZendeskApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(`Zendesk ${status}: ${JSON.stringify(body)}`);
    this.name = 'ZendeskApiError';
  }
}

export const NOT_FOUND_BODY = { error: 'RecordNotFound', description: 'Not found' } as const;
/** Zendesk's answer to `safe_update` with an outdated `updated_stamp` (wording as reported publicly; unverified). */
export const UPDATE_CONFLICT_BODY = {
  error: 'UpdateConflict',
  description: 'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.',
} as const;

function recordInvalid(field: string, description: string, error = 'InvalidValue'): ZendeskApiError {
  return new ZendeskApiError(422, {
    error: 'RecordInvalid',
    description: 'Record validation errors',
    details: { [field]: [{ description, error }] },
  });
}

/** Zendesk's system user id (automations, some trigger messages). */
export const SYSTEM_USER_ID = -1;

/** Body of the "Ask for support entitlement" trigger (DOMAIN.md §3, legacy GitLab trigger). */
export const ENTITLEMENT_AUTO_REPLY =
  'Thanks for contacting GitLab Support. We could not find an organization associated with your account, so we ' +
  'cannot confirm your support entitlement for this request. Please provide proof of support entitlement (your ' +
  'subscription or license ID, cloud activation code, or the paid GitLab.com namespace you own) so we can associate ' +
  'you with your organization.';
export const ENTITLEMENT_TRIGGER = { id: 360000900001, title: 'Ask for support entitlement' } as const;
export const SEVERITY_TRIGGER = { id: 360000900002, title: 'Set priority from Customer Severity' } as const;
export const ENTITLEMENT_REQUESTED_TAG = 'entitlement_requested';

export interface RequestLogEntry {
  method: string;
  /** Templated, e.g. `/tickets/:id` (no ids, no `.json`). */
  path: string;
  /** What was asked for: path and query as received, e.g. `/api/v2/tickets/7.json?include=slas`. */
  url: string;
  status: number;
  at: string;
}

export interface WebhookOptions {
  url: string;
  secret: string;
  /** Injected in tests to capture deliveries instead of POSTing. */
  send?: WebhookSender;
  /**
   * The body a Zendesk trigger would post for this event, or null when no trigger fires for it. Real webhook bodies
   * are whatever the admin writes in the trigger's JSON template; absent = the simulator's generic event JSON.
   */
  render?: (event: WebhookEvent, sim: ZendeskSimulator) => string | null;
}

export interface SimulatorOptions {
  now?: () => Date;
  /** Requests per rolling minute before 429 + Retry-After; `null`/absent = unlimited. */
  rateLimitPerMinute?: number | null;
  /**
   * Zendesk's per-endpoint limits (ZENDESK.md §4.9): Update Ticket 30 per 10 minutes per user and ticket, Update
   * User 5 per minute per user. Off unless asked for.
   */
  endpointLimits?: boolean;
  webhook?: WebhookOptions | null;
  /** Used in `url` fields only. */
  subdomain?: string;
  /** `false` starts with no forms, fields, schedules or policies (tests that build their own). */
  gitlabConfiguration?: boolean;
}

export interface CreateUserInput {
  name: string;
  email?: string | null;
  role?: ZdUser['role'];
  notes?: string;
  tags?: string[];
  time_zone?: string;
  iana_time_zone?: string;
  default_group_id?: number | null;
  id?: number;
}

export interface CreateOrganizationInput {
  name: string;
  domain_names?: string[];
  tags?: string[];
  organization_fields?: ZdOrganization['organization_fields'];
  notes?: string | null;
  external_id?: string | null;
  id?: number;
}

export interface CommentInput {
  body: string;
  html_body?: string;
  public?: boolean;
  author_id?: number;
}

export interface CustomFieldInput {
  id: number;
  value: ZdCustomFieldValue;
}

/** `POST /tickets` body (`ticket`), plus `created_at` for seeding the past (Zendesk keeps that to imports). */
export interface CreateTicketInput {
  subject: string;
  comment: CommentInput;
  requester_id: number;
  submitter_id?: number;
  organization_id?: number | null;
  ticket_form_id?: number | null;
  priority?: ZdPriority | null;
  status?: ZdStatus;
  type?: ZdTicket['type'];
  tags?: string[];
  custom_fields?: CustomFieldInput[];
  assignee_id?: number | null;
  group_id?: number | null;
  via_channel?: string;
  created_at?: string;
}

/** `PUT /tickets/{id}` body (`ticket`): the TicketUpdateInput fields the simulator understands. */
export interface UpdateTicketInput {
  subject?: string;
  priority?: ZdPriority | null;
  status?: ZdStatus;
  type?: ZdTicket['type'];
  organization_id?: number | null;
  ticket_form_id?: number | null;
  requester_id?: number;
  assignee_id?: number | null;
  group_id?: number | null;
  custom_fields?: CustomFieldInput[];
  tags?: string[];
  additional_tags?: string[];
  remove_tags?: string[];
  due_at?: string | null;
  comment?: CommentInput;
  safe_update?: boolean | string;
  updated_stamp?: string;
}

export interface WebhookRecord {
  delivery: WebhookDelivery;
  status: number | null;
  error: string | null;
}

const PRIORITIES: readonly ZdPriority[] = ['low', 'normal', 'high', 'urgent'];
const STATUSES: readonly ZdStatus[] = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

/** ISO-8601 at second precision, as Zendesk writes timestamps. */
export function zendeskTime(at: Date): string {
  return new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function via(channel: string, rel: string | null = null, from: Record<string, unknown> = {}): ZdVia {
  return { channel, source: { from, to: {}, rel } };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Per-update scratch: changes and events gathered while applying, committed at the end. */
interface UpdateContext {
  at: string;
  actorId: number;
  channel: string;
  events: ZdAuditEvent[];
  webhooks: WebhookEvent[];
}

export class ZendeskSimulator {
  readonly subdomain: string;
  readonly tickets = new Map<number, ZdTicket>();
  readonly users = new Map<number, ZdUser>();
  readonly organizations = new Map<number, ZdOrganization>();
  readonly memberships = new Map<number, ZdMembership>();
  readonly comments = new Map<number, ZdComment[]>();
  readonly audits = new Map<number, ZdAudit[]>();
  readonly ticketForms = new Map<number, ZdTicketForm>();
  readonly ticketFields = new Map<number, ZdTicketField>();
  readonly slaPolicies = new Map<number, ZdSlaPolicy>();
  readonly schedules = new Map<number, ZdSchedule>();
  /** Zendesk sets a ticket's schedule through triggers; tickets not listed use `defaultScheduleId`. */
  readonly ticketSchedules = new Map<number, number>();
  defaultScheduleId: number | null = null;
  /** Forms the entitlement auto-reply watches (DOMAIN.md §2 "Entitlement required"). */
  entitlementFormIds = new Set<number>();
  /** Customer Severity tag → Priority, applied by a trigger on creation only (DOMAIN.md §4). */
  severityToPriority: Record<string, Priority> = {};
  /** The user an HTTP request acts as when its Basic username matches no user (an API token's owner). */
  apiUserId: number = SYSTEM_USER_ID;
  rateLimitPerMinute: number | null;
  endpointLimits: boolean;
  webhook: WebhookOptions | null;

  readonly requestLog: RequestLogEntry[] = [];
  readonly webhookLog: WebhookRecord[] = [];
  private readonly pendingWebhooks = new Set<Promise<void>>();
  private readonly rateWindow: number[] = [];
  private readonly endpointWindows = new Map<string, number[]>();
  private readonly baseNow: () => Date;
  private clockOffsetMs = 0;
  private seq = { ticket: 100_000, user: 1_000_000, org: 2_000_000, comment: 3_000_000, audit: 4_000_000, membership: 5_000_000, event: 6_000_000 };

  constructor(options: SimulatorOptions = {}) {
    this.baseNow = options.now ?? (() => new Date());
    this.rateLimitPerMinute = options.rateLimitPerMinute ?? null;
    this.endpointLimits = options.endpointLimits ?? false;
    this.webhook = options.webhook ?? null;
    this.subdomain = options.subdomain ?? 'gitlab';
    if (options.gitlabConfiguration !== false) this.loadGitLabConfiguration();
  }

  // ---- clock ---------------------------------------------------------------------------------------------------

  now(): Date {
    return new Date(this.baseNow().getTime() + this.clockOffsetMs);
  }

  /** Time travel: later reads of `now()` are shifted so that now = `at`. */
  setClock(at: Date): void {
    this.clockOffsetMs += at.getTime() - this.now().getTime();
  }

  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  /** A write's timestamp: now at second precision, but always after `previous` so stale stamps stay detectable. */
  private writeStamp(previous?: string): string {
    let ms = Math.floor(this.now().getTime() / 1000) * 1000;
    if (previous !== undefined) ms = Math.max(ms, Date.parse(previous) + 1000);
    return zendeskTime(new Date(ms));
  }

  private url(path: string): string {
    return `https://${this.subdomain}.zendesk.com/api/v2/${path}.json`;
  }

  // ---- configuration -------------------------------------------------------------------------------------------

  /** GitLab's forms, fields, schedules and SLA policies (gitlab-config.ts), replacing any present. */
  loadGitLabConfiguration(): void {
    const at = zendeskTime(this.now());
    this.ticketForms.clear();
    this.ticketFields.clear();
    this.schedules.clear();
    this.slaPolicies.clear();
    for (const f of gitlabTicketForms(at)) this.ticketForms.set(f.id, f);
    for (const f of gitlabTicketFields(at)) this.ticketFields.set(f.id, f);
    for (const s of gitlabSchedules(at)) this.schedules.set(s.id, s);
    for (const p of gitlabSlaPolicies(at)) this.slaPolicies.set(p.id, p);
    this.defaultScheduleId = SCHEDULE_IDS['business_hours_24x5'] ?? null;
    this.entitlementFormIds = new Set(entitlementFormIds());
    this.severityToPriority = { ...GITLAB_POLICY.priority.severityToPriority };
  }

  /** Drop every record, log and clock offset; configuration is reloaded (GitLab's unless told otherwise). */
  reset(options: { gitlabConfiguration?: boolean } = {}): void {
    for (const map of [this.tickets, this.users, this.organizations, this.memberships, this.comments, this.audits, this.ticketSchedules]) {
      map.clear();
    }
    this.requestLog.length = 0;
    this.webhookLog.length = 0;
    this.rateWindow.length = 0;
    this.endpointWindows.clear();
    this.clockOffsetMs = 0;
    this.apiUserId = SYSTEM_USER_ID;
    if (options.gitlabConfiguration !== false) this.loadGitLabConfiguration();
    else {
      this.ticketForms.clear();
      this.ticketFields.clear();
      this.schedules.clear();
      this.slaPolicies.clear();
    }
  }

  // ---- users, organizations, memberships -----------------------------------------------------------------------

  createUser(input: CreateUserInput): ZdUser {
    const id = input.id ?? (this.seq.user += 1);
    const at = zendeskTime(this.now());
    const user: ZdUser = {
      id,
      url: this.url(`users/${id}`),
      name: input.name,
      email: input.email ?? null,
      role: input.role ?? 'end-user',
      organization_id: null,
      default_group_id: input.default_group_id ?? null,
      notes: input.notes ?? '',
      details: '',
      tags: input.tags ?? [],
      time_zone: input.time_zone ?? 'Pacific Time (US & Canada)',
      iana_time_zone: input.iana_time_zone ?? 'America/Los_Angeles',
      locale: 'en-US',
      active: true,
      verified: true,
      suspended: false,
      user_fields: {},
      created_at: at,
      updated_at: at,
    };
    this.users.set(id, user);
    return user;
  }

  getUser(id: number): ZdUser {
    const user = this.users.get(id);
    if (!user) throw new ZendeskApiError(404, { ...NOT_FOUND_BODY });
    return user;
  }

  /** `PUT /users/{id}`: the simulator accepts name, notes, details, tags; `organization_id` is refused (see ZENDESK.md §4.3). */
  updateUser(id: number, patch: { name?: string; notes?: string; details?: string; tags?: string[] }): ZdUser {
    const user = this.getUser(id);
    this.takeEndpointToken(`user:${id}`, 5, 60_000, 'Update User is limited to 5 requests per minute for each user');
    if (patch.name !== undefined) user.name = patch.name;
    if (patch.notes !== undefined) user.notes = patch.notes;
    if (patch.details !== undefined) user.details = patch.details;
    if (patch.tags !== undefined) user.tags = [...patch.tags];
    user.updated_at = this.writeStamp(user.updated_at);
    return user;
  }

  createOrganization(input: CreateOrganizationInput): ZdOrganization {
    const id = input.id ?? (this.seq.org += 1);
    const at = zendeskTime(this.now());
    const org: ZdOrganization = {
      id,
      url: this.url(`organizations/${id}`),
      name: input.name,
      external_id: input.external_id ?? null,
      domain_names: input.domain_names ?? [],
      details: null,
      notes: input.notes ?? null,
      group_id: null,
      shared_tickets: false,
      shared_comments: false,
      tags: input.tags ?? [],
      organization_fields: input.organization_fields ?? {},
      created_at: at,
      updated_at: at,
    };
    this.organizations.set(id, org);
    return org;
  }

  getOrganization(id: number): ZdOrganization {
    const org = this.organizations.get(id);
    if (!org) throw new ZendeskApiError(404, { ...NOT_FOUND_BODY });
    return org;
  }

  /** Memberships of a user and/or an organization, the user's default first (Zendesk's order), then by id. */
  listMemberships(filter: { userId?: number; organizationId?: number }): ZdMembership[] {
    return [...this.memberships.values()]
      .filter((m) => (filter.userId === undefined || m.user_id === filter.userId) && (filter.organizationId === undefined || m.organization_id === filter.organizationId))
      .sort((a, b) => (a.default === b.default ? a.id - b.id : a.default ? -1 : 1));
  }

  /** `POST /organization_memberships`: 422 when the user already belongs to the organization. */
  createMembership(input: { user_id: number; organization_id: number }): ZdMembership {
    const user = this.users.get(input.user_id);
    if (!user) throw recordInvalid('user_id', 'User cannot be blank');
    const org = this.organizations.get(input.organization_id);
    if (!org) throw recordInvalid('organization_id', 'Organization cannot be blank');
    if (this.listMemberships({ userId: user.id }).some((m) => m.organization_id === org.id)) {
      throw recordInvalid('user_id', 'User is already a member of this organization', 'DuplicateValue');
    }
    const at = this.writeStamp();
    const isFirst = this.listMemberships({ userId: user.id }).length === 0;
    const id = (this.seq.membership += 1);
    const membership: ZdMembership = {
      id,
      url: this.url(`organization_memberships/${id}`),
      user_id: user.id,
      organization_id: org.id,
      organization_name: org.name,
      default: isFirst ? true : null,
      view_tickets: true,
      created_at: at,
      updated_at: at,
    };
    this.memberships.set(id, membership);
    if (isFirst) user.organization_id = org.id;
    user.updated_at = this.writeStamp(user.updated_at);
    return membership;
  }

  /** `PUT /users/{user_id}/organization_memberships/{id}/make_default`. */
  makeDefaultMembership(userId: number, membershipId: number): ZdMembership[] {
    const target = this.memberships.get(membershipId);
    if (!target || target.user_id !== userId) throw new ZendeskApiError(404, { ...NOT_FOUND_BODY });
    for (const m of this.listMemberships({ userId })) m.default = m.id === membershipId ? true : null;
    this.getUser(userId).organization_id = target.organization_id;
    return this.listMemberships({ userId });
  }

  // ---- tickets -------------------------------------------------------------------------------------------------

  getTicket(id: number): ZdTicket {
    const ticket = this.tickets.get(id);
    if (!ticket) throw new ZendeskApiError(404, { ...NOT_FOUND_BODY });
    return ticket;
  }

  ticketComments(id: number): ZdComment[] {
    this.getTicket(id);
    return [...(this.comments.get(id) ?? [])];
  }

  ticketAudits(id: number): ZdAudit[] {
    this.getTicket(id);
    return [...(this.audits.get(id) ?? [])];
  }

  /** Schedule the ticket's business-hours targets run on (shared Schedule for the business-time engine). */
  ticketSchedule(id: number): Schedule | null {
    const scheduleId = this.ticketSchedules.get(id) ?? this.defaultScheduleId;
    const raw = scheduleId === null ? undefined : this.schedules.get(scheduleId);
    return raw ? fromZendeskSchedule(raw) : null;
  }

  /** The `slas` sideload for a ticket, computed at the simulator's now. */
  ticketSlas(id: number): { policy_metrics: ZdSlaMetricView[] } {
    const ticket = this.getTicket(id);
    const schedule = this.ticketSchedule(id);
    if (!schedule) return { policy_metrics: [] };
    return computeSlas({
      ticket,
      comments: this.comments.get(id) ?? [],
      usersById: this.users,
      policies: [...this.slaPolicies.values()],
      schedule,
      now: this.now(),
    });
  }

  private defaultOrganizationOf(userId: number): number | null {
    return this.listMemberships({ userId })[0]?.organization_id ?? null;
  }

  private assertOrganizationAllowed(requesterId: number, organizationId: number): void {
    if (!this.organizations.has(organizationId)) throw recordInvalid('organization_id', 'Organization is invalid');
    if (!this.listMemberships({ userId: requesterId }).some((m) => m.organization_id === organizationId)) {
      // Zendesk refuses an organization the requester does not belong to (ZENDESK.md §4.2; wording unverified).
      throw recordInvalid('organization_id', 'Organization is invalid: the requester is not a member of this organization');
    }
  }

  private assertForm(formId: number): void {
    const form = this.ticketForms.get(formId);
    if (!form || !form.active) throw recordInvalid('ticket_form_id', 'Ticket form is invalid');
  }

  private validateCustomFields(values: readonly CustomFieldInput[]): void {
    for (const v of values) {
      const field = this.ticketFields.get(v.id);
      if (!field) continue; // Zendesk ignores unknown field ids.
      if (field.type === 'tagger' && v.value !== null && v.value !== '') {
        if (!field.custom_field_options?.some((o) => o.value === v.value)) {
          throw recordInvalid(`custom_fields_${v.id}`, `${field.title}: "${String(v.value)}" is not a valid option`);
        }
      }
    }
  }

  /** Tagger values live in tags too: replacing a value swaps its option tag. */
  private setCustomField(ticket: ZdTicket, input: CustomFieldInput, ctx: UpdateContext | null): void {
    const existing = ticket.custom_fields.find((f) => f.id === input.id);
    const previous = existing?.value ?? null;
    const value = input.value === '' ? null : input.value;
    if (JSON.stringify(previous) === JSON.stringify(value)) return;
    if (existing) existing.value = value;
    else ticket.custom_fields.push({ id: input.id, value });
    const field = this.ticketFields.get(input.id);
    if (field?.type === 'tagger') {
      const optionTags = new Set(field.custom_field_options?.map((o) => o.value) ?? []);
      ticket.tags = ticket.tags.filter((t) => !optionTags.has(t));
      if (typeof value === 'string') ticket.tags.push(value);
    }
    ctx?.events.push(this.change(`${input.id}`, value, previous));
  }

  private change(field: string, value: unknown, previous: unknown, ruleVia?: ZdVia): ZdAuditEvent {
    return { id: (this.seq.event += 1), type: 'Change', field_name: field, value, previous_value: previous, ...(ruleVia ? { via: ruleVia } : {}) };
  }

  private addTags(ticket: ZdTicket, tags: readonly string[]): void {
    for (const tag of tags) if (!ticket.tags.includes(tag)) ticket.tags.push(tag);
  }

  createTicket(input: CreateTicketInput, actorId: number = input.submitter_id ?? input.requester_id): ZdTicket {
    const requester = this.users.get(input.requester_id);
    if (!requester) throw recordInvalid('requester_id', 'Requester cannot be blank');
    if (input.priority != null && !PRIORITIES.includes(input.priority)) throw recordInvalid('priority', 'Priority is invalid');
    if (input.status !== undefined && !STATUSES.includes(input.status)) throw recordInvalid('status', 'Status is invalid');
    const organizationId = input.organization_id === undefined ? this.defaultOrganizationOf(requester.id) : input.organization_id;
    if (organizationId !== null) this.assertOrganizationAllowed(requester.id, organizationId);
    const formId = input.ticket_form_id ?? [...this.ticketForms.values()].find((f) => f.default)?.id ?? null;
    if (formId !== null) this.assertForm(formId);
    this.validateCustomFields(input.custom_fields ?? []);

    const at = input.created_at ? zendeskTime(new Date(input.created_at)) : zendeskTime(this.now());
    const id = (this.seq.ticket += 1);
    const channel = input.via_channel ?? 'web';
    const ticket: ZdTicket = {
      id,
      url: this.url(`tickets/${id}`),
      external_id: null,
      created_at: at,
      updated_at: at,
      type: input.type ?? null,
      subject: input.subject,
      raw_subject: input.subject,
      description: input.comment.body,
      priority: input.priority ?? null,
      status: input.status ?? 'new',
      requester_id: requester.id,
      submitter_id: input.submitter_id ?? requester.id,
      assignee_id: input.assignee_id ?? null,
      organization_id: organizationId,
      group_id: input.group_id ?? null,
      brand_id: 360000000010,
      ticket_form_id: formId,
      tags: [],
      custom_fields: [],
      collaborator_ids: [],
      follower_ids: [],
      email_cc_ids: [],
      due_at: null,
      is_public: input.comment.public !== false,
      has_incidents: false,
      allow_channelback: false,
      allow_attachments: true,
      via: via(channel),
    };
    this.addTags(ticket, input.tags ?? []);
    // Zendesk copies the organization's tags onto new tickets.
    if (organizationId !== null) this.addTags(ticket, this.getOrganization(organizationId).tags);
    for (const f of input.custom_fields ?? []) this.setCustomField(ticket, f, null);
    this.tickets.set(id, ticket);
    this.comments.set(id, []);
    this.audits.set(id, []);

    const ctx: UpdateContext = { at, actorId, channel, events: [], webhooks: [] };
    for (const [field, value] of Object.entries({
      subject: ticket.subject,
      status: ticket.status,
      priority: ticket.priority,
      requester_id: ticket.requester_id,
      organization_id: ticket.organization_id,
      ticket_form_id: ticket.ticket_form_id,
      tags: [...ticket.tags],
    })) {
      ctx.events.push({ id: (this.seq.event += 1), type: 'Create', field_name: field, value });
    }
    this.pushComment(ticket, { ...input.comment, author_id: input.comment.author_id ?? actorId }, ctx, via(channel));
    this.runCreationTriggers(ticket, ctx);
    this.commitAudit(ticket, ctx);
    return ticket;
  }

  private pushComment(ticket: ZdTicket, input: CommentInput, ctx: UpdateContext, commentVia: ZdVia): ZdComment {
    const id = (this.seq.comment += 1);
    const comment: ZdComment = {
      id,
      type: 'Comment',
      author_id: input.author_id ?? ctx.actorId,
      body: input.body,
      html_body: input.html_body ?? `<div class="zd-comment"><p>${escapeHtml(input.body)}</p></div>`,
      plain_body: input.body,
      public: input.public !== false,
      attachments: [],
      audit_id: 0,
      via: commentVia,
      metadata: { system: {}, custom: {} },
      created_at: ctx.at,
    };
    this.comments.get(ticket.id)?.push(comment);
    ctx.events.push({
      id: comment.id,
      type: 'Comment',
      author_id: comment.author_id,
      body: comment.body,
      public: comment.public,
      ...(commentVia.channel === 'rule' ? { via: commentVia } : {}),
    });
    ctx.webhooks.push({
      id: randomUUID(),
      type: 'ticket.comment_added',
      time: ctx.at,
      detail: { ticket_id: ticket.id, comment_id: id, author_id: comment.author_id, public: comment.public, via_channel: commentVia.channel },
    });
    return comment;
  }

  /** Trigger: on creation, Priority follows Customer Severity (DOMAIN.md §4); later severity changes do nothing. */
  private runCreationTriggers(ticket: ZdTicket, ctx: UpdateContext): void {
    const severity = ticket.custom_fields.find((f) => f.id === CUSTOMER_SEVERITY_FIELD_ID)?.value;
    const mapped = typeof severity === 'string' ? this.severityToPriority[severity] : undefined;
    if (mapped && mapped !== ticket.priority) {
      const ruleVia = via('rule', 'trigger', { id: SEVERITY_TRIGGER.id, title: SEVERITY_TRIGGER.title });
      ctx.events.push(this.change('priority', mapped, ticket.priority, ruleVia));
      ticket.priority = mapped;
    }
  }

  /**
   * Trigger "Ask for support entitlement": the form changed to one that needs entitlement and the ticket has no
   * organization → a public reply asking for proof of entitlement. This is why the fix associates the organization
   * before it changes the form (DOMAIN.md §3).
   */
  private runUpdateTriggers(ticket: ZdTicket, formChanged: boolean, ctx: UpdateContext): void {
    const requester = this.users.get(ticket.requester_id);
    if (
      formChanged &&
      ticket.organization_id === null &&
      ticket.ticket_form_id !== null &&
      this.entitlementFormIds.has(ticket.ticket_form_id) &&
      requester?.role === 'end-user'
    ) {
      const ruleVia = via('rule', 'trigger', { id: ENTITLEMENT_TRIGGER.id, title: ENTITLEMENT_TRIGGER.title });
      this.pushComment(ticket, { body: ENTITLEMENT_AUTO_REPLY, public: true, author_id: SYSTEM_USER_ID }, ctx, ruleVia);
      if (!ticket.tags.includes(ENTITLEMENT_REQUESTED_TAG)) {
        const previous = [...ticket.tags];
        ticket.tags.push(ENTITLEMENT_REQUESTED_TAG);
        ctx.events.push(this.change('tags', [...ticket.tags], previous, ruleVia));
      }
    }
  }

  private commitAudit(ticket: ZdTicket, ctx: UpdateContext): ZdAudit {
    const audit: ZdAudit = {
      id: (this.seq.audit += 1),
      ticket_id: ticket.id,
      created_at: ctx.at,
      author_id: ctx.actorId,
      metadata: { system: {}, custom: {} },
      via: via(ctx.channel),
      events: ctx.events,
    };
    for (const c of this.comments.get(ticket.id) ?? []) if (c.audit_id === 0) c.audit_id = audit.id;
    this.audits.get(ticket.id)?.push(audit);
    this.emitWebhooks(ctx.webhooks);
    return audit;
  }

  /**
   * `PUT /tickets/{id}`. Order as Zendesk: collision guard, validation, changes, triggers, audit. Throws
   * ZendeskApiError 404/409/422; nothing is written when it throws.
   */
  updateTicket(id: number, input: UpdateTicketInput, actorId: number = this.apiUserId): { ticket: ZdTicket; audit: ZdAudit } {
    const ticket = this.getTicket(id);
    const safe = input.safe_update === true || input.safe_update === 'true';
    if (safe && input.updated_stamp !== undefined && Date.parse(input.updated_stamp) !== Date.parse(ticket.updated_at)) {
      throw new ZendeskApiError(409, { ...UPDATE_CONFLICT_BODY });
    }
    if (input.priority != null && !PRIORITIES.includes(input.priority)) throw recordInvalid('priority', 'Priority is invalid');
    if (input.status !== undefined && !STATUSES.includes(input.status)) throw recordInvalid('status', 'Status is invalid');
    const requesterId = input.requester_id ?? ticket.requester_id;
    if (input.requester_id !== undefined && !this.users.has(input.requester_id)) throw recordInvalid('requester_id', 'Requester is invalid');
    const nextOrg = input.organization_id === undefined ? ticket.organization_id : input.organization_id;
    if (nextOrg !== null && (nextOrg !== ticket.organization_id || input.requester_id !== undefined)) {
      this.assertOrganizationAllowed(requesterId, nextOrg);
    }
    if (input.ticket_form_id != null) this.assertForm(input.ticket_form_id);
    this.validateCustomFields(input.custom_fields ?? []);
    if (input.comment !== undefined && input.comment.body.trim() === '') throw recordInvalid('comment', 'Comment body cannot be blank');
    this.takeEndpointToken(`ticket:${id}:${actorId}`, 30, 600_000, 'Update Ticket is limited to 30 updates per 10 minutes for each user and ticket');

    const at = this.writeStamp(ticket.updated_at);
    const ctx: UpdateContext = { at, actorId, channel: 'api', events: [], webhooks: [] };
    const previous = { ...ticket, tags: [...ticket.tags] };
    const set = <K extends 'subject' | 'priority' | 'status' | 'type' | 'assignee_id' | 'group_id' | 'due_at' | 'requester_id'>(
      key: K,
      value: ZdTicket[K] | undefined,
    ) => {
      if (value === undefined || value === ticket[key]) return;
      ctx.events.push(this.change(key, value, ticket[key]));
      ticket[key] = value;
    };
    set('subject', input.subject);
    set('priority', input.priority);
    set('status', input.status);
    set('type', input.type);
    set('assignee_id', input.assignee_id);
    set('group_id', input.group_id);
    set('due_at', input.due_at);
    set('requester_id', input.requester_id);
    if (input.subject !== undefined) ticket.raw_subject = input.subject;
    if (nextOrg !== ticket.organization_id) {
      ctx.events.push(this.change('organization_id', nextOrg, ticket.organization_id));
      ticket.organization_id = nextOrg;
      // The simulator copies the new organization's tags too, so plan-tag SLA filters follow the association.
      if (nextOrg !== null) this.addTags(ticket, this.getOrganization(nextOrg).tags);
    }
    const formChanged = input.ticket_form_id !== undefined && input.ticket_form_id !== ticket.ticket_form_id;
    if (formChanged) {
      ctx.events.push(this.change('ticket_form_id', input.ticket_form_id ?? null, ticket.ticket_form_id));
      ticket.ticket_form_id = input.ticket_form_id ?? null;
    }
    for (const f of input.custom_fields ?? []) this.setCustomField(ticket, f, ctx);
    if (input.tags !== undefined) ticket.tags = [...new Set(input.tags)];
    if (input.additional_tags) this.addTags(ticket, input.additional_tags);
    if (input.remove_tags) ticket.tags = ticket.tags.filter((t) => !input.remove_tags?.includes(t));
    if (JSON.stringify(previous.tags) !== JSON.stringify(ticket.tags) && (input.tags || input.additional_tags || input.remove_tags)) {
      ctx.events.push(this.change('tags', [...ticket.tags], previous.tags));
    }
    if (input.comment !== undefined) {
      const authorId = input.comment.author_id ?? actorId;
      this.pushComment(ticket, { ...input.comment, author_id: authorId }, ctx, via('api'));
      const role = this.users.get(authorId)?.role;
      // An agent touching a New ticket opens it (Zendesk never returns a ticket to New).
      if (ticket.status === 'new' && input.status === undefined && (role === 'agent' || role === 'admin')) {
        ctx.events.push(this.change('status', 'open', 'new'));
        ticket.status = 'open';
      }
    }
    // Change events go out before the trigger's reply, in the order the changes happened.
    this.queueChangeWebhooks(previous, ticket, ctx);
    this.runUpdateTriggers(ticket, formChanged, ctx);
    ticket.updated_at = at;
    const audit = this.commitAudit(ticket, ctx);
    return { ticket, audit };
  }

  /** Adds a comment as an update (triggers, audit, webhook). `created_at` lets seeds place it in the past. */
  addComment(ticketId: number, comment: CommentInput & { created_at?: string }): ZdComment {
    const ticket = this.getTicket(ticketId);
    if (comment.created_at === undefined) {
      this.updateTicket(ticketId, { comment }, comment.author_id ?? this.apiUserId);
    } else {
      const at = zendeskTime(new Date(comment.created_at));
      const ctx: UpdateContext = { at, actorId: comment.author_id ?? this.apiUserId, channel: 'api', events: [], webhooks: [] };
      this.pushComment(ticket, comment, ctx, via('api'));
      const role = this.users.get(ctx.actorId)?.role;
      if (ticket.status === 'new' && (role === 'agent' || role === 'admin')) ticket.status = 'open';
      if (at > ticket.updated_at) ticket.updated_at = at;
      this.commitAudit(ticket, ctx);
    }
    const list = this.comments.get(ticketId) ?? [];
    const last = list[list.length - 1];
    if (!last) throw new Error('comment not stored');
    return last;
  }

  private queueChangeWebhooks(before: ZdTicket, after: ZdTicket, ctx: UpdateContext): void {
    const push = (type: 'ticket.priority_changed' | 'ticket.form_changed' | 'ticket.organization_changed' | 'ticket.status_changed', previous: unknown, current: unknown) => {
      ctx.webhooks.push({ id: randomUUID(), type, time: ctx.at, detail: { ticket_id: after.id, previous, current } } as WebhookEvent);
    };
    if (before.priority !== after.priority) push('ticket.priority_changed', before.priority, after.priority);
    if (before.ticket_form_id !== after.ticket_form_id) push('ticket.form_changed', before.ticket_form_id, after.ticket_form_id);
    if (before.organization_id !== after.organization_id) push('ticket.organization_changed', before.organization_id, after.organization_id);
    if (before.status !== after.status) push('ticket.status_changed', before.status, after.status);
  }

  // ---- webhooks ------------------------------------------------------------------------------------------------

  private emitWebhooks(events: readonly WebhookEvent[]): void {
    const hook = this.webhook;
    if (!hook) return;
    const send = hook.send ?? fetchWebhookSender;
    for (const event of events) {
      const body = hook.render ? hook.render(event, this) : JSON.stringify(event);
      if (body === null) continue;
      const timestamp = zendeskTime(this.now());
      const delivery: WebhookDelivery = {
        url: hook.url,
        body,
        event,
        headers: {
          'Content-Type': 'application/json',
          [SIGNATURE_HEADER]: signWebhook(hook.secret, timestamp, body),
          [TIMESTAMP_HEADER]: timestamp,
        },
      };
      const record: WebhookRecord = { delivery, status: null, error: null };
      this.webhookLog.push(record);
      const pending: Promise<void> = send(delivery).then(
        (r) => {
          record.status = r.status;
        },
        (e: unknown) => {
          record.error = e instanceof Error ? e.message : String(e);
        },
      );
      const tracked = pending.finally(() => this.pendingWebhooks.delete(tracked));
      this.pendingWebhooks.add(tracked);
    }
  }

  /** Resolves when every webhook sent so far has been delivered (or failed). */
  async flushWebhooks(): Promise<void> {
    while (this.pendingWebhooks.size > 0) await Promise.all([...this.pendingWebhooks]);
  }

  // ---- requests and rate limit ---------------------------------------------------------------------------------

  /**
   * Counts a request against the rolling minute. Returns the Retry-After seconds when over the limit (the request
   * is then not counted), or null.
   */
  takeRateToken(): number | null {
    if (this.rateLimitPerMinute === null) return null;
    const nowMs = this.now().getTime();
    while (this.rateWindow.length > 0 && (this.rateWindow[0] ?? 0) <= nowMs - 60_000) this.rateWindow.shift();
    if (this.rateWindow.length >= this.rateLimitPerMinute) {
      const oldest = this.rateWindow[0] ?? nowMs;
      return Math.max(1, Math.ceil((oldest + 60_000 - nowMs) / 1000));
    }
    this.rateWindow.push(nowMs);
    return null;
  }

  /** Per-endpoint limit (when `endpointLimits` is on): throws 429 with Retry-After once `limit` calls are in the window. */
  private takeEndpointToken(key: string, limit: number, windowMs: number, description: string): void {
    if (!this.endpointLimits) return;
    const nowMs = this.now().getTime();
    const window = (this.endpointWindows.get(key) ?? []).filter((t) => t > nowMs - windowMs);
    this.endpointWindows.set(key, window);
    if (window.length >= limit) {
      const retryAfter = Math.max(1, Math.ceil(((window[0] ?? nowMs) + windowMs - nowMs) / 1000));
      // Body wording is the simulator's; Zendesk documents the limits and Retry-After, not this text.
      throw new ZendeskApiError(429, { error: 'TooManyRequests', description }, { 'Retry-After': String(retryAfter) });
    }
    window.push(nowMs);
  }

  rateRemaining(): number | null {
    return this.rateLimitPerMinute === null ? null : Math.max(0, this.rateLimitPerMinute - this.rateWindow.length);
  }

  logRequest(entry: Omit<RequestLogEntry, 'at'>): void {
    this.requestLog.push({ ...entry, at: this.now().toISOString() });
  }

  /** Requests logged so far that changed state (POST/PUT/DELETE with a 2xx answer). */
  writeCount(): number {
    return this.requestLog.filter((r) => r.method !== 'GET' && r.status < 300).length;
  }
}

/** Factory form of `new ZendeskSimulator(options)`. */
export function createSimulator(options: SimulatorOptions = {}): ZendeskSimulator {
  return new ZendeskSimulator(options);
}
