/**
 * ZendeskGateway over node-zendesk 6 (transport.ts) with retries, rate-limit handling and a request budget
 * (call-policy.ts, budget.ts), TTL caches and zod-parsed responses. Reference for each call:
 * https://developer.zendesk.com/api-reference/ticketing/ (paths are listed per method below).
 */
import { LRUCache } from 'lru-cache';
import type { CommentEvent, OrganizationSnapshot, Schedule } from '@triage-assistant/shared';
import type { z } from 'zod';
import { UnprocessableError } from '../../errors.js';
import { budgetForPlan, systemClock, type Clock, type RequestBudget } from './budget.js';
import { CallPolicy, describeZendeskError, type ZendeskCallEvent } from './call-policy.js';
import { parseZendesk } from './errors.js';
import type {
  TicketHistory,
  TicketPatch,
  ZendeskGateway,
  ZendeskMembership,
  ZendeskSlaPolicy,
  ZendeskTicket,
  ZendeskTicketField,
  ZendeskTicketForm,
  ZendeskUser,
} from './gateway.js';
import { toSchedule } from './map-schedule.js';
import { latestAuditAt, toCommentEvents, toFieldChanges, toMembership, toOrganizationSnapshot, toZendeskTicket, toZendeskUser } from './map-ticket.js';
import {
  RawAuditsResponseSchema,
  RawCommentsResponseSchema,
  RawMembershipResponseSchema,
  RawMembershipsResponseSchema,
  RawOrganizationRelatedResponseSchema,
  RawOrganizationResponseSchema,
  RawOrganizationSchema,
  RawOrganizationsResponseSchema,
  RawScheduleResponseSchema,
  RawSchedulesResponseSchema,
  RawSearchResponseSchema,
  RawSlaPoliciesResponseSchema,
  RawTagsResponseSchema,
  RawTicketFieldsResponseSchema,
  RawTicketFormsResponseSchema,
  RawTicketResponseSchema,
  RawTicketsResponseSchema,
  RawUserResponseSchema,
  RawUserSchema,
  type RawComment,
  type RawUser,
} from './raw-schemas.js';
import { createNodeZendeskTransport, type ZendeskAuth, type ZendeskRequest, type ZendeskTransport } from './transport.js';

export interface NodeZendeskGatewayOptions {
  /** Base API URL, e.g. `https://acme.zendesk.com/api/v2` (a simulator or msw host in tests). */
  endpointUri: string;
  auth: ZendeskAuth;
  /** The account's per-minute limit: 200 / 400 / 700 / 2500 by plan (ZENDESK.md §4.9). */
  planRateLimitPerMinute: number;
  /** Share of the plan limit this service may use (default 0.8). */
  budgetShare?: number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Attempts for 5xx/timeout/network failures on idempotent requests (default 3). */
  maxAttempts?: number;
  /** Longest Retry-After waited for inside a request before giving up with 503 (default 10 s). */
  maxRetryAfterSeconds?: number;
  /** TTL for forms, fields, SLA policies and schedules (default 10 min). */
  configCacheTtlMs?: number;
  /** TTL for organizations and for cached membership lists (default 2 min: plan tags change with Salesforce syncs). */
  organizationCacheTtlMs?: number;
  /** Called after every HTTP attempt (metrics). */
  onCall?: (event: ZendeskCallEvent) => void;
  /** Injected in tests; real time otherwise. */
  clock?: Clock;
  /** Injected in tests instead of node-zendesk (rarely needed: msw intercepts node-zendesk). */
  transport?: ZendeskTransport;
  /** Warnings the caller cannot see otherwise (a paged list cut at {@link MAX_PAGES}); pino fits. Absent → silent. */
  logger?: GatewayLogger;
}

/** What the gateway logs through: endpoints, ids and counts only, never bodies, URLs with queries or credentials. */
export interface GatewayLogger {
  warn(obj: object, msg: string): void;
}

