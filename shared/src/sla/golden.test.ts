import { slaStatuses } from './engine.js';
import { GITLAB_POLICY } from '../policy/index.js';
import { agentReply, buildComment, buildOrganization, buildTicket, needsOrgTicket } from '../testing/factories.js';
import type { Priority } from '../schemas/common.js';
import type { TicketSnapshotInput } from '../schemas/ticket.js';

// Golden tables on GitLab's shipped policy (DOMAIN.md §5). Creation: Fri 2026-11-27 16:10 PT (PST, UTC−8) =
// 2026-11-28T00:10Z, on Business Hours (24x5): open until Fri 17:00 PT (50 min), closed Saturday, reopens Sun 15:00 PT.
//   4 h  = 50 + 190 → Sun 15:00 + 3 h 10 = Sun 18:10 PT
//   8 h  = 50 + 430 → Sun 15:00 + 7 h 10 = Sun 22:10 PT
//   24 h = 50 + 1390 → Sunday gives 540 (15:00–24:00), 850 left → Mon 00:00 + 14 h 10 = Mon 14:10 PT
//   Urgent: 30 min on 24x7 → Fri 16:40 PT
const CREATED = '2026-11-28T00:10:00Z';
const NOW = new Date('2026-11-28T00:11:00Z');
const pt = (local: string) => new Date(`${local.replace(' ', 'T')}:00-08:00`).toISOString();
const FRI_1640 = pt('2026-11-27 16:40');
const SUN_1810 = pt('2026-11-29 18:10');
const SUN_2210 = pt('2026-11-29 22:10');
const MON_1410 = pt('2026-11-30 14:10');

const created = (overrides: Partial<TicketSnapshotInput>) =>
  buildTicket({ createdAt: CREATED, comments: [buildComment({ createdAt: CREATED })], ...overrides });
const frt = (overrides: Partial<TicketSnapshotInput>) => {
  const s = slaStatuses(created(overrides), GITLAB_POLICY, NOW)[0];
  if (s === undefined || s.metric !== 'first_reply_time') throw new Error('expected a first_reply_time status first');
  return s;
};

const LNR_FORM = 360000071293;
const EMERGENCIES_FORM = 360001264259;
const US_GOV_SUPPORT_FORM = 360000446511;
const US_GOV_EMERGENCY_FORM = 360001421112;
const starter = buildOrganization({ name: 'Small Co', tags: ['starter'] });
const signature = buildOrganization({ name: 'Big Co', tags: ['ultimate', 'sub_ss_enterprise'] });
const usGov12x5 = buildOrganization({ name: 'Agency', tags: ['sub_usgov_12x5'] });
const usGov24x7 = buildOrganization({ name: 'Agency 24', tags: ['sub_usgov_24x7'] });
// Fri 16:10 PT is 50 min before US Gov Standard (05:00–17:00 PT Mon–Fri) closes: 30 min → Fri 16:40; 4 h → Mon 08:10.
const MON_0810 = pt('2026-11-30 08:10');
const FRI_2010 = pt('2026-11-27 20:10');

