import { RawScheduleResponseSchema, RawSchedulesResponseSchema } from './raw-schemas.js';
import { railsZoneToIana, toSchedule, UnknownTimeZoneError } from './map-schedule.js';
import { loadFixture } from './testing/fixtures.js';

describe('toSchedule', () => {
  it('maps GitLab Business Hours (24x5) to weekday intervals in Los Angeles time', () => {
    const s = toSchedule(RawScheduleResponseSchema.parse(loadFixture('schedule')).schedule);
    expect(s).toEqual({
      id: '360000092331',
      name: 'Business Hours (24x5)',
      timeZone: 'America/Los_Angeles',
      holidays: [],
      intervals: [
        { day: 'sun', start: '15:00', end: '24:00' },
        { day: 'mon', start: '00:00', end: '24:00' },
        { day: 'tue', start: '00:00', end: '24:00' },
        { day: 'wed', start: '00:00', end: '24:00' },
        { day: 'thu', start: '00:00', end: '24:00' },
        { day: 'fri', start: '00:00', end: '17:00' },
      ],
    });
  });

  it('maps Brisbane APAC hours (Mon 09:00 = minute 1980)', () => {
    const apac = RawSchedulesResponseSchema.parse(loadFixture('schedules')).schedules[1]!;
    const s = toSchedule(apac);
    expect(s.timeZone).toBe('Australia/Brisbane');
    expect(s.intervals[0]).toEqual({ day: 'mon', start: '09:00', end: '21:00' });
    expect(s.intervals).toHaveLength(5);
  });

  it('maps Saturday ending at 10080 to 24:00', () => {
    const s = toSchedule({ id: 1, name: '24x7', time_zone: 'UTC', intervals: [{ start_time: 8640, end_time: 10080 }] });
    expect(s.intervals).toEqual([{ day: 'sat', start: '00:00', end: '24:00' }]);
  });

  it('rejects an interval that crosses midnight', () => {
    expect(() => toSchedule({ id: 7, name: 'x', time_zone: 'UTC', intervals: [{ start_time: 1380, end_time: 1500 }] })).toThrow(
      'Schedule 7: interval 1380–1500 does not fit within one day',
    );
  });
});

describe('railsZoneToIana', () => {
  it.each([
    ['Pacific Time (US & Canada)', 'America/Los_Angeles'],
    ['Eastern Time (US & Canada)', 'America/New_York'],
    ['Brisbane', 'Australia/Brisbane'],
    ['Amsterdam', 'Europe/Amsterdam'],
    ['London', 'Europe/London'],
    ['UTC', 'Etc/UTC'],
  ])('%s → %s', (rails, iana) => expect(railsZoneToIana(rails)).toBe(iana));

  it('names an unknown zone', () => {
    expect(() => railsZoneToIana('Kathmandu')).toThrow(UnknownTimeZoneError);
    expect(() => railsZoneToIana('Kathmandu')).toThrow('Unknown Zendesk time zone "Kathmandu"');
  });
});
