import { formatInstant } from './format.js';

const LA = 'America/Los_Angeles';
const NOW = new Date('2026-11-23T18:00:00Z'); // Mon 23 Nov 10:00 PST

describe('formatInstant', () => {
  it('omits the weekday on the same local day unless asked, adds it within six days, and the date beyond', () => {
    expect(formatInstant(new Date('2026-11-23T21:00:00Z'), LA, NOW)).toBe('13:00 PT');
    expect(formatInstant(new Date('2026-11-23T21:00:00Z'), LA, NOW, 'always')).toBe('Mon 13:00 PT');
    // 07:30Z on Tuesday is still Monday 23:30 in Los Angeles: the local date decides.
    expect(formatInstant(new Date('2026-11-24T07:30:00Z'), LA, NOW)).toBe('23:30 PT');
    expect(formatInstant(new Date('2026-11-24T17:00:00Z'), LA, NOW)).toBe('Tue 09:00 PT');
    expect(formatInstant(new Date('2026-12-08T17:00:00Z'), LA, NOW)).toBe('Tue 8 Dec 09:00 PT');
  });

  it('falls back to the offset where Intl has no one-word zone name (it changes with DST), and says UTC for UTC', () => {
    expect(formatInstant(new Date('2026-11-23T18:00:00Z'), 'Europe/Amsterdam', NOW)).toBe('19:00 CET');
    expect(formatInstant(new Date('2026-07-06T18:00:00Z'), 'Europe/Amsterdam', new Date('2026-07-06T08:00:00Z'))).toBe(
      '20:00 CEST',
    );
    expect(formatInstant(new Date('2026-11-23T18:00:00Z'), 'UTC', NOW)).toBe('18:00 UTC');
  });
});
