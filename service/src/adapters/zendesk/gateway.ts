/**
 * The port the use cases talk to. It returns domain values and throws the service's domain errors
 * (NotFoundError, ZendeskConflictError, ZendeskRateLimitedError, ZendeskUnavailableError, ZendeskResponseError):
 * no HTTP status, header or Zendesk envelope leaks through it.
 */
import type {
  CommentEvent,
  FieldChange,
  FieldValue,
  OrganizationSnapshot,
  Priority,
  Schedule,
  TicketStatus,
  ZendeskSlaMetric,
} from '@triage-assistant/shared';

/** A ticket as read from Zendesk, fields named our way, custom fields still keyed by field id. */
export interface ZendeskTicket {
  id: number;
  createdAt: string;
  /** Zendesk's `updated_at`: pass it back as `updatedStamp` to `updateTicket` for the collision guard. */
  updatedAt: string;
  status: TicketStatus;
  priority: Priority | null;
  type: 'question' | 'incident' | 'problem' | 'task' | null;
  requesterId: number;
  submitterId: number | null;
  organizationId: number | null;
  formId: number | null;
  tags: string[];
  customFields: Record<number, FieldValue>;
  channel: string | null;
  /** From the `slas` sideload; `null` when Zendesk returned no sideload at all (no policy, or ignored include). */
  slas: ZendeskSlaMetric[] | null;
  /** Optional so hand-built test tickets need not say; the adapter always sets them (null when unset). */
  subject?: string | null;
  groupId?: number | null;
  assigneeId?: number | null;
}

export interface ZendeskUser {
  id: number;
  name: string;
  email: string | null;
  role: 'end-user' | 'agent' | 'admin';
  organizationId: number | null;
  notes: string;
}

export interface ZendeskMembership {
  id: number;
  userId: number;
  organizationId: number;
  isDefault: boolean;
}

export interface ZendeskTicketForm {
  id: number;
  name: string;
  active: boolean;
  isDefault: boolean;
  fieldIds: number[];
}

export interface ZendeskTicketField {
  id: number;
  type: string;
  title: string;
  active: boolean;
  /** Drop-down options: `value` is the tag Zendesk stores. */
  options: { name: string; value: string }[];
}

export interface ZendeskSlaPolicy {
  id: number;
  title: string;
  position: number | null;
  filter: { all: SlaCondition[]; any: SlaCondition[] };
  metrics: { priority: string; metric: string; targetMinutes: number; businessHours: boolean }[];
}
export interface SlaCondition {
  field: string;
  operator: string;
  value: unknown;
}

/** A ticket's field changes, and the newest audit they were read through (every update of a ticket adds one). */
export interface TicketHistory {
  changes: FieldChange[];
  /** The newest audit's `created_at`; null when there was none with a valid instant. */
  latestAuditAt: string | null;
}

/** What `updateTicket` may change. The comment is always an internal note (never customer-visible). */
export interface TicketPatch {
  organizationId?: number;
  formId?: number;
  priority?: Priority;
  customFields?: { id: number; value: FieldValue }[];
  comment?: { body: string; public: false };
}

export interface ZendeskGateway {
  /** Ticket with the `slas` sideload (falls back to show_many when Show Ticket ignores the include). */
  getTicket(id: number): Promise<ZendeskTicket>;
  /** Comment events, oldest first, with author roles resolved through the `users` sideload. */
  getTicketComments(id: number): Promise<CommentEvent[]>;
  /** Changes of priority, status, form and organization from the ticket's audits, oldest first. */
  getTicketHistory(id: number): Promise<TicketHistory>;
  /** Chunked by 100 ids per call; unknown ids are simply absent from the result. */
  showManyTickets(ids: readonly number[]): Promise<ZendeskTicket[]>;
  getUser(id: number): Promise<ZendeskUser>;
  /**
   * Default membership first (Zendesk's order). Fresh unless `cached`: then an answer up to the organization TTL old
   * may be reused (sidebar assessments; never fix runs, which must see Zendesk as it is). A membership this gateway
   * creates drops the user's cached answer.
   */
  listUserMemberships(userId: number, options?: { cached?: boolean }): Promise<ZendeskMembership[]>;
  /** Cached for `orgTtlMs`. */
  getOrganization(id: number): Promise<OrganizationSnapshot>;
  getOrganizations(ids: readonly number[]): Promise<OrganizationSnapshot[]>;
  /** Organizations whose `domain_names` contain the domain (search API, filtered exactly on our side). */
  searchOrganizationsByDomain(domain: string): Promise<OrganizationSnapshot[]>;
  listRequesterTickets(userId: number): Promise<ZendeskTicket[]>;
  /**
   * New and open tickets of a group (Search API `type:ticket group:{id} status<pending`, offset pages, at most
   * `limit`), re-read through show_many so they carry the `slas` sideload.
   */
  searchOpenGroupTickets(groupId: number, limit?: number): Promise<ZendeskTicket[]>;
  /** Users whose email ends in `@domain` (search API, filtered exactly on our side; first 100 hits). */
  listUsersByEmailDomain(domain: string): Promise<ZendeskUser[]>;
  /** Number of users in the organization (`organization_related.users_count`). */
  countOrganizationMembers(orgId: number): Promise<number>;
  /** Idempotent: Zendesk's 422 "already a member" comes back as `{alreadyMember: true}`. */
  createMembership(
    userId: number,
    orgId: number,
  ): Promise<{ alreadyMember: true } | { alreadyMember: false; membership: ZendeskMembership }>;
  /** `safe_update` with `updated_stamp`: throws ZendeskConflictError when the ticket changed since it was read. */
  updateTicket(id: number, patch: TicketPatch, updatedStamp: string): Promise<ZendeskTicket>;
  /**
   * Appends a line to the user's `notes` (read, then write). Zendesk limits Update User to 5 per minute per user,
   * so callers must not loop over this.
   */
  appendUserNotes(userId: number, text: string): Promise<void>;
  /**
   * Add tags to a ticket, keeping its others (Add Tags, `PUT /tickets/{id}/tags`); returns the ticket's tags after.
   * Adding a tag the ticket already has changes nothing, so a retry is harmless.
   */
  addTicketTags(id: number, tags: readonly string[]): Promise<string[]>;
  /** The account's ticket forms, cached; `fresh` reads them again (and keeps that answer). */
  listTicketForms(options?: { fresh?: boolean }): Promise<ZendeskTicketForm[]>;
  listTicketFields(): Promise<ZendeskTicketField[]>;
  listSlaPolicies(): Promise<ZendeskSlaPolicy[]>;
  /** A schedule with its zone mapped to IANA; holidays are not fetched (GitLab uses none, DOMAIN.md §6). */
  getSchedule(id: number): Promise<Schedule>;
  listSchedules(): Promise<Schedule[]>;
}
