import { ZendeskResponseError } from '../../adapters/zendesk/errors.js';
import { NotFoundError, ZendeskRateLimitedError, ZendeskUnavailableError } from '../../errors.js';
import { transientRetryAfter } from './zendesk.js';

describe('transientRetryAfter: which failed webhook events Zendesk is asked to retry', () => {
  it('asks for a retry in 10 s when Zendesk or the database may be back then', () => {
    expect(transientRetryAfter(new ZendeskUnavailableError('Zendesk did not answer', 'GET /tickets/1', 502))).toBe(10);
    expect(transientRetryAfter(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(10);
    expect(transientRetryAfter(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(10);
    expect(transientRetryAfter(Object.assign(new Error('query failed'), { cause: { code: '40P01' } }))).toBe(10);
  });

  it("passes Zendesk's rate-limit wait on, capped under the minute beyond which Zendesk does not retry", () => {
    expect(transientRetryAfter(new ZendeskRateLimitedError(12, 'GET /tickets/1'))).toBe(12);
    expect(transientRetryAfter(new ZendeskRateLimitedError(120, 'GET /tickets/1'))).toBe(50);
  });

  it('asks for no retry when it would fail the same way: our bug, an unreadable Zendesk answer, a constraint, a 4xx', () => {
    expect(transientRetryAfter(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeNull();
    expect(transientRetryAfter(new ZendeskResponseError('GET /tickets/1', [{ path: 'ticket.id', message: 'expected a number' }]))).toBeNull();
    expect(transientRetryAfter(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBeNull();
    expect(transientRetryAfter(new NotFoundError('Ticket #1 not found', 'ticket_not_found'))).toBeNull();
    expect(transientRetryAfter(undefined)).toBeNull();
  });
});
