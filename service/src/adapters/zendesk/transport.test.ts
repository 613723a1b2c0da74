/**
 * The node-zendesk transport against a real local HTTP server (no msw): what a simulator or a real Zendesk sees.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeZendeskTransport, parseRetryAfter, TransportError } from './transport.js';
import { loadFixture } from './testing/fixtures.js';

let server: Server;
let base: string;
let handle: (req: IncomingMessage, body: string, res: ServerResponse) => void;
const received: { method: string; url: string; auth: string | undefined; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
      handle(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
});

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

function transport(timeoutMs = 1000) {
  return createNodeZendeskTransport({ endpointUri: `${base}/`, auth: { oauthToken: 'oauth-abc' }, timeoutMs });
}

describe('createNodeZendeskTransport', () => {
  it('sends node-zendesk’s .json URL with the query and a Bearer token, and returns the whole envelope', async () => {
    handle = (_req, _body, res) => json(res, 200, loadFixture('ticket-comments'));
    const response = await transport().send({ method: 'GET', endpoint: '/tickets/:id/comments', path: ['tickets', 512734, 'comments'], query: { include: 'users' } });
    expect(received[0]).toMatchObject({ method: 'GET', url: '/api/v2/tickets/512734/comments.json?include=users', auth: 'Bearer oauth-abc' });
    // Not unwrapped by node-zendesk: the users sideload is still there.
    expect(Object.keys(response.body as object)).toEqual(expect.arrayContaining(['comments', 'users']));
  });

  it('sends JSON bodies', async () => {
    handle = (_req, _body, res) => json(res, 201, loadFixture('membership-created'));
    const response = await transport().send({
      method: 'POST',
      endpoint: '/organization_memberships',
      path: ['organization_memberships'],
      body: { organization_membership: { user_id: 1, organization_id: 2 } },
    });
    expect(response.status).toBe(201);
    expect(received[0]!.body).toBe('{"organization_membership":{"user_id":1,"organization_id":2}}');
  });

  it('turns node-zendesk’s resolved Error result for a 429 with Retry-After into a failure with the seconds', async () => {
    handle = (_req, _body, res) => json(res, 429, { error: 'TooManyRequests' }, { 'Retry-After': '7' });
    const error = await transport().send({ method: 'GET', endpoint: '/users/:id', path: ['users', 1] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).failure).toEqual({ kind: 'http', status: 429, body: { error: 'TooManyRequests' }, retryAfterSeconds: 7 });
  });

  it('reports a 503 with Retry-After as 503, not as node-zendesk’s hard-coded 429', async () => {
    handle = (_req, _body, res) => json(res, 503, { error: 'Unavailable' }, { 'Retry-After': '4' });
    const error = (await transport().send({ method: 'GET', endpoint: '/users/:id', path: ['users', 1] }).catch((e: unknown) => e)) as TransportError;
    expect(error.failure).toMatchObject({ kind: 'http', status: 503, retryAfterSeconds: 4 });
  });

  it('reports statuses node-zendesk passes through as success (502 HTML) as failures', async () => {
    handle = (_req, _body, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad gateway</html>');
    };
    const error = (await transport().send({ method: 'GET', endpoint: '/users/:id', path: ['users', 1] }).catch((e: unknown) => e)) as TransportError;
    expect(error.failure).toMatchObject({ kind: 'http', status: 502 });
  });

  it.each([
    ['a proxy page', 'text/html', '<html>Sign in to continue</html>'],
    ['a truncated JSON body', 'application/json', '{"user": {"id": 1,'],
  ])('reports a 200 carrying %s as an invalid answer, not as an unreachable Zendesk', async (_name, type, text) => {
    handle = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': type });
      res.end(text);
    };
    const error = (await transport().send({ method: 'GET', endpoint: '/users/:id', path: ['users', 1] }).catch((e: unknown) => e)) as TransportError;
    expect(error.failure).toEqual({ kind: 'invalid_body', status: 200 });
    expect(error.message).toBe('Zendesk answered HTTP 200 with a body that is not JSON');
  });

  it('keeps the status and body of thrown errors (throwOriginalException)', async () => {
    handle = (_req, _body, res) => json(res, 409, { error: 'UpdateConflict' });
    const error = (await transport().send({ method: 'PUT', endpoint: '/tickets/:id', path: ['tickets', 1], body: { ticket: {} } }).catch((e: unknown) => e)) as TransportError;
    expect(error.failure).toEqual({ kind: 'http', status: 409, body: { error: 'UpdateConflict' }, retryAfterSeconds: null });
  });

  it('times out', async () => {
    handle = (_req, _body, res) => setTimeout(() => json(res, 200, {}), 300);
    const error = (await transport(50).send({ method: 'GET', endpoint: '/users/:id', path: ['users', 1] }).catch((e: unknown) => e)) as TransportError;
    expect(error.failure).toEqual({ kind: 'timeout' });
  });

  it('reports a refused connection as a network failure', async () => {
    const t = createNodeZendeskTransport({ endpointUri: 'http://127.0.0.1:1/api/v2', auth: { username: 'a@b.test', apiToken: 't' }, timeoutMs: 1000 });
    const error = (await t.send({ method: 'GET', endpoint: '/users/:id', path: ['users', 1] }).catch((e: unknown) => e)) as TransportError;
    expect(error.failure.kind).toBe('network');
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['30', 30],
    ['1.2', 2],
    ['', null],
    [null, null],
    ['soon', null],
    ['Tue, 24 Nov 2026 18:00:45 GMT', 45],
  ])('%p → %p', (value, expected) => {
    expect(parseRetryAfter(value, Date.parse('2026-11-24T18:00:00Z'))).toBe(expected);
  });
});