describe('golden: first reply due per plan × priority (GitLab policy, created Fri 16:10 PT)', () => {
  it.each<[string, Partial<TicketSnapshotInput>, Priority, string, number, string]>([
    ['Priority Support', {}, 'urgent', FRI_1640, 30, '24x7'],
    ['Priority Support', {}, 'high', SUN_1810, 240, 'business_hours_24x5'],
    ['Priority Support', {}, 'normal', SUN_2210, 480, 'business_hours_24x5'],
    ['Priority Support', {}, 'low', MON_1410, 1440, 'business_hours_24x5'],
    ['Standard', { organization: starter, tags: [] }, 'urgent', MON_1410, 1440, 'business_hours_24x5'],
    ['Standard', { organization: starter, tags: [] }, 'high', MON_1410, 1440, 'business_hours_24x5'],
    ['Standard', { organization: starter, tags: [] }, 'normal', MON_1410, 1440, 'business_hours_24x5'],
    ['Standard', { organization: starter, tags: [] }, 'low', MON_1410, 1440, 'business_hours_24x5'],
    ['L&R (premium org)', { formId: LNR_FORM }, 'urgent', SUN_2210, 480, 'business_hours_24x5'],
    ['L&R (premium org)', { formId: LNR_FORM }, 'high', SUN_2210, 480, 'business_hours_24x5'],
    ['L&R (starter org)', { formId: LNR_FORM, organization: starter }, 'normal', SUN_2210, 480, 'business_hours_24x5'],
    ['L&R (no org)', { formId: LNR_FORM, organization: null }, 'low', SUN_2210, 480, 'business_hours_24x5'],
    // Emergency policy: 30 min for every priority on 24x7, not the priority's Priority Support row.
    ['Emergency (premium org)', { formId: EMERGENCIES_FORM, problemType: null }, 'urgent', FRI_1640, 30, '24x7'],
    ['Emergency (premium org)', { formId: EMERGENCIES_FORM, problemType: null }, 'high', FRI_1640, 30, '24x7'],
    ['Emergency (premium org)', { formId: EMERGENCIES_FORM, problemType: null }, 'low', FRI_1640, 30, '24x7'],
    // Signature / Advanced Success: High runs 24/7 (Fri 16:10 + 4 h = Fri 20:10, not Sunday).
    ['Signature', { organization: signature }, 'high', FRI_2010, 240, '24x7'],
    ['Signature', { organization: signature }, 'normal', SUN_2210, 480, 'business_hours_24x5'],
    ['US Gov 12x5', { formId: US_GOV_SUPPORT_FORM, organization: usGov12x5, problemType: null }, 'high', MON_0810, 240, 'us_gov_standard'],
    ['US Gov 12x5 emergency', { formId: US_GOV_EMERGENCY_FORM, organization: usGov12x5, problemType: null }, 'urgent', FRI_1640, 30, 'us_gov_standard'],
    ['US Gov 24x7', { formId: US_GOV_SUPPORT_FORM, organization: usGov24x7, problemType: null }, 'high', FRI_2010, 240, '24x7'],
  ])('%s, %s → due %s', (_plan, overrides, priority, due, minutes, schedule) => {
    const s = frt({ ...overrides, priority });
    // The warning window is 120 wall-clock minutes, so a 30-minute emergency target is in warning from the start.
    expect(s).toMatchObject({ state: minutes <= 120 ? 'warning' : 'active', startedAt: new Date(CREATED).toISOString(), dueAt: due, engineDueAt: due });
    expect(s.target).toMatchObject({ priority, minutes, schedule });
  });

  it('explanation for the High row reads in Pacific time', () => {
    expect(frt({}).explanation).toBe(
      'High priority, Priority Support (Premium/Ultimate): 4 h of business time on Business Hours (24x5); clock started Fri 27 Nov 16:10 PT; due Sun 29 Nov 18:10 PT',
    );
  });

  it.each<[string, Partial<TicketSnapshotInput>, string]>([
    ['no organization', { organization: null, requester: { id: 20001, email: 'dana@acme.example', organizationIds: [] }, tags: [] }, 'No SLA: requester has no organization'],
    ['trial', { organization: buildOrganization({ name: 'Trial Inc', tags: ['trial'] }) }, 'No SLA: organization Trial Inc has tag trial → Trial (no SLA)'],
    ['free', { organization: buildOrganization({ name: 'Free Co', tags: ['free'] }) }, 'No SLA: organization Free Co has tag free → Free (no SLA)'],
    ['untagged org', { organization: buildOrganization({ name: 'Plain Co', tags: [] }) }, 'No SLA: no plan rule matches organization Plain Co → Free (no SLA) (default plan)'],
  ])('%s → none', (_case, overrides, explanation) => {
    expect(slaStatuses(created(overrides), GITLAB_POLICY, NOW)).toEqual([
      expect.objectContaining({ metric: 'first_reply_time', state: 'none', dueAt: null, explanation }),
    ]);
  });

  it('needsOrgTicket fixture has no SLA', () => {
    expect(slaStatuses(needsOrgTicket(), GITLAB_POLICY, NOW)[0]).toMatchObject({ state: 'none', explanation: 'No SLA: requester has no organization' });
  });
});

