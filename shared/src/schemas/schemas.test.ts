import { ValidationError, parseOrThrow } from '../validation.js';
import { TicketSnapshotSchema } from './ticket.js';
import { CommitmentSchema } from './commitment.js';
import { InstantSchema } from './common.js';
import realistic from '../testing/fixtures/ticket-snapshot.json' with { type: 'json' };

/** The `path: problem` lines parseOrThrow reports for `input`. */
function problemsOf(input: unknown): string[] {
  try {
    parseOrThrow(TicketSnapshotSchema, input, 'ticket snapshot');
  } catch (error) {
    if (error instanceof ValidationError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error('expected the snapshot to be rejected');
}

const minimal = {
  id: 1,
  createdAt: '2026-11-23T17:00:00Z',
  status: 'new',
  priority: null,
  formId: null,
  organization: null,
  requester: { id: 2, email: 'kim@example.org' },
};

describe('TicketSnapshotSchema', () => {
  it('parses a realistic snapshot unchanged', () => {
    const t = TicketSnapshotSchema.parse(realistic);
    expect(t).toEqual(realistic);
    expect(t.comments.map((c) => [c.authorRole, c.public])).toEqual([
      ['end-user', true],
      ['agent', false],
      ['agent', true],
    ]);
  });

  it('fills the defaults of a minimal snapshot (new-ticket sidebar)', () => {
    expect(TicketSnapshotSchema.parse(minimal)).toEqual({
      ...minimal,
      requester: { id: 2, email: 'kim@example.org', role: 'end-user', organizationIds: [] },
      type: null,
      customerSeverity: null,
      problemType: null,
      region: null,
      tags: [],
      via: { channel: 'web' },
      comments: [],
      changes: [],
      slas: [],
    });
    expect(TicketSnapshotSchema.parse({ ...minimal, organization: { id: 3, name: 'Initech' } }).organization).toEqual({
      id: 3,
      name: 'Initech',
      tags: [],
      fields: {},
    });
  });

  it('accepts instants with an offset, not without one', () => {
    expect(TicketSnapshotSchema.parse({ ...minimal, createdAt: '2026-11-23T09:00:00-08:00' }).createdAt).toBe(
      '2026-11-23T09:00:00-08:00',
    );
    expect(problemsOf({ ...minimal, createdAt: '2026-11-23T09:00:00' })).toEqual(['createdAt: Invalid ISO datetime']);
  });

  it('names the bad comment timestamp and the bad priority', () => {
    const bad = {
      ...realistic,
      priority: 'critical',
      comments: [realistic.comments[0], { ...realistic.comments[1], createdAt: '23/11/2026 10:10' }],
    };
    expect(problemsOf(bad)).toEqual([
      'priority: Invalid option: expected one of "low"|"normal"|"high"|"urgent"',
      'comments[1].createdAt: Invalid ISO datetime',
    ]);
  });

  it('names missing and mistyped fields, nested ones included', () => {
    const { requester: _requester, ...noRequester } = minimal;
    expect(problemsOf({ ...noRequester, status: 'waiting', organization: { id: '9001', name: 'Acme' } })).toEqual([
      'status: Invalid option: expected one of "new"|"open"|"pending"|"hold"|"solved"|"closed"',
      'organization.id: expected number, received string',
      'requester: expected object, received undefined',
    ]);
    expect(problemsOf({ ...minimal, comments: [{ public: 'yes', authorRole: 'customer', createdAt: minimal.createdAt }] })).toEqual([
      'comments[0].public: expected boolean, received string',
      'comments[0].authorRole: Invalid option: expected one of "agent"|"end-user"|"bot"|"system"',
    ]);
  });

  it('the thrown message lists every problem with its path', () => {
    expect(() => parseOrThrow(TicketSnapshotSchema, { ...minimal, priority: 'p1' }, 'ticket snapshot')).toThrow(
      'Invalid ticket snapshot: priority: Invalid option: expected one of "low"|"normal"|"high"|"urgent"',
    );
  });
});

describe('CommitmentSchema', () => {
  it('fills note and cancelledAt and rejects an over-long note', () => {
    const c = { id: 'c1', ticketId: 1, agentId: 2, dueAt: '2026-11-23T22:00:00Z', createdAt: '2026-11-23T18:00:00Z' };
    expect(CommitmentSchema.parse(c)).toEqual({ ...c, note: '', cancelledAt: null });
    expect(CommitmentSchema.safeParse({ ...c, note: 'x'.repeat(2001) }).success).toBe(false);
  });
});

describe('InstantSchema', () => {
  it.each(['0001-01-01T00:00:00Z', '2026-11-23T17:00:00-08:00', '9999-12-31T23:59:59Z', '9999-12-31T10:00:00-13:59'])('takes %s', (iso) => {
    expect(InstantSchema.safeParse(iso).success).toBe(true);
  });

  // Outside these years in UTC, PostgreSQL refuses the value (it has no year 0) or cannot read JavaScript's
  // `+010000-…`: the routes that store an instant answered 500.
  it.each(['0000-01-01T00:00:00Z', '0001-01-01T00:59:59+01:00', '9999-12-31T23:59:59-14:00', '9999-12-31T20:00:00-04:00'])(
    'refuses %s, naming the years it takes',
    (iso) => {
      const result = InstantSchema.safeParse(iso);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('expected an instant between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in UTC');
    },
  );
});