const SHOW_MANY_LIMIT = 100;
/** Guards against a runaway `next_page` loop; 20 pages × 100 covers every list we read. */
const MAX_PAGES = 20;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Zendesk's 422 for a duplicate membership reads "User has already been taken" / `DuplicateValue`. */
function isAlreadyMember(body: unknown): boolean {
  return /already|DuplicateValue|taken/i.test(JSON.stringify(body ?? ''));
}

type CacheValue = ZendeskTicketForm[] | ZendeskTicketField[] | ZendeskSlaPolicy[] | Schedule | Schedule[];

export class NodeZendeskGateway implements ZendeskGateway {
  private readonly policy: CallPolicy;
  readonly budget: RequestBudget;
  private readonly configCache: LRUCache<string, CacheValue>;
  /** Configuration reads under way: callers that miss the cache meanwhile share the read instead of repeating it. */
  private readonly configLoading = new Map<string, Promise<CacheValue>>();
  private readonly orgCache: LRUCache<number, OrganizationSnapshot>;
  private readonly membershipCache: LRUCache<number, ZendeskMembership[]>;
  private readonly logger: GatewayLogger | undefined;

  constructor(options: NodeZendeskGatewayOptions) {
    this.logger = options.logger;
    const clock = options.clock ?? systemClock;
    const perf = { now: () => clock.now() };
    this.budget = budgetForPlan(options.planRateLimitPerMinute, clock, options.budgetShare);
    const transport =
      options.transport ??
      createNodeZendeskTransport({ endpointUri: options.endpointUri, auth: options.auth, timeoutMs: options.timeoutMs ?? 10_000 });
    this.policy = new CallPolicy({
      transport,
      budget: this.budget,
      clock,
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
      ...(options.maxRetryAfterSeconds === undefined ? {} : { maxRetryAfterSeconds: options.maxRetryAfterSeconds }),
      ...(options.onCall ? { onCall: options.onCall } : {}),
    });
    this.configCache = new LRUCache({ max: 200, ttl: options.configCacheTtlMs ?? 600_000, ttlResolution: 0, perf });
    this.orgCache = new LRUCache({ max: 5000, ttl: options.organizationCacheTtlMs ?? 120_000, ttlResolution: 0, perf });
    this.membershipCache = new LRUCache({ max: 5000, ttl: options.organizationCacheTtlMs ?? 120_000, ttlResolution: 0, perf });
  }

  private async get<S extends z.ZodType>(request: Omit<ZendeskRequest, 'method'>, schema: S): Promise<z.output<S>> {
    const response = await this.policy.call({ ...request, method: 'GET' }, { idempotent: true });
    return parseZendesk(schema, response.body, `GET ${request.endpoint}`);
  }

  /**
   * Follows `next_page` (offset) or `links.next` with `meta.has_more` (cursor), up to {@link MAX_PAGES}. A list cut
   * there is returned as read, with a warning naming the endpoint: the caller works on a partial list, and an
   * operator should know. `list` names the page's item array, for the count in that warning.
   */
  private async getAll<S extends z.ZodType>(
    request: Omit<ZendeskRequest, 'method'>,
    schema: S,
    list: keyof z.output<S> & string,
  ): Promise<z.output<S>[]> {
    const endpoint = `GET ${request.endpoint}`;
    const pages: z.output<S>[] = [];
    let next: Omit<ZendeskRequest, 'method'> | null = request;
    while (next && pages.length < MAX_PAGES) {
      const response = await this.policy.call({ ...next, method: 'GET' }, { idempotent: true });
      pages.push(parseZendesk(schema, response.body, endpoint));
      const body = response.body as { next_page?: unknown; meta?: { has_more?: unknown }; links?: { next?: unknown } };
      const url =
        typeof body.next_page === 'string' ? body.next_page : body.meta?.has_more === true && typeof body.links?.next === 'string' ? body.links.next : null;
      next = url ? { ...request, url } : null;
    }
    if (next) {
      const items = pages.reduce((n, page) => n + ((page as Record<string, unknown[]>)[list]?.length ?? 0), 0);
      // The path carries ids only (no query, no next-page URL): nothing a log must not hold.
      this.logger?.warn(
        { endpoint, path: `/${request.path.join('/')}`, pages: pages.length, items },
        `Zendesk list ${endpoint} has more than ${MAX_PAGES} pages: read ${pages.length} pages (${items} items) and ignored the rest`,
      );
    }
    return pages;
  }

