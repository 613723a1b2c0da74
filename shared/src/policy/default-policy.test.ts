import { ValidationError } from '../validation.js';
import { CALENDAR, type PolicyInput } from '../schemas/policy.js';
import type { Priority, SlaMetric } from '../schemas/common.js';
import { GITLAB_POLICY, loadPolicy } from './default-policy.js';
import data from './gitlab.policy.json' with { type: 'json' };

/** A deep copy of the shipped JSON to break on purpose. */
function rawPolicy(): PolicyInput & Record<string, unknown> {
  return structuredClone(data) as unknown as PolicyInput & Record<string, unknown>;
}

/** The messages `loadPolicy` throws for `input`, as `path: problem` strings. */
function problemsOf(input: unknown): string[] {
  try {
    loadPolicy(input);
  } catch (error) {
    if (error instanceof ValidationError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error('expected the policy to be rejected');
}

const SUP = 'https://about.gitlab.com/support/';
const WOT = 'https://handbook.gitlab.com/handbook/support/workflows/working-on-tickets/';
const EMERG = 'https://handbook.gitlab.com/handbook/support/workflows/customer_emergencies_workflows/';
const USGOV = 'https://handbook.gitlab.com/handbook/support/workflows/usgovernment_tickets/';

describe('GITLAB_POLICY (shipped gitlab.policy.json)', () => {
  it('validates and names itself', () => {
    expect(() => loadPolicy(data)).not.toThrow();
    // GITLAB_POLICY is the JSON itself (no parse at import): the JSON must be what parsing it gives, defaults included.
    expect(loadPolicy(data)).toStrictEqual(GITLAB_POLICY);
    expect(GITLAB_POLICY.name).toBe('GitLab Support (default)');
    expect(GITLAB_POLICY.defaultPlan).toBe('free');
  });

  // DOMAIN.md §5 (customer-facing [SUP] FRT, internal [WOT] NRT), §4 (L&R 8 h all plans), hand-copied.
  const golden: Array<[plan: string, priority: Priority, metric: SlaMetric, minutes: number, schedule: string, source: string]> = [
    ['priority_support', 'urgent', 'first_reply_time', 30, '24x7', EMERG],
    ['priority_support', 'high', 'first_reply_time', 240, 'business_hours_24x5', SUP],
    ['priority_support', 'normal', 'first_reply_time', 480, 'business_hours_24x5', SUP],
    ['priority_support', 'low', 'first_reply_time', 1440, 'business_hours_24x5', SUP],
    ['priority_support', 'urgent', 'next_reply_time', 240, 'business_hours_24x5', WOT],
    ['priority_support', 'high', 'next_reply_time', 240, 'business_hours_24x5', WOT],
    ['priority_support', 'normal', 'next_reply_time', 1440, 'business_hours_24x5', WOT],
    ['priority_support', 'low', 'next_reply_time', 1440, 'business_hours_24x5', WOT],
    // Emergency policy (DOMAIN §4, §5 OPS-HIST): FRT 30 min for every priority, NRT 4 h, calendar (24x7).
    ['emergency', 'urgent', 'first_reply_time', 30, '24x7', EMERG],
    ['emergency', 'high', 'first_reply_time', 30, '24x7', EMERG],
    ['emergency', 'normal', 'first_reply_time', 30, '24x7', EMERG],
    ['emergency', 'low', 'first_reply_time', 30, '24x7', EMERG],
    ['emergency', 'urgent', 'next_reply_time', 240, '24x7', EMERG],
    ['emergency', 'high', 'next_reply_time', 240, '24x7', EMERG],
    ['emergency', 'normal', 'next_reply_time', 240, '24x7', EMERG],
    ['emergency', 'low', 'next_reply_time', 240, '24x7', EMERG],
    // Signature / Advanced Success (DOMAIN §4): Priority Support with 24/7 for Sev 2 (High).
    ['priority_support_ss', 'urgent', 'first_reply_time', 30, '24x7', EMERG],
    ['priority_support_ss', 'high', 'first_reply_time', 240, '24x7', EMERG],
    ['priority_support_ss', 'normal', 'first_reply_time', 480, 'business_hours_24x5', SUP],
    ['priority_support_ss', 'low', 'first_reply_time', 1440, 'business_hours_24x5', SUP],
    ['priority_support_ss', 'urgent', 'next_reply_time', 240, 'business_hours_24x5', WOT],
    ['priority_support_ss', 'high', 'next_reply_time', 240, '24x7', EMERG],
    ['priority_support_ss', 'normal', 'next_reply_time', 1440, 'business_hours_24x5', WOT],
    ['priority_support_ss', 'low', 'next_reply_time', 1440, 'business_hours_24x5', WOT],
    // US Government (DOMAIN §4, §6): Priority Support's minutes on US Gov Standard (05:00–17:00 PT Mon–Fri) or 24x7.
    ['usgov_12x5', 'urgent', 'first_reply_time', 30, 'us_gov_standard', USGOV],
    ['usgov_12x5', 'high', 'first_reply_time', 240, 'us_gov_standard', USGOV],
    ['usgov_12x5', 'normal', 'first_reply_time', 480, 'us_gov_standard', USGOV],
    ['usgov_12x5', 'low', 'first_reply_time', 1440, 'us_gov_standard', USGOV],
    ['usgov_12x5', 'urgent', 'next_reply_time', 240, 'us_gov_standard', USGOV],
    ['usgov_12x5', 'high', 'next_reply_time', 240, 'us_gov_standard', USGOV],
    ['usgov_12x5', 'normal', 'next_reply_time', 1440, 'us_gov_standard', USGOV],
    ['usgov_12x5', 'low', 'next_reply_time', 1440, 'us_gov_standard', USGOV],
    ['usgov_24x7', 'urgent', 'first_reply_time', 30, '24x7', USGOV],
    ['usgov_24x7', 'high', 'first_reply_time', 240, '24x7', USGOV],
    ['usgov_24x7', 'normal', 'first_reply_time', 480, '24x7', USGOV],
    ['usgov_24x7', 'low', 'first_reply_time', 1440, '24x7', USGOV],
    ['usgov_24x7', 'urgent', 'next_reply_time', 240, '24x7', USGOV],
    ['usgov_24x7', 'high', 'next_reply_time', 240, '24x7', USGOV],
    ['usgov_24x7', 'normal', 'next_reply_time', 1440, '24x7', USGOV],
    ['usgov_24x7', 'low', 'next_reply_time', 1440, '24x7', USGOV],
    ['standard', 'urgent', 'first_reply_time', 1440, 'business_hours_24x5', SUP],
    ['standard', 'high', 'first_reply_time', 1440, 'business_hours_24x5', SUP],
    ['standard', 'normal', 'first_reply_time', 1440, 'business_hours_24x5', SUP],
    ['standard', 'low', 'first_reply_time', 1440, 'business_hours_24x5', SUP],
    ['standard', 'urgent', 'next_reply_time', 1440, 'business_hours_24x5', WOT],
    ['standard', 'high', 'next_reply_time', 1440, 'business_hours_24x5', WOT],
    ['standard', 'normal', 'next_reply_time', 1440, 'business_hours_24x5', WOT],
    ['standard', 'low', 'next_reply_time', 1440, 'business_hours_24x5', WOT],
    ['lnr', 'urgent', 'first_reply_time', 480, 'business_hours_24x5', SUP],
    ['lnr', 'high', 'first_reply_time', 480, 'business_hours_24x5', SUP],
    ['lnr', 'normal', 'first_reply_time', 480, 'business_hours_24x5', SUP],
    ['lnr', 'low', 'first_reply_time', 480, 'business_hours_24x5', SUP],
    ['lnr', 'urgent', 'next_reply_time', 1440, 'business_hours_24x5', WOT],
    ['lnr', 'high', 'next_reply_time', 1440, 'business_hours_24x5', WOT],
    ['lnr', 'normal', 'next_reply_time', 1440, 'business_hours_24x5', WOT],
    ['lnr', 'low', 'next_reply_time', 1440, 'business_hours_24x5', WOT],
  ];

  it.each(golden)('%s %s %s = %d min on %s', (plan, priority, metric, minutes, schedule, source) => {
    const hits = GITLAB_POLICY.slaTargets.filter((t) => t.plan === plan && t.priority === priority && t.metric === metric);
    expect(hits).toEqual([{ plan, priority, metric, minutes, schedule, source }]);
  });

  it('has exactly the golden targets: no periodic update time, nothing for plans without an SLA', () => {
    expect(GITLAB_POLICY.slaTargets).toHaveLength(golden.length);
    const noSla = GITLAB_POLICY.plans.filter((p) => !p.sla).map((p) => p.id);
    expect(noSla.sort()).toEqual(['community', 'expired', 'free', 'hold', 'no_organization', 'trial']);
    expect(GITLAB_POLICY.slaTargets.some((t) => noSla.includes(t.plan))).toBe(false);
  });

  it('cites an https source for every target, schedule, plan, rule, form and setting block', () => {
    const p = GITLAB_POLICY;
    const sources = [
      ...p.slaTargets.map((t) => t.source),
      ...p.schedules.map((s) => s.source),
      ...p.plans.map((x) => x.source),
      ...p.planRules.map((r) => r.source),
      ...p.forms.map((f) => f.source),
      p.priority.source,
      p.warnings.source,
      p.clock.source,
      p.organization.source,
      p.fields.source,
    ];
    for (const s of sources) expect(s).toMatch(/^https:\/\/(handbook\.gitlab\.com|about\.gitlab\.com)\//);
  });

  it('encodes the GitLab schedules of DOMAIN §6 in IANA zones, without holidays', () => {
    const byId = Object.fromEntries(GITLAB_POLICY.schedules.map((s) => [s.id, s]));
    expect(byId['business_hours_24x5']?.timeZone).toBe('America/Los_Angeles');
    expect(byId['business_hours_24x5']?.intervals).toEqual([
      { day: 'sun', start: '15:00', end: '24:00' },
      { day: 'mon', start: '00:00', end: '24:00' },
      { day: 'tue', start: '00:00', end: '24:00' },
      { day: 'wed', start: '00:00', end: '24:00' },
      { day: 'thu', start: '00:00', end: '24:00' },
      { day: 'fri', start: '00:00', end: '17:00' },
    ]);
    expect(byId['24x7']?.intervals).toHaveLength(7);
    expect(byId['24x7']?.intervals.every((i) => i.start === '00:00' && i.end === '24:00')).toBe(true);
    expect([byId['amer']?.timeZone, byId['amer']?.intervals[0]]).toEqual(['America/Los_Angeles', { day: 'mon', start: '05:00', end: '17:00' }]);
    expect([byId['apac']?.timeZone, byId['apac']?.intervals[4]]).toEqual(['Australia/Brisbane', { day: 'fri', start: '09:00', end: '21:00' }]);
    expect([byId['emea']?.timeZone, byId['emea']?.intervals[2]]).toEqual(['Europe/Amsterdam', { day: 'wed', start: '08:00', end: '18:00' }]);
    expect(GITLAB_POLICY.schedules.every((s) => s.holidays.length === 0)).toBe(true);
  });

  it('puts the forms of DOMAIN §2 in with their entitlement and switch path', () => {
    const form = (id: number) => GITLAB_POLICY.forms.find((f) => f.id === id);
    expect(GITLAB_POLICY.forms).toHaveLength(19);
    expect(form(426148)).toMatchObject({ name: 'Self-Managed', requiresEntitlement: true, switchable: 'direct' });
    expect(form(334447)).toMatchObject({ name: 'SaaS', requiresEntitlement: true, switchable: 'direct' });
    expect(form(360000803379)).toMatchObject({ name: 'SaaS Account', requiresEntitlement: false, switchable: 'direct' });
    expect(form(360000071293)).toMatchObject({
      requiresEntitlement: false,
      switchable: 'macro',
      macro: 'General::Forms::Incorrect form used',
      problemType: { fieldId: 360020421853, required: false },
    });
    expect(form(360001801419)?.problemType?.values).toContain('manage_contacts');
    expect(form(426148)?.problemType).toMatchObject({ fieldId: 360017156474, required: true });
    expect(form(426148)?.problemType?.values).toEqual(expect.arrayContaining(['sm_installation', 'sm_upgrades', 'sm_ci_cd']));
    expect(GITLAB_POLICY.forms.filter((f) => f.internal).map((f) => f.id)).toEqual([12829030177948, 360001629679, 22783651259548]);
    expect(GITLAB_POLICY.forms.filter((f) => f.switchable === 'direct')).toHaveLength(3);
    // US Government forms all need entitlement.
    for (const id of [360000446511, 26347526042004, 360001434131, 360001421052, 360001421072, 360001421112]) {
      expect(form(id)?.requiresEntitlement).toBe(true);
    }
  });

  it('maps Customer Severity to Priority and keeps the clock and warning defaults', () => {
    expect(GITLAB_POLICY.priority).toEqual({
      severityToPriority: { severity_1: 'urgent', severity_2: 'high', severity_3: 'normal', severity_4: 'low' },
      emergencyFormIds: [360001264259, 360001421112],
      emergencyTags: ['emergency'],
      sev1OutsideEmergency: 'urgent',
      source: 'https://handbook.gitlab.com/handbook/support/workflows/setting_ticket_priority/',
    });
    expect(GITLAB_POLICY.clock).toMatchObject({
      pauseOn: {},
      onPriorityChange: 'recompute',
      regionalSchedules: {
        metrics: ['first_reply_time'],
        byRegion: { americas_usa: 'amer', asia_pacific: 'apac', europe_middle_east_africa: 'emea' },
      },
    });
    expect(GITLAB_POLICY.warnings).toMatchObject({
      elapsedPercent: [50, 75],
      minutesBefore: [15],
      warningWindowMinutes: 120,
      commitmentDueSoonMinutes: 60,
      commitmentReminderMinutes: [60, 0],
    });
    expect(GITLAB_POLICY.organization.maxContacts).toBe(30);
  });

  it('names the GitLab custom fields triage reads: Customer Severity (DOMAIN §4) and Preferred Region (§6)', () => {
    expect(GITLAB_POLICY.fields).toMatchObject({ customerSeverity: 360020735319, preferredRegion: 360018253094 });
  });

  it('loads a policy written before `fields` existed, with no field ids (another account has other ids)', () => {
    const input = rawPolicy();
    delete input['fields'];
    expect(loadPolicy(input).fields).toEqual({ customerSeverity: null, preferredRegion: null });
  });

  it('rejects a field id that is not a positive integer', () => {
    const input = rawPolicy();
    input['fields'] = { customerSeverity: '360020735319' as unknown as number, preferredRegion: 0 };
    expect(problemsOf(input)).toEqual([
      'fields.customerSeverity: expected number, received string',
      'fields.preferredRegion: Too small: expected number to be >0',
    ]);
  });

  it('orders plan rules so support hold beats every paid tag, L&R beats "no organization", US Gov 12x5 beats the emergency clock', () => {
    expect(GITLAB_POLICY.planRules.map((r) => r.plan)).toEqual([
      'hold', 'hold', 'lnr', 'usgov_12x5', 'emergency', 'no_organization', 'priority_support_ss', 'usgov_24x7',
      'priority_support', 'standard', 'trial', 'expired', 'community', 'free',
    ]);
    expect(GITLAB_POLICY.planRules.every((r) => (r.description ?? '').length > 0)).toBe(true);
  });
});

describe('loadPolicy rejects broken policies with the field path', () => {
  it('names a problem-type list written as a string', () => {
    const input = rawPolicy();
    const forms = input.forms as unknown as Array<Record<string, unknown>>;
    forms[3] = { ...forms[3], problemType: { fieldId: 360017156474, name: 'Self-managed Problem Type', values: 'sm_other' } };
    expect(problemsOf(input)).toEqual(['forms[3].problemType.values: expected array, received string']);
    expect(() => loadPolicy(input)).toThrow(
      'Invalid policy: forms[3].problemType.values: expected array, received string',
    );
  });

  it('names an unknown schedule and an unknown plan in SLA targets', () => {
    const input = rawPolicy();
    const targets = input.slaTargets as unknown as Array<Record<string, unknown>>;
    targets[1] = { ...targets[1], schedule: 'business_hours' };
    targets[2] = { ...targets[2], plan: 'gold' };
    expect(problemsOf(input)).toEqual([
      'slaTargets[1].schedule: unknown schedule "business_hours"',
      'slaTargets[2].plan: unknown plan "gold"',
    ]);
  });

  it('accepts "calendar" as a target schedule (24/7 elapsed time)', () => {
    const input = rawPolicy();
    const targets = input.slaTargets as unknown as Array<Record<string, unknown>>;
    targets[0] = { ...targets[0], schedule: CALENDAR };
    expect(loadPolicy(input).slaTargets[0]?.schedule).toBe('calendar');
  });

  it('names an unknown plan in a plan rule and in defaultPlan', () => {
    const input = { ...rawPolicy(), defaultPlan: 'basic' };
    (input.planRules as unknown as Array<Record<string, unknown>>)[0]!.plan = 'on_hold';
    expect(problemsOf(input)).toEqual(['defaultPlan: unknown plan "basic"', 'planRules[0].plan: unknown plan "on_hold"']);
  });

  it('names a duplicate form id', () => {
    const input = rawPolicy();
    const forms = input.forms as unknown as Array<Record<string, unknown>>;
    forms[5] = { ...forms[5], id: 426148 };
    expect(problemsOf(input)).toEqual(['forms[5].id: duplicate form id 426148']);
  });

  it('names a duplicate schedule id, a duplicate plan id and a schedule that takes the reserved id "calendar"', () => {
    // Lookups take the first entry with an id, so a second one was silently dead (a copied "emea" edited to Dublin
    // hours never applied), and a schedule called "calendar" was shadowed by 24/7 UTC calendar time.
    const input = rawPolicy();
    const schedules = input.schedules as unknown as Array<Record<string, unknown>>;
    schedules.push({ ...schedules[4], name: 'EMEA (Dublin)', timeZone: 'Europe/Dublin' });
    schedules.push({ ...schedules[1], id: CALENDAR, name: 'Calendar' });
    const plans = input.plans as unknown as Array<Record<string, unknown>>;
    plans.push({ ...plans[0], name: 'Priority Support (copy)', emergencyEntitled: false });
    expect(problemsOf(input)).toEqual([
      'schedules[6].id: duplicate schedule id "emea"',
      'schedules[7].id: "calendar" is reserved for 24/7 calendar time in targets; name the schedule otherwise',
      'plans[13].id: duplicate plan id "priority_support"',
    ]);
  });

  it('names an SLA target beyond a year, which would stall every assessment on its business-time walk', () => {
    const input = rawPolicy();
    const targets = input.slaTargets as unknown as Array<Record<string, unknown>>;
    targets[2] = { ...targets[2], minutes: 1_000_000_000 };
    targets[3] = { ...targets[3], minutes: 525_600 };
    expect(problemsOf(input)).toEqual(['slaTargets[2].minutes: at most 525600 (one year); check the unit: minutes']);
  });

  it('names a bad time zone and a bad HH:MM', () => {
    const input = rawPolicy();
    const schedules = input.schedules as unknown as Array<Record<string, unknown>>;
    schedules[3] = { ...schedules[3], timeZone: 'Australia/Brisbaen' };
    const emea = schedules[4] as { intervals: Array<Record<string, unknown>> };
    emea.intervals[0] = { day: 'mon', start: '8:00', end: '18:00' };
    expect(problemsOf(input)).toEqual([
      'schedules[3].timeZone: expected an IANA time zone such as America/Los_Angeles',
      'schedules[4].intervals[0].start: expected a time as HH:MM (00:00 to 24:00)',
    ]);
  });

  it('names a regional schedule that does not exist', () => {
    const input = rawPolicy();
    const clock = input.clock as { regionalSchedules: { byRegion: Record<string, string> } };
    clock.regionalSchedules.byRegion['all_regions'] = 'global';
    expect(problemsOf(input)).toEqual(['clock.regionalSchedules.byRegion.all_regions: unknown schedule "global"']);
  });
});
