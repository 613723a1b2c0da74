import { TEST_DRIVERS, openTestStorage, type TestStorage } from '../testing/storage.js';

const T0 = new Date('2026-11-24T18:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(TEST_DRIVERS)('storage on %s', (driver) => {
  let db: TestStorage;
  beforeAll(async () => {
    db = await openTestStorage(driver);
  }, 60_000);
  afterAll(async () => {
    await db?.cleanup();
  });

  describe('commitments', () => {
    it('keeps one open commitment per ticket: replace cancels the previous one', async () => {
      const { commitments } = db.storage;
      const first = await commitments.replace({ id: 'c1', ticketId: 101, agentId: 7, dueAt: at(60), note: 'call back', createdAt: T0 });
      expect(first.replaced).toBeNull();
      expect(first.commitment).toEqual({
        id: 'c1', ticketId: 101, agentId: 7, dueAt: at(60), note: 'call back', createdAt: T0, cancelledAt: null, metAt: null,
      });
      const second = await commitments.replace({ id: 'c2', ticketId: 101, agentId: 8, dueAt: at(120), note: '', createdAt: at(5) });
      expect(second.replaced).toMatchObject({ id: 'c1', cancelledAt: at(5) });
      expect((await commitments.findOpenByTicket(101))?.id).toBe('c2');
    });

    it('leaves exactly one open commitment when two puts race (unique partial index)', async () => {
      const put = (id: string) =>
        db.storage.transaction((tx) => tx.commitments.replace({ id, ticketId: 102, agentId: 7, dueAt: at(60), note: '', createdAt: T0 }));
      const results = await Promise.allSettled([put('u1'), put('u2')]);
      // PGlite serializes the two transactions (both succeed, the second replaces the first); PostgreSQL may run them
      // together, and then the index rejects the second insert (unique_violation) instead of keeping two open.
      for (const r of results) if (r.status === 'rejected') expect(String(r.reason?.cause?.code ?? r.reason?.code)).toBe('23505');
      const open = (await db.storage.commitments.listForAgent(7, at(1000))).filter((c) => c.ticketId === 102);
      expect(open).toHaveLength(1);
    });

    it('marks met only a commitment set before the reply, and lists the agent’s recent ones', async () => {
      const { commitments } = db.storage;
      await commitments.replace({ id: 'm1', ticketId: 104, agentId: 9, dueAt: at(60), note: '', createdAt: at(10) });
      expect(await commitments.markMet(104, at(5))).toBeNull();
      expect(await commitments.markMet(104, at(30))).toMatchObject({ id: 'm1', metAt: at(30) });
      expect(await commitments.findOpenByTicket(104)).toBeNull();
      await commitments.replace({ id: 'm2', ticketId: 105, agentId: 9, dueAt: at(30), note: '', createdAt: T0 });
      expect((await commitments.listForAgent(9, at(20))).map((c) => c.id)).toEqual(['m2', 'm1']);
      expect((await commitments.listForAgent(9, at(31))).map((c) => c.id)).toEqual(['m2']);
      expect(await commitments.cancelOpen(105, at(40))).toMatchObject({ id: 'm2', cancelledAt: at(40) });
      expect(await commitments.cancelOpen(105, at(41))).toBeNull();
    });

    it("lists an agent's commitment replaced by their own newer one no more; one another agent replaced or cancelled stays", async () => {
      const { commitments } = db.storage;
      await commitments.replace({ id: 's1', ticketId: 301, agentId: 11, dueAt: at(60), note: '', createdAt: T0 });
      // The same agent moves the due time twice (the second in the same millisecond as the first, as concurrent PUTs).
      await commitments.replace({ id: 's2', ticketId: 301, agentId: 11, dueAt: at(90), note: '', createdAt: at(1) });
      await commitments.replace({ id: 's3', ticketId: 301, agentId: 11, dueAt: at(95), note: '', createdAt: at(1) });
      expect((await commitments.listForAgent(11, T0)).map((c) => c.id)).toEqual(['s3']);
      // Another agent takes it over: the first agent's list still says it was cancelled.
      await commitments.replace({ id: 's4', ticketId: 301, agentId: 12, dueAt: at(120), note: '', createdAt: at(2) });
      expect((await commitments.listForAgent(11, T0)).map((c) => [c.id, c.cancelledAt])).toEqual([['s3', at(2)]]);
      // Cancelled, then a new one set later: the cancellation was not a replacement, both are listed.
      await commitments.replace({ id: 's5', ticketId: 302, agentId: 11, dueAt: at(60), note: '', createdAt: T0 });
      await commitments.cancelOpen(302, at(3));
      await commitments.replace({ id: 's6', ticketId: 302, agentId: 11, dueAt: at(80), note: '', createdAt: at(4) });
      expect((await commitments.listForAgent(11, T0)).map((c) => c.id).sort()).toEqual(['s3', 's5', 's6']);
    });

    it('finds the open commitments of many tickets in one call, by ticket id', async () => {
      const { commitments } = db.storage;
      await commitments.replace({ id: 'b1', ticketId: 201, agentId: 7, dueAt: at(60), note: '', createdAt: T0 });
      await commitments.replace({ id: 'b2', ticketId: 201, agentId: 7, dueAt: at(90), note: '', createdAt: at(1) });
      await commitments.replace({ id: 'b3', ticketId: 202, agentId: 8, dueAt: at(30), note: 'x', createdAt: T0 });
      await commitments.replace({ id: 'b4', ticketId: 203, agentId: 7, dueAt: at(30), note: '', createdAt: T0 });
      await commitments.cancelOpen(203, at(2));
      const found = await commitments.findOpenByTickets([201, 202, 203, 299]);
      expect([...found.keys()].sort()).toEqual([201, 202]);
      expect(found.get(201)?.id).toBe('b2');
      expect(found.get(202)).toEqual({
        id: 'b3', ticketId: 202, agentId: 8, dueAt: at(30), note: 'x', createdAt: T0, cancelledAt: null, metAt: null,
      });
      expect((await commitments.findOpenByTickets([])).size).toBe(0);
    });
  });

  describe('reminders', () => {
    const reminder = (id: string, ticketId: number, dueAt: Date) => ({
      id, source: 'commitment', sourceId: `c-${ticketId}`, ticketId, agentId: 7, kind: 'commitment_due', dueAt,
      message: `Ticket #${ticketId}`, createdAt: T0,
    });

    it('claims due reminders once, delivers once, and returns them to the inbox once', async () => {
      const { reminders } = db.storage;
      await reminders.schedule([reminder('r1', 201, at(10)), reminder('r2', 202, at(20)), reminder('r3', 203, at(90))]);
      const claimed = await reminders.claimDue(at(30), 10, 'w1');
      expect(claimed.map((r) => r.id)).toEqual(['r1', 'r2']);
      expect(claimed[0]).toMatchObject({ claimedBy: 'w1', claimedUntil: at(31), deliveredAt: null });
      // Claimed and leased: another worker gets nothing until the lease runs out.
      expect(await reminders.claimDue(at(30), 10, 'w2')).toEqual([]);
      expect(await reminders.markDelivered('r1', 'w2', at(30))).toBe(false);
      expect(await reminders.markDelivered('r1', 'w1', at(30))).toBe(true);
      expect(await reminders.markDelivered('r1', 'w1', at(30))).toBe(false);
      // r2's lease expired without delivery: w2 takes it over.
      expect((await reminders.claimDue(at(32), 10, 'w2')).map((r) => r.id)).toEqual(['r2']);
      expect((await reminders.takeInbox(7, at(33))).map((r) => r.id)).toEqual(['r1']);
      expect(await reminders.takeInbox(7, at(34))).toEqual([]);
      expect(await reminders.get('r1')).toMatchObject({ deliveredAt: at(30), readAt: at(33) });
    });

    it('scheduling the same reminder again never re-sends a delivered one, and revives a cancelled one', async () => {
      const { reminders } = db.storage;
      await reminders.schedule([reminder('s1', 301, at(10)), reminder('s2', 302, at(10))]);
      const [claimed] = await reminders.claimDue(at(10), 1, 'w1');
      expect(claimed?.id).toBe('s1');
      await reminders.markDelivered('s1', 'w1', at(10));
      expect(await reminders.cancelBySource('commitment', 'c-302', at(11))).toBe(1);
      await reminders.schedule([{ ...reminder('s1-again', 301, at(10)), message: 'changed' }, reminder('s2-again', 302, at(10))]);
      expect(await reminders.get('s1-again')).toBeNull();
      expect(await reminders.get('s1')).toMatchObject({ message: 'Ticket #301', deliveredAt: at(10) });
      expect(await reminders.get('s2')).toMatchObject({ cancelledAt: null });
      expect((await reminders.claimDue(at(12), 10, 'w1')).map((r) => r.id)).toEqual(['s2']);
    });
  });

  describe('fix runs', () => {
    it('returns the same run for the same idempotency key, with its step journal', async () => {
      const { fixRuns } = db.storage;
      const input = {
        id: 'run1', idempotencyKey: 'key-1', ticketId: 401, agentId: 7, request: { actions: ['x'] }, at: T0,
        steps: [{ kind: 'associate_organization', description: 'Associate Acme' }, { kind: 'set_form', description: 'Set form' }],
      };
      const created = await fixRuns.create(input);
      expect(created.created).toBe(true);
      expect(created.run.steps.map((s) => [s.index, s.state])).toEqual([[0, 'pending'], [1, 'pending']]);
      await fixRuns.updateStep('run1', 0, { state: 'done', detail: 'member', zendeskResponse: { id: 5 }, startedAt: T0, finishedAt: at(1) }, at(1));
      const again = await fixRuns.create({ ...input, id: 'run1-retry' });
      expect(again.created).toBe(false);
      expect(again.run).toMatchObject({
        id: 'run1', state: 'running', updatedAt: at(1).toISOString(),
        steps: [{ index: 0, state: 'done', detail: 'member', startedAt: T0.toISOString(), finishedAt: at(1).toISOString() }, { index: 1, state: 'pending' }],
      });
      expect(await fixRuns.stepResponse('run1', 0)).toEqual({ id: 5 });
      await fixRuns.finish('run1', 'failed', 'Zendesk said no', at(2));
      expect(await fixRuns.getByIdempotencyKey('key-1')).toMatchObject({ state: 'failed', error: 'Zendesk said no' });
      expect(await fixRuns.get('nope')).toBeNull();
    });
  });

  describe('webhook events and FRT outcomes', () => {
    it('records an event id once', async () => {
      const { webhookEvents } = db.storage;
      expect(await webhookEvents.recordOnce('evt-1', 'comment_added', T0)).toBe(true);
      expect(await webhookEvents.recordOnce('evt-1', 'comment_added', at(1))).toBe(false);
      expect(await webhookEvents.isRecorded('evt-1')).toBe(true);
    });

    it('records an event id with its transaction: rolled back it stays free; recorded twice at once, one wins', async () => {
      const { storage } = db;
      await expect(
        storage.transaction(async (tx) => {
          expect(await tx.webhookEvents.recordOnce('evt-2', 'frt_fulfilled', T0)).toBe(true);
          expect(await tx.frtOutcomes.record({ ticketId: 777, priority: null, groupId: null, met: true, businessMinutes: 1, recordedAt: T0 })).toBe(true);
          throw new Error('handler failed');
        }),
      ).rejects.toThrow('handler failed');
      expect(await storage.webhookEvents.isRecorded('evt-2')).toBe(false);
      expect(await storage.frtOutcomes.list({ from: T0, to: at(1) })).toEqual([]);

      // Two transactions recording the same id at once: the second waits for the first and then sees it recorded.
      const outcomes = await Promise.all(
        [1, 2].map(() =>
          storage.transaction(async (tx) => {
            const first = await tx.webhookEvents.recordOnce('evt-2', 'frt_fulfilled', T0);
            await new Promise((resolve) => setTimeout(resolve, 50));
            return first;
          }),
        ),
      );
      expect(outcomes.sort()).toEqual([false, true]);
      expect(await storage.webhookEvents.isRecorded('evt-2')).toBe(true);
    });

    it('keeps the first FRT outcome per ticket and filters by time and group', async () => {
      const { frtOutcomes } = db.storage;
      const o = { ticketId: 501, priority: 'high', groupId: 11, met: true, businessMinutes: 42, recordedAt: T0 };
      expect(await frtOutcomes.record(o)).toBe(true);
      expect(await frtOutcomes.record({ ...o, met: false })).toBe(false);
      await frtOutcomes.record({ ...o, ticketId: 502, groupId: 12, met: false, recordedAt: at(60) });
      expect(await frtOutcomes.list({ from: T0, to: at(61) })).toHaveLength(2);
      expect(await frtOutcomes.list({ from: T0, to: at(61), groupId: 11 })).toEqual([o]);
      expect(await frtOutcomes.list({ from: at(1), to: at(60) })).toEqual([]);
    });
  });

  it('answers ping until closed', async () => {
    const other = await openTestStorage(driver);
    await expect(other.storage.ping()).resolves.toBeUndefined();
    await other.storage.close();
    await expect(other.storage.ping()).rejects.toThrow();
    await other.cleanup();
  }, 60_000);
});