describe('golden: next reply per priority (Priority Support, customer comment Fri 16:10 PT)', () => {
  // NRT U/H/N/L = 4 h / 4 h / 24 h / 24 h, all on 24x5 (an urgent NRT is not 24x7 in GitLab's table).
  it.each<[Priority, string]>([
    ['urgent', SUN_1810],
    ['high', SUN_1810],
    ['normal', MON_1410],
    ['low', MON_1410],
  ])('%s → due %s', (priority, due) => {
    const ticket = buildTicket({
      priority,
      createdAt: pt('2026-11-27 14:00'),
      comments: [buildComment({ createdAt: pt('2026-11-27 14:00') }), agentReply(pt('2026-11-27 15:00')), buildComment({ createdAt: CREATED })],
    });
    const nrt = slaStatuses(ticket, GITLAB_POLICY, NOW).find((s) => s.metric === 'next_reply_time');
    expect(nrt).toMatchObject({ state: 'active', startedAt: new Date(CREATED).toISOString(), dueAt: due });
  });
});

describe('golden: regional schedules for first reply (Preferred Region)', () => {
  // buildTicket default creation: Mon 2026-11-23 17:00Z = 09:00 PT = 18:00 Amsterdam (CET) = 03:00 Tue Brisbane.
  it('EMEA (08:00–18:00 Amsterdam): created at the 18:00 close → Tue 08:00 + 4 h = 12:00 CET = 11:00Z', () => {
    const s = slaStatuses(buildTicket({ region: 'europe_middle_east_africa' }), GITLAB_POLICY, new Date('2026-11-23T17:05:00Z'));
    expect(s[0]).toMatchObject({ state: 'active', dueAt: '2026-11-24T11:00:00.000Z', target: { schedule: 'emea', scheduleName: 'EMEA' } });
    expect(s[0]?.explanation).toContain('due Tue 24 Nov 12:00 CET');
    // Next reply stays on 24x5: the region map lists first_reply_time only.
    expect(s.find((x) => x.metric === 'next_reply_time')?.target?.schedule).toBe('business_hours_24x5');
  });

  it('APAC (09:00–21:00 Brisbane, no DST): 03:00 Tue → opens 09:00, due 13:00 Brisbane = 03:00Z', () => {
    const s = slaStatuses(buildTicket({ region: 'asia_pacific' }), GITLAB_POLICY, new Date('2026-11-23T17:05:00Z'));
    expect(s[0]).toMatchObject({ dueAt: '2026-11-24T03:00:00.000Z', target: { schedule: 'apac' } });
  });

  it('AMER (05:00–17:00 PT): 09:00 PT + 4 h = 13:00 PT', () => {
    const s = slaStatuses(buildTicket({ region: 'americas_usa' }), GITLAB_POLICY, new Date('2026-11-23T17:05:00Z'));
    expect(s[0]).toMatchObject({ dueAt: '2026-11-23T21:00:00.000Z', target: { schedule: 'amer' } });
  });

  it('an urgent 24x7 target stays 24x7 whatever the region', () => {
    const s = slaStatuses(buildTicket({ region: 'europe_middle_east_africa', priority: 'urgent' }), GITLAB_POLICY, new Date('2026-11-23T17:05:00Z'));
    expect(s[0]).toMatchObject({ dueAt: '2026-11-23T17:30:00.000Z', target: { schedule: '24x7' } });
  });

  it('"All Regions" (no mapping) keeps the target schedule', () => {
    const s = slaStatuses(buildTicket({ region: 'all_regions' }), GITLAB_POLICY, new Date('2026-11-23T17:05:00Z'));
    expect(s[0]).toMatchObject({ dueAt: '2026-11-23T21:00:00.000Z', target: { schedule: 'business_hours_24x5' } });
  });
});
