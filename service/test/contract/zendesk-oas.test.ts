/**
 * Contract: the requests the Zendesk gateway sends, and the fixtures it parses, against Zendesk's OpenAPI
 * (Support API 2.0.0, /work/shared/zendesk-oas.yaml, ZENDESK.md §8). The spec lacks schedules, webhooks and the
 * `slas` sideload: those are checked against hand-written schemas from ZENDESK.md §4.1 and §4.7 below.
 * Request bodies are checked strictly (every property we send must be declared by the spec), responses loosely
 * (Zendesk's objects declare no `additionalProperties: false`).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { NodeZendeskGateway } from '../../src/adapters/zendesk/node-zendesk-gateway.js';
import {
  RawAuditsResponseSchema,
  RawCommentsResponseSchema,
  RawMembershipResponseSchema,
  RawMembershipsResponseSchema,
  RawOrganizationRelatedResponseSchema,
  RawOrganizationResponseSchema,
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
} from '../../src/adapters/zendesk/raw-schemas.js';
import { FakeClock } from '../../src/adapters/zendesk/testing/fake-clock.js';
import { loadFixture } from '../../src/adapters/zendesk/testing/fixtures.js';
import { readZendeskOas } from './zendesk-oas-file.js';
import type { ZendeskRequest, ZendeskTransport } from '../../src/adapters/zendesk/transport.js';


type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  requestBody?: { content: { 'application/json': { schema: Json } } };
  responses: Record<string, { content?: { 'application/json'?: { schema?: Json } } }>;
}
const oas = parse(readZendeskOas()) as { openapi: string; paths: Record<string, Record<string, Operation>>; components: Json };

type Mode = 'request' | 'response';

/**
 * OpenAPI 3.0 → JSON Schema for ajv: `nullable` becomes a null branch and `$ref`s point into the spec registered
 * for the mode. Requests: objects with declared properties reject undeclared ones (a misspelt field fails).
 * Responses: every property may be null, because real Zendesk answers carry nulls the spec does not mark nullable
 * (`assignee_id`, `external_id`, `agent_description`, custom field values, …).
 */