  private async cached<T extends CacheValue>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.configCache.get(key);
    if (hit !== undefined) return hit as T;
    let loading = this.configLoading.get(key) as Promise<T> | undefined;
    if (loading === undefined) {
      // A failed read is not kept: the next caller reads again.
      loading = load()
        .then((value) => {
          this.configCache.set(key, value);
          return value;
        })
        .finally(() => this.configLoading.delete(key));
      this.configLoading.set(key, loading);
    }
    return loading;
  }

  /** GET /tickets/{id}.json?include=slas; GET /tickets/show_many.json?ids={id}&include=slas when the sideload is missing. */
  async getTicket(id: number): Promise<ZendeskTicket> {
    const { ticket } = await this.get({ endpoint: '/tickets/:id', path: ['tickets', id], query: { include: 'slas' } }, RawTicketResponseSchema);
    if (ticket.slas !== undefined) return toZendeskTicket(ticket);
    // One public report has Show Ticket ignoring include=slas (ZENDESK.md §4.1); show_many honours it.
    const [viaShowMany] = await this.showManyTickets([id]);
    return viaShowMany?.slas ? { ...toZendeskTicket(ticket), slas: viaShowMany.slas } : toZendeskTicket(ticket);
  }

  /** GET /tickets/{id}/comments.json?include=users (paged). */
  async getTicketComments(id: number): Promise<CommentEvent[]> {
    const pages = await this.getAll(
      { endpoint: '/tickets/:id/comments', path: ['tickets', id, 'comments'], query: { include: 'users' } },
      RawCommentsResponseSchema,
      'comments',
    );
    const comments: RawComment[] = pages.flatMap((p) => p.comments);
    const users: RawUser[] = pages.flatMap((p) => p.users);
    return toCommentEvents(comments, users);
  }

  /** GET /tickets/{id}/audits.json (paged): the field changes a deadline depends on. */
  async getTicketHistory(id: number): Promise<TicketHistory> {
    const pages = await this.getAll({ endpoint: '/tickets/:id/audits', path: ['tickets', id, 'audits'] }, RawAuditsResponseSchema, 'audits');
    const audits = pages.flatMap((p) => p.audits);
    return { changes: toFieldChanges(audits), latestAuditAt: latestAuditAt(audits) };
  }

  /** GET /tickets/show_many.json?ids=…&include=slas, 100 ids per call. */
  async showManyTickets(ids: readonly number[]): Promise<ZendeskTicket[]> {
    const out: ZendeskTicket[] = [];
    for (const part of chunk([...new Set(ids)], SHOW_MANY_LIMIT)) {
      const { tickets } = await this.get(
        { endpoint: '/tickets/show_many', path: ['tickets', 'show_many'], query: { ids: part.join(','), include: 'slas' } },
        RawTicketsResponseSchema,
      );
      out.push(...tickets.map(toZendeskTicket));
    }
    return out;
  }

  /** GET /users/{id}.json */
  async getUser(id: number): Promise<ZendeskUser> {
    const { user } = await this.get({ endpoint: '/users/:id', path: ['users', id] }, RawUserResponseSchema);
    return toZendeskUser(user);
  }

  /** GET /users/{id}/organization_memberships.json (default first); from the cache only when `cached`. */
  async listUserMemberships(userId: number, options: { cached?: boolean } = {}): Promise<ZendeskMembership[]> {
    const hit = options.cached === true ? this.membershipCache.get(userId) : undefined;
    if (hit) return hit;
    const pages = await this.getAll(
      { endpoint: '/users/:id/organization_memberships', path: ['users', userId, 'organization_memberships'] },
      RawMembershipsResponseSchema,
      'organization_memberships',
    );
    const memberships = pages.flatMap((p) => p.organization_memberships.map(toMembership));
    this.membershipCache.set(userId, memberships);
    return memberships;
  }

  /** GET /organizations/{id}.json (cached). */
  async getOrganization(id: number): Promise<OrganizationSnapshot> {
    const hit = this.orgCache.get(id);
    if (hit) return hit;
    const { organization } = await this.get({ endpoint: '/organizations/:id', path: ['organizations', id] }, RawOrganizationResponseSchema);
    const snapshot = toOrganizationSnapshot(organization);
    this.orgCache.set(id, snapshot);
    return snapshot;
  }

  /** GET /organizations/show_many.json?ids=… for the ones not cached; result in the order asked, unknown ids skipped. */
  async getOrganizations(ids: readonly number[]): Promise<OrganizationSnapshot[]> {
    const missing = [...new Set(ids)].filter((id) => !this.orgCache.has(id));
    for (const part of chunk(missing, SHOW_MANY_LIMIT)) {
      const { organizations } = await this.get(
        { endpoint: '/organizations/show_many', path: ['organizations', 'show_many'], query: { ids: part.join(',') } },
        RawOrganizationsResponseSchema,
      );
      for (const org of organizations) this.orgCache.set(org.id, toOrganizationSnapshot(org));
    }
    return ids.map((id) => this.orgCache.get(id)).filter((o): o is OrganizationSnapshot => o !== undefined);
  }

  /**
   * GET /search.json?query=type:organization domain_names:{domain}. The Search API is offset-paged and fuzzy, and
   * the `domain_names:` keyword is unverified on a live account, so hits are filtered on `domain_names` here: a
   * loose search can only return fewer orgs, never a wrong one. First page (100 hits) only.
   */
  async searchOrganizationsByDomain(domain: string): Promise<OrganizationSnapshot[]> {
    const wanted = domain.trim().toLowerCase();
    const { results } = await this.get(
      { endpoint: '/search', path: ['search'], query: { query: `type:organization domain_names:${wanted}` } },
      RawSearchResponseSchema,
    );
    return results
      .filter((r) => r.result_type === 'organization')
      .map((r) => parseZendesk(RawOrganizationSchema, r, 'GET /search'))
      .filter((o) => o.domain_names.some((d) => d.toLowerCase() === wanted))
      .map(toOrganizationSnapshot);
  }

  /** GET /users/{id}/tickets/requested.json (paged). */
  async listRequesterTickets(userId: number): Promise<ZendeskTicket[]> {
    const pages = await this.getAll(
      { endpoint: '/users/:id/tickets/requested', path: ['users', userId, 'tickets', 'requested'] },
      RawTicketsResponseSchema,
      'tickets',
    );
    return pages.flatMap((p) => p.tickets.map(toZendeskTicket));
  }

  /**
   * GET /search.json?query=type:ticket group:{id} status<pending (offset pages of 100, at most `limit` hits), then
   * GET /tickets/show_many.json?ids=…&include=slas: search results carry no `slas` sideload.
   */
  async searchOpenGroupTickets(groupId: number, limit = 300): Promise<ZendeskTicket[]> {
    const ids: number[] = [];
    let next: Omit<ZendeskRequest, 'method'> | null = {
      endpoint: '/search',
      path: ['search'],
      query: { query: `type:ticket group:${groupId} status<pending`, per_page: '100' },
    };
    // Ends at the limit, at the last page, at a page that brings no new ticket (a search offering next pages of what
    // it already answered would otherwise loop for ever), or after MAX_PAGES.
    for (let page = 0; next && ids.length < limit && page < MAX_PAGES; page += 1) {
      const response = await this.policy.call({ ...next, method: 'GET' }, { idempotent: true });
      const body = parseZendesk(RawSearchResponseSchema, response.body, 'GET /search');
      const before = ids.length;
      for (const r of body.results) {
        const id = (r as { id?: unknown }).id;
        if (r.result_type === 'ticket' && typeof id === 'number' && !ids.includes(id)) ids.push(id);
      }
      next = ids.length > before && typeof body.next_page === 'string' ? { ...next, url: body.next_page } : null;
    }
    return ids.length === 0 ? [] : this.showManyTickets(ids.slice(0, limit));
  }

  /**
   * GET /search.json?query=type:user email:*@{domain}. As with organizations, the wildcard form is unverified, so
   * results are filtered on the exact `@domain` suffix. First page (100 hits) only.
   */
  async listUsersByEmailDomain(domain: string): Promise<ZendeskUser[]> {
    const wanted = domain.trim().toLowerCase();
    const { results } = await this.get(
      { endpoint: '/search', path: ['search'], query: { query: `type:user email:*@${wanted}` } },
      RawSearchResponseSchema,
    );
    return results
      .filter((r) => r.result_type === 'user')
      .map((r) => parseZendesk(RawUserSchema, r, 'GET /search'))
      .filter((u) => u.email?.toLowerCase().endsWith(`@${wanted}`) === true)
      .map(toZendeskUser);
  }

  /** GET /organizations/{id}/related.json → `users_count`. */
  async countOrganizationMembers(orgId: number): Promise<number> {
    const body = await this.get(
      { endpoint: '/organizations/:id/related', path: ['organizations', orgId, 'related'] },
      RawOrganizationRelatedResponseSchema,
    );
    return body.organization_related.users_count;
  }

  /** POST /organization_memberships.json; 422 "already a member" is success. Safe to replay for the same reason. */
  async createMembership(
    userId: number,
    orgId: number,
  ): Promise<{ alreadyMember: true } | { alreadyMember: false; membership: ZendeskMembership }> {
    const endpoint = 'POST /organization_memberships';
    // Before and after: a cached list read while the membership is being created must not outlive it.
    this.membershipCache.delete(userId);
    const response = await this.policy.call(
      {
        method: 'POST',
        endpoint: '/organization_memberships',
        path: ['organization_memberships'],
        body: { organization_membership: { user_id: userId, organization_id: orgId } },
      },
      { idempotent: true, acceptStatuses: [422] },
    );
    if (response.status === 422) {
      if (isAlreadyMember(response.body)) return { alreadyMember: true };
      throw new UnprocessableError(`Zendesk refused the membership: ${describeZendeskError(response.body)}`, 'zendesk_rejected');
    }
    const { organization_membership } = parseZendesk(RawMembershipResponseSchema, response.body, endpoint);
    this.membershipCache.delete(userId);
    return { alreadyMember: false, membership: toMembership(organization_membership) };
  }

  /**
   * PUT /tickets/{id}.json with `safe_update` + `updated_stamp`: 409 → ZendeskConflictError. Retrying is safe: a
   * replay of an applied update meets a newer `updated_at` and gets 409 instead of writing (or commenting) twice.
   * Limit: 30 updates / 10 min / user / ticket.
   */
  async updateTicket(id: number, patch: TicketPatch, updatedStamp: string): Promise<ZendeskTicket> {
    const ticket: Record<string, unknown> = {};
    if (patch.organizationId !== undefined) ticket['organization_id'] = patch.organizationId;
    if (patch.formId !== undefined) ticket['ticket_form_id'] = patch.formId;
    if (patch.priority !== undefined) ticket['priority'] = patch.priority;
    if (patch.customFields !== undefined) ticket['custom_fields'] = patch.customFields.map((f) => ({ id: f.id, value: f.value }));
    if (patch.comment !== undefined) ticket['comment'] = { body: patch.comment.body, public: false };
    ticket['safe_update'] = true;
    ticket['updated_stamp'] = updatedStamp;
    const response = await this.policy.call(
      { method: 'PUT', endpoint: '/tickets/:id', path: ['tickets', id], body: { ticket } },
      { idempotent: true },
    );
    return toZendeskTicket(parseZendesk(RawTicketResponseSchema, response.body, 'PUT /tickets/:id').ticket);
  }

  /**
   * GET then PUT /users/{id}.json with `notes` extended by one line. Update User is limited to 5/min/user and the
   * read-modify-write is not atomic: meant for rare audit notes, not bulk use.
   */
  async appendUserNotes(userId: number, text: string): Promise<void> {
    const user = await this.getUser(userId);
    const notes = user.notes.trim() === '' ? text : `${user.notes.replace(/\s+$/, '')}\n${text}`;
    const response = await this.policy.call(
      { method: 'PUT', endpoint: '/users/:id', path: ['users', userId], body: { user: { notes } } },
      { idempotent: true },
    );
    parseZendesk(RawUserResponseSchema, response.body, 'PUT /users/:id');
  }

  /**
   * PUT /tickets/{id}/tags.json (Add Tags, `PutTagsTicket`): `{tags}` is merged into the ticket's tags server-side,
   * so no read-modify-write and no `safe_update` (a concurrent edit cannot lose this tag, nor this call theirs).
   */
  async addTicketTags(id: number, tags: readonly string[]): Promise<string[]> {
    const response = await this.policy.call(
      { method: 'PUT', endpoint: '/tickets/:id/tags', path: ['tickets', id, 'tags'], body: { tags: [...tags] } },
      { idempotent: true },
    );
    return parseZendesk(RawTagsResponseSchema, response.body, 'PUT /tickets/:id/tags').tags;
  }

  /** GET /ticket_forms.json (cached; `fresh`: read again, and cached). */
  listTicketForms(options: { fresh?: boolean } = {}): Promise<ZendeskTicketForm[]> {
    if (options.fresh === true) this.configCache.delete('ticket_forms');
    return this.cached('ticket_forms', async () => {
      const pages = await this.getAll({ endpoint: '/ticket_forms', path: ['ticket_forms'] }, RawTicketFormsResponseSchema, 'ticket_forms');
      return pages.flatMap((p) =>
        p.ticket_forms.map((f) => ({ id: f.id, name: f.name, active: f.active, isDefault: f.default === true, fieldIds: f.ticket_field_ids })),
      );
    });
  }

  /** GET /ticket_fields.json (cached). */
  listTicketFields(): Promise<ZendeskTicketField[]> {
    return this.cached('ticket_fields', async () => {
      const pages = await this.getAll({ endpoint: '/ticket_fields', path: ['ticket_fields'] }, RawTicketFieldsResponseSchema, 'ticket_fields');
      return pages.flatMap((p) =>
        p.ticket_fields.map((f) => ({
          id: f.id,
          type: f.type,
          title: f.title,
          active: f.active !== false,
          options: (f.custom_field_options ?? []).map((o) => ({ name: o.name, value: o.value })),
        })),
      );
    });
  }

  /** GET /slas/policies.json (admins; cached). */
  listSlaPolicies(): Promise<ZendeskSlaPolicy[]> {
    return this.cached('sla_policies', async () => {
      const pages = await this.getAll({ endpoint: '/slas/policies', path: ['slas', 'policies'] }, RawSlaPoliciesResponseSchema, 'sla_policies');
      return pages.flatMap((p) =>
        p.sla_policies.map((s) => ({
          id: s.id,
          title: s.title,
          position: s.position ?? null,
          filter: { all: s.filter.all, any: s.filter.any },
          metrics: s.policy_metrics.map((m) => ({ priority: m.priority, metric: m.metric, targetMinutes: m.target, businessHours: m.business_hours })),
        })),
      );
    });
  }

  /** GET /business_hours/schedules/{id}.json (agents; cached). Not covered by node-zendesk's typed clients. */
  getSchedule(id: number): Promise<Schedule> {
    return this.cached(`schedule:${id}`, async () => {
      const { schedule } = await this.get(
        { endpoint: '/business_hours/schedules/:id', path: ['business_hours', 'schedules', id] },
        RawScheduleResponseSchema,
      );
      return toSchedule(schedule);
    });
  }

  /** GET /business_hours/schedules.json (admins; cached). */
  listSchedules(): Promise<Schedule[]> {
    return this.cached('schedules', async () => {
      const { schedules } = await this.get({ endpoint: '/business_hours/schedules', path: ['business_hours', 'schedules'] }, RawSchedulesResponseSchema);
      return schedules.map(toSchedule);
    });
  }
}
