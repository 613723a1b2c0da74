import { buildTicket } from '../testing/factories.js';
import { TicketSnapshotSchema } from './ticket.js';
import { snapshotInstantProblems } from './instant-window.js';

const NOW = new Date('2026-11-23T18:00:00Z');

describe('snapshotInstantProblems', () => {
  it('accepts a ticket whose instants are all within the window', () => {
    expect(snapshotInstantProblems(buildTicket(), NOW)).toEqual([]);
  });

  it('names every instant outside the window, with the limit it broke', () => {
    const ticket = TicketSnapshotSchema.parse({
      ...buildTicket(),
      createdAt: '2015-01-01T00:00:00Z',
      comments: [
        { public: true, authorRole: 'end-user', createdAt: '2026-11-23T17:00:00Z' },
        { public: true, authorRole: 'agent', createdAt: '2028-01-01T00:00:00Z' },
      ],
      slas: [{ metric: 'first_reply_time', stage: 'active', breachAt: null }],
    });
    expect(snapshotInstantProblems(ticket, NOW)).toEqual([
      { path: 'createdAt', message: '2015-01-01T00:00:00Z is more than 3653 days before now (2026-11-23T18:00:00.000Z)' },
      { path: 'comments[1].createdAt', message: '2028-01-01T00:00:00Z is more than 366 days after now (2026-11-23T18:00:00.000Z)' },
    ]);
  });

  it('keeps the window edges inside', () => {
    const ticket = { ...buildTicket(), createdAt: '2026-11-22T18:00:00Z', updatedAt: '2026-11-24T18:00:00Z' };
    expect(snapshotInstantProblems(ticket, NOW, { pastDays: 1, futureDays: 1 })).toEqual([]);
    expect(snapshotInstantProblems({ ...ticket, updatedAt: '2026-11-24T18:00:00.001Z' }, NOW, { pastDays: 1, futureDays: 1 })).toHaveLength(1);
  });
});