function convert(schema: unknown, mode: Mode): unknown {
  if (Array.isArray(schema)) return schema.map((s) => convert(s, mode));
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, example: _e, examples: _x, $ref, ...rest } = schema as Json & { nullable?: boolean; $ref?: string };
  const out: Json = {};
  for (const [k, v] of Object.entries(rest)) {
    if (k === 'properties') {
      out[k] = Object.fromEntries(
        Object.entries(v as Json).map(([p, s]) => {
          const converted = convert(s, mode);
          return [p, mode === 'response' ? { anyOf: [converted, { type: 'null' }] } : converted];
        }),
      );
    } else {
      out[k] = convert(v, mode);
    }
  }
  if ($ref) out['$ref'] = `${mode}${$ref}`;
  if (mode === 'request' && out['properties'] && out['additionalProperties'] === undefined) out['additionalProperties'] = false;
  if (nullable) {
    if (typeof out['type'] === 'string') return { ...out, type: [out['type'], 'null'] };
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const schemas = oas.components['schemas'] as Record<string, Json & { properties?: Record<string, Json> }>;
const prop = (schema: string, property: string): Json => {
  const found = schemas[schema]?.properties?.[property];
  if (!found) throw new Error(`${schema}.${property} is not in the spec`);
  return found;
};
/** A component's declared properties without its `required` list (update bodies send only what changes). */
const propertiesOf = (schema: string): Json => ({ type: 'object', properties: schemas[schema]!.properties });

/**
 * Known defects of the spec copy, patched here with the reason, so the rest is checked as written:
 * - TicketUpdateInput.custom_fields items reference CustomFieldObject (a ticket-field *definition* requiring
 *   `key`, `type`, `title`); the API takes `{id, value}` as TicketObject.custom_fields declares.
 * - TicketUpdateInput omits `ticket_form_id`, which Update Ticket accepts (TicketObject declares it; ZENDESK.md §4.2).
 * - OrganizationObject.organization_fields allows string|number values; checkbox fields come back as booleans.
 */
function patchedComponents(): Json {
  const copy = structuredClone(oas.components) as { schemas: Record<string, Json & { properties: Record<string, Json> }> };
  const update = copy.schemas['TicketUpdateInput']!;
  update.properties['custom_fields'] = prop('TicketObject', 'custom_fields');
  update.properties['ticket_form_id'] = prop('TicketObject', 'ticket_form_id');
  const orgFields = copy.schemas['OrganizationObject']!.properties['organization_fields'] as Json;
  orgFields['additionalProperties'] = { type: ['string', 'number', 'boolean', 'null'] };
  return copy;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const components = patchedComponents();
ajv.addSchema({ components: convert(components, 'request') as Json }, 'request');
ajv.addSchema({ components: convert(components, 'response') as Json }, 'response');
const compile = (schema: Json, mode: Mode): ValidateFunction => ajv.compile(convert(schema, mode) as Json);

function errorsOf(validate: ValidateFunction): string {
  return ajv.errorsText(validate.errors, { separator: '\n' });
}

/** `/api/v2/tickets/{ticket_id}` for the segments `tickets, 512734`. */
function specPathFor(segments: readonly (string | number)[]): string | undefined {
  const actual = `/api/v2/${segments.join('/')}`;
  return Object.keys(oas.paths).find((template) => {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return pattern.test(actual) && !(template.includes('{') && Object.keys(oas.paths).some((t) => t === actual));
  });
}

function operation(method: string, segments: readonly (string | number)[]): Operation | undefined {
  const specPath = specPathFor(segments);
  return specPath ? oas.paths[specPath]?.[method.toLowerCase()] : undefined;
}

/** Replays the gateway against fixtures and records every request it makes. */
function recordingGateway(fixtures: Record<string, { fixture: string; status?: number }>) {
  const sent: ZendeskRequest[] = [];
  const transport: ZendeskTransport = {
    async send(request) {
      sent.push(request);
      const key = `${request.method} ${request.endpoint}`;
      const answer = fixtures[key];
      if (!answer) throw new Error(`no fixture for ${key}`);
      return { status: answer.status ?? 200, body: loadFixture(answer.fixture) };
    },
  };
  const gateway = new NodeZendeskGateway({
    endpointUri: 'https://acme.zendesk.test/api/v2',
    auth: { username: 'bot@acme.test', apiToken: 'unused' },
    planRateLimitPerMinute: 700,
    clock: new FakeClock(),
    transport,
  });
  return { gateway, sent };
}

const FIXTURES = {
  'GET /tickets/:id': { fixture: 'ticket-with-slas' },
  'GET /tickets/:id/comments': { fixture: 'ticket-comments' },
  'GET /tickets/:id/audits': { fixture: 'ticket-audits' },
  'GET /tickets/show_many': { fixture: 'show-many-tickets' },
  'GET /users/:id': { fixture: 'user-requester' },
  'PUT /users/:id': { fixture: 'user-requester' },
  'GET /users/:id/organization_memberships': { fixture: 'user-memberships' },
  'GET /users/:id/tickets/requested': { fixture: 'requester-tickets' },
  'GET /organizations/:id': { fixture: 'organization' },
  'GET /organizations/show_many': { fixture: 'organizations-show-many' },
  'GET /organizations/:id/related': { fixture: 'organization-related' },
  'POST /organization_memberships': { fixture: 'membership-created', status: 201 },
  'PUT /tickets/:id': { fixture: 'ticket-without-slas' },
  'PUT /tickets/:id/tags': { fixture: 'ticket-tags' },
  'GET /search': { fixture: 'search-organizations' },
  'GET /ticket_forms': { fixture: 'ticket-forms' },
  'GET /ticket_fields': { fixture: 'ticket-fields' },
  'GET /slas/policies': { fixture: 'sla-policies' },
  'GET /business_hours/schedules/:id': { fixture: 'schedule' },
  'GET /business_hours/schedules': { fixture: 'schedules' },
};

/**
 * Paths the adapter uses that this spec copy does not list (all documented on developer.zendesk.com), each with
 * the spec operation whose response schema the fixture is checked against instead, or a hand schema.
 */
const NOT_IN_SPEC: Record<string, string> = {
  'GET /users/:id/organization_memberships': 'ListOrganizationMemberships',
  'GET /users/:id/tickets/requested': 'ListTickets',
  'GET /business_hours/schedules/:id': 'hand: schedule',
  'GET /business_hours/schedules': 'hand: schedules',
};

async function exerciseEveryMethod() {
  const { gateway, sent } = recordingGateway(FIXTURES);
  await gateway.getTicket(512734);
  await gateway.getTicketComments(512734);
  await gateway.getTicketHistory(512734);
  await gateway.showManyTickets([512734, 512735]);
  await gateway.getUser(389614725013);
  await gateway.listUserMemberships(389614725013);
  await gateway.getOrganization(360045218731);
  await gateway.getOrganizations([360051109922]);
  await gateway.searchOrganizationsByDomain('acme-robotics.example');
  await gateway.listRequesterTickets(389614725013);
  await gateway.countOrganizationMembers(360045218731);
  await gateway.createMembership(389614725099, 360045218731);
  await gateway.updateTicket(
    512734,
    {
      organizationId: 360045218731,
      formId: 426148,
      priority: 'high',
      customFields: [{ id: 360017156474, value: 'sm_upgrades' }],
      comment: { body: 'Triage assistant: associated organization.', public: false },
    },
    '2026-11-24T17:41:03Z',
  );
  await gateway.appendUserNotes(389614725013, 'Associated with Acme Robotics.');
  await gateway.addTicketTags(512734, ['sla_warning']);
  await gateway.listTicketForms();
  await gateway.listTicketFields();
  await gateway.listSlaPolicies();
  await gateway.getSchedule(360000092331);
  await gateway.listSchedules();
  return sent;
}

describe('Zendesk OpenAPI contract', () => {
  let sent: ZendeskRequest[];
  beforeAll(async () => {
    sent = await exerciseEveryMethod();
  });

  it('loads the spec copy', () => {
    expect(oas.openapi).toBe('3.0.3');
    expect(Object.keys(oas.paths)).toHaveLength(316);
  });

  it('calls only paths and methods the spec defines (apart from the listed gaps)', () => {
    const used = [...new Set(sent.map((r) => `${r.method} ${r.endpoint}`))];
    expect(used.length).toBeGreaterThanOrEqual(17);
    const missing = sent
      .filter((r) => !operation(r.method, r.path))
      .map((r) => `${r.method} ${r.endpoint}`);
    expect([...new Set(missing)].sort()).toEqual(Object.keys(NOT_IN_SPEC).sort());
  });

  it.each([
    ['GET', ['tickets', 1], 'ShowTicket'],
    ['PUT', ['tickets', 1], 'UpdateTicket'],
    ['GET', ['tickets', 'show_many'], 'TicketsShowMany'],
    ['GET', ['tickets', 1, 'comments'], 'ListTicketComments'],
    ['GET', ['tickets', 1, 'audits'], 'ListAuditsForTicket'],
    ['GET', ['users', 1], 'ShowUser'],
    ['PUT', ['users', 1], 'UpdateUser'],
    ['PUT', ['tickets', 1, 'tags'], 'PutTagsTicket'],
    ['GET', ['organizations', 1], 'ShowOrganization'],
    ['GET', ['organizations', 'show_many'], 'ShowManyOrganizations'],
    ['GET', ['organizations', 1, 'related'], 'OrganizationRelated'],
    ['POST', ['organization_memberships'], 'CreateOrganizationMembership'],
    ['GET', ['search'], 'ListSearchResults'],
    ['GET', ['ticket_forms'], 'ListTicketForms'],
    ['GET', ['ticket_fields'], 'ListTicketFields'],
    ['GET', ['slas', 'policies'], 'ListSLAPolicies'],
  ] as const)('%s /%s is operation %s', (method, segments, operationId) => {
    expect(operation(method, segments)?.operationId).toBe(operationId);
  });

  it('sends an UpdateTicket body the spec accepts, with only declared properties', () => {
    const put = sent.find((r) => r.method === 'PUT' && r.endpoint === '/tickets/:id')!;
    const schema = operation('PUT', put.path)!.requestBody!.content['application/json'].schema;
    const validate = compile(schema, 'request');
    expect(validate(put.body) || errorsOf(validate)).toBe(true);
    // The check has teeth: a misspelt property is refused.
    expect(validate({ ticket: { ticket_form: 426148 } })).toBe(false);
    expect(validate({ ticket: { safe_update: 'yes' } })).toBe(false);
  });

  it('sends an UpdateUser body with only properties a user has (the spec’s UserInput only covers create/merge)', () => {
    const put = sent.find((r) => r.method === 'PUT' && r.endpoint === '/users/:id')!;
    expect(operation('PUT', put.path)!.requestBody).toBeDefined();
    const validate = compile({ type: 'object', required: ['user'], properties: { user: propertiesOf('UserForAdmin') } }, 'request');
    expect(validate(put.body) || errorsOf(validate)).toBe(true);
  });

  it('sends a membership body matching OrganizationMembershipObject (the spec declares no request body)', () => {
    const post = sent.find((r) => r.method === 'POST')!;
    expect(operation('POST', post.path)!.requestBody).toBeUndefined();
    const validate = compile(
      {
        type: 'object',
        required: ['organization_membership'],
        properties: {
          organization_membership: { ...propertiesOf('OrganizationMembershipObject'), required: ['user_id', 'organization_id'] },
        },
      },
      'request',
    );
    expect(validate(post.body) || errorsOf(validate)).toBe(true);
  });

  it('sends an Add Tags body of tag names only (the spec declares no request body; its description shows `{tags}`)', () => {
    const put = sent.find((r) => r.method === 'PUT' && r.endpoint === '/tickets/:id/tags')!;
    expect(operation('PUT', put.path)!.requestBody).toBeUndefined();
    expect(put.path).toEqual(['tickets', 512734, 'tags']);
    const validate = compile(
      { type: 'object', required: ['tags'], properties: { tags: { type: 'array', items: { type: 'string' } } } },
      'request',
    );
    expect(validate(put.body) || errorsOf(validate)).toBe(true);
    expect(put.body).toEqual({ tags: ['sla_warning'] });
  });

  const RESPONSES: [string, string, (string | number)[], string][] = [
    ['ticket-with-slas', 'GET', ['tickets', 1], '200'],
    ['ticket-without-slas', 'PUT', ['tickets', 1], '200'],
    ['show-many-tickets', 'GET', ['tickets', 'show_many'], '200'],
    ['requester-tickets', 'GET', ['tickets'], '200'],
    ['ticket-comments', 'GET', ['tickets', 1, 'comments'], '200'],
    ['ticket-audits', 'GET', ['tickets', 1, 'audits'], '200'],
    ['user-requester', 'GET', ['users', 1], '200'],
    ['user-agent', 'GET', ['users', 1], '200'],
    ['user-memberships', 'GET', ['organization_memberships'], '200'],
    ['membership-created', 'POST', ['organization_memberships'], '201'],
    ['organization', 'GET', ['organizations', 1], '200'],
    ['organizations-show-many', 'GET', ['organizations', 'show_many'], '200'],
    ['organization-related', 'GET', ['organizations', 1, 'related'], '200'],
    ['search-organizations', 'GET', ['search'], '200'],
    ['search-users', 'GET', ['search'], '200'],
    ['ticket-forms', 'GET', ['ticket_forms'], '200'],
    ['ticket-fields', 'GET', ['ticket_fields'], '200'],
    ['sla-policies', 'GET', ['slas', 'policies'], '200'],
    ['ticket-tags', 'PUT', ['tickets', 1, 'tags'], '200'],
  ];
  it.each(RESPONSES)('fixture %s matches the %s response schema', (fixture, method, segments, code) => {
    const schema = operation(method, segments)!.responses[code]!.content!['application/json']!.schema!;
    const validate = compile(schema, 'response');
    expect(validate(loadFixture(fixture)) || errorsOf(validate)).toBe(true);
  });

  it('response checks still catch wrong types', () => {
    const validate = compile(operation('GET', ['tickets', 1])!.responses['200']!.content!['application/json']!.schema!, 'response');
    const { ticket } = loadFixture('ticket-with-slas') as { ticket: Json };
    expect(validate({ ticket: { ...ticket, id: '512734' } })).toBe(false);
    expect(validate({ ticket: { ...ticket, tags: 'premium' } })).toBe(false);
  });

  // Hand-written from ZENDESK.md §4.7 (schedules) and §4.1 (slas sideload): not in the spec copy.
  const minute = { type: 'integer', minimum: 0, maximum: 10080 };
  const scheduleSchema = {
    type: 'object',
    required: ['id', 'name', 'time_zone', 'intervals'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string' },
      time_zone: { type: 'string' },
      intervals: { type: 'array', items: { type: 'object', required: ['start_time', 'end_time'], properties: { start_time: minute, end_time: minute } } },
    },
  };
  it('schedule fixtures match the documented schedule shape', () => {
    const one = ajv.compile({ type: 'object', required: ['schedule'], properties: { schedule: scheduleSchema } });
    const many = ajv.compile({ type: 'object', required: ['schedules'], properties: { schedules: { type: 'array', items: scheduleSchema } } });
    expect(one(loadFixture('schedule')) || ajv.errorsText(one.errors)).toBe(true);
    expect(many(loadFixture('schedules')) || ajv.errorsText(many.errors)).toBe(true);
  });

  it('slas sideloads match the documented policy_metrics shape', () => {
    const metric = {
      type: 'object',
      required: ['breach_at', 'stage', 'metric'],
      properties: {
        breach_at: { type: ['string', 'null'] },
        stage: { enum: ['active', 'achieved', 'paused'] },
        metric: { type: 'string' },
        hours: { type: 'number' },
        days: { type: 'number' },
        minutes: { type: 'number' },
      },
    };
    const validate = ajv.compile({ type: 'object', required: ['policy_metrics'], properties: { policy_metrics: { type: 'array', items: metric } } });
    const tickets = [
      (loadFixture('ticket-with-slas') as { ticket: Json }).ticket,
      ...(loadFixture('show-many-tickets') as { tickets: Json[] }).tickets,
    ];
    for (const t of tickets) expect(validate(t['slas']) || ajv.errorsText(validate.errors)).toBe(true);
  });

  it.each([
    ['ticket-with-slas', RawTicketResponseSchema],
    ['ticket-without-slas', RawTicketResponseSchema],
    ['show-many-tickets', RawTicketsResponseSchema],
    ['requester-tickets', RawTicketsResponseSchema],
    ['ticket-comments', RawCommentsResponseSchema],
    ['ticket-audits', RawAuditsResponseSchema],
    ['user-requester', RawUserResponseSchema],
    ['user-agent', RawUserResponseSchema],
    ['user-memberships', RawMembershipsResponseSchema],
    ['membership-created', RawMembershipResponseSchema],
    ['organization', RawOrganizationResponseSchema],
    ['organizations-show-many', RawOrganizationsResponseSchema],
    ['organization-related', RawOrganizationRelatedResponseSchema],
    ['search-organizations', RawSearchResponseSchema],
    ['search-users', RawSearchResponseSchema],
    ['ticket-forms', RawTicketFormsResponseSchema],
    ['ticket-fields', RawTicketFieldsResponseSchema],
    ['sla-policies', RawSlaPoliciesResponseSchema],
    ['ticket-tags', RawTagsResponseSchema],
    ['schedule', RawScheduleResponseSchema],
    ['schedules', RawSchedulesResponseSchema],
  ] as const)('our raw schema parses fixture %s', (fixture, schema) => {
    const result = schema.safeParse(loadFixture(fixture));
    expect(result.success ? true : result.error.issues).toBe(true);
  });
});
