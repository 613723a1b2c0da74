import { agentTimeZone, formatClock, formatDateTime, instantToZonedLocal, zonedLocalToInstant } from './format';

describe('agentTimeZone', () => {
  it('accepts ZAF’s object shape and a plain string, else UTC', () => {
    expect(agentTimeZone({ ianaName: 'Europe/Berlin', name: 'Berlin' })).toBe('Europe/Berlin');
    expect(agentTimeZone('America/New_York')).toBe('America/New_York');
    expect(agentTimeZone({ name: 'Pacific Time (US & Canada)' })).toBe('UTC');
    expect(agentTimeZone('Not/AZone')).toBe('UTC');
  });
});

describe('zoned local time', () => {
  it('reads a wall-clock time in the agent zone, across DST', () => {
    expect(zonedLocalToInstant('2026-11-30T10:15', 'America/Los_Angeles')?.toISOString()).toBe('2026-11-30T18:15:00.000Z');
    expect(zonedLocalToInstant('2026-07-01T10:15', 'America/Los_Angeles')?.toISOString()).toBe('2026-07-01T17:15:00.000Z');
    expect(zonedLocalToInstant('2026-03-29T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedLocalToInstant('garbage', 'UTC')).toBeNull();
  });

  it('moves a time in a spring-forward gap forward by the gap in zones west of UTC too, not back an hour', () => {
    // 02:30 does not exist on 8 March in Los Angeles / New York: 03:30 PDT / EDT, as in Berlin above (03:30 CEST).
    expect(zonedLocalToInstant('2026-03-08T02:30', 'America/Los_Angeles')?.toISOString()).toBe('2026-03-08T10:30:00.000Z');
    expect(zonedLocalToInstant('2026-03-08T02:00', 'America/New_York')?.toISOString()).toBe('2026-03-08T07:00:00.000Z');
    // Just outside the gap, times stay as typed.
    expect(zonedLocalToInstant('2026-03-08T01:59', 'America/Los_Angeles')?.toISOString()).toBe('2026-03-08T09:59:00.000Z');
    expect(zonedLocalToInstant('2026-03-08T03:00', 'America/Los_Angeles')?.toISOString()).toBe('2026-03-08T10:00:00.000Z');
    expect(zonedLocalToInstant('2026-10-04T02:30', 'Australia/Sydney')?.toISOString()).toBe('2026-10-03T16:30:00.000Z');
  });

  it('writes an instant as the agent’s wall-clock time', () => {
    expect(instantToZonedLocal(new Date('2026-11-27T16:00:00Z'), 'Asia/Tokyo')).toBe('2026-11-28T01:00');
  });
});

it('formats dates in the agent locale and zone, and countdowns as H:MM:SS rounded up', () => {
  expect(formatDateTime('2026-11-27T19:00:00Z', 'en-US', 'America/Los_Angeles')).toBe('Fri, Nov 27, 11:00 AM PST');
  expect(formatDateTime('2026-11-27T19:00:00Z', 'de-DE', 'Europe/Berlin')).toBe('Fr., 27. Nov., 20:00 MEZ');
  expect(formatClock(3_725_000)).toBe('1:02:05');
  expect(formatClock(4_001)).toBe('0:00:05');
  expect(formatClock(-90_000)).toBe('0:01:30');
});
