/**
 * The GitLab account's Zendesk configuration (forms, fields, schedules, SLA policies) written as Zendesk JSON and
 * derived from the shared GitLab policy, so the simulator and the service's engine read the same numbers.
 * Zendesk cannot express every GitLab plan rule one-to-one (e.g. `organizationField`); the mapping below says how.
 */
import { CALENDAR, GITLAB_POLICY, WEEKDAYS, formRequiresOrganization, type Policy, type Schedule } from '@triage-assistant/shared';
import type { ZdSchedule, ZdSlaCondition, ZdSlaPolicy, ZdTicketField, ZdTicketForm } from './types.js';

/** The simulated account has the field the GitLab policy names: without one there is nothing to simulate. */
function policyFieldId(name: 'customerSeverity' | 'preferredRegion'): number {
  const id = GITLAB_POLICY.fields[name];
  if (id === null) throw new Error(`The GitLab policy names no ${name} field`);
  return id;
}

/** DOMAIN.md §4: Customer Severity, "maps to priority, do not change" (from the GitLab policy's `fields`). */
export const CUSTOMER_SEVERITY_FIELD_ID = policyFieldId('customerSeverity');
/** DOMAIN.md §7: Ticket Stage. */
export const TICKET_STAGE_FIELD_ID = 360020735259;
/** DOMAIN.md §6: Preferred Region (from the GitLab policy's `fields`). */
export const PREFERRED_REGION_FIELD_ID = policyFieldId('preferredRegion');

/** System ticket fields (ids are per account in Zendesk; these are the simulator's). */
export const SYSTEM_FIELD_IDS = {
  subject: 360000000001,
  description: 360000000002,
  status: 360000000003,
  tickettype: 360000000004,
  priority: 360000000005,
  group: 360000000006,
  assignee: 360000000007,
} as const;

/** Schedule ids as Zendesk numbers, keyed by the shared policy's schedule ids. */
export const SCHEDULE_IDS: Readonly<Record<string, number>> = {
  business_hours_24x5: 360000100001,
  '24x7': 360000100002,
  amer: 360000100003,
  apac: 360000100004,
  emea: 360000100005,
};

/** IANA → Rails names for the zones GitLab uses (the reverse of the service's RAILS_TO_IANA subset). */
export const IANA_TO_RAILS: Readonly<Record<string, string>> = {
  'America/Los_Angeles': 'Pacific Time (US & Canada)',
  'America/New_York': 'Eastern Time (US & Canada)',
  'Australia/Brisbane': 'Brisbane',
  'Europe/Amsterdam': 'Amsterdam',
  'Europe/London': 'London',
  'Etc/UTC': 'UTC',
  UTC: 'UTC',
};
const RAILS_TO_IANA: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(IANA_TO_RAILS).map(([iana, rails]) => [rails, iana]),
);

const MINUTES_PER_DAY = 1440;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function hhmm(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

/** Shared schedule → Zendesk schedule JSON (minutes since Sunday 00:00, Rails zone name). */
export function toZendeskSchedule(schedule: Schedule, id: number, at: string): ZdSchedule {
  const railsZone = IANA_TO_RAILS[schedule.timeZone];
  if (railsZone === undefined) throw new Error(`No Rails zone name known for ${schedule.timeZone}`);
  const intervals = schedule.intervals.map((interval) => {
    const day = WEEKDAYS.indexOf(interval.day) * MINUTES_PER_DAY;
    const end = interval.end === '23:59' ? MINUTES_PER_DAY : minutesOf(interval.end);
    return { start_time: day + minutesOf(interval.start), end_time: day + end };
  });
  intervals.sort((a, b) => a.start_time - b.start_time);
  return { id, name: schedule.name, time_zone: railsZone, intervals, created_at: at, updated_at: at };
}

/** Zendesk schedule JSON → shared schedule, for the business-time engine. */
export function fromZendeskSchedule(raw: ZdSchedule): Schedule {
  const timeZone = RAILS_TO_IANA[raw.time_zone];
  if (timeZone === undefined) throw new Error(`Unknown Rails zone "${raw.time_zone}"`);
  const intervals = raw.intervals.map(({ start_time, end_time }) => {
    const dayIndex = Math.floor(start_time / MINUTES_PER_DAY);
    const day = WEEKDAYS[dayIndex];
    if (day === undefined) throw new Error(`Schedule ${raw.id}: interval starts past Saturday`);
    const dayStart = dayIndex * MINUTES_PER_DAY;
    return { day, start: hhmm(start_time - dayStart), end: hhmm(end_time - dayStart) };
  });
  return { id: String(raw.id), name: raw.name, timeZone, intervals, holidays: [] };
}

/** Tagger options for the fields triage reads (values are the tags Zendesk stores). */
const SEVERITY_OPTIONS = [
  ['Severity 1 - Your instance of GitLab is unavailable or completely unusable', 'severity_1'],
  ['Severity 2 - GitLab is Highly Degraded', 'severity_2'],
  ['Severity 3 - Something is preventing normal GitLab operation', 'severity_3'],
  ['Severity 4 - Questions or Clarifications', 'severity_4'],
] as const;
const STAGE_OPTIONS = [
  ['FRT', 'stage_frt'],
  ['NRT', 'stage_nrt'],
  ['Needs Org', 'stage_needs_org'],
  ['Needs Triage', 'stage_needs_triage'],
] as const;
const REGION_OPTIONS = [
  ['Americas USA', 'americas_usa'],
  ['Asia Pacific', 'asia_pacific'],
  ['Europe Middle East Africa', 'europe_middle_east_africa'],
  ['All Regions', 'all_regions'],
] as const;

let optionSeq = 370000000000;

function field(
  id: number,
  type: string,
  title: string,
  at: string,
  options?: readonly (readonly [string, string])[],
  extra: Partial<ZdTicketField> = {},
): ZdTicketField {
  return {
    id,
    url: `https://gitlab.zendesk.com/api/v2/ticket_fields/${id}.json`,
    type,
    title,
    raw_title: title,
    description: '',
    position: 0,
    active: true,
    required: false,
    visible_in_portal: true,
    editable_in_portal: true,
    removable: type !== 'subject' && type !== 'description' && type !== 'status',
    tag: null,
    ...(options
      ? {
          custom_field_options: options.map(([name, value]) => ({
            id: (optionSeq += 1),
            name,
            raw_name: name,
            value,
            default: false,
          })),
        }
      : {}),
    created_at: at,
    updated_at: at,
    ...extra,
  };
}

function humanise(tag: string): string {
  return tag.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

/** Ticket fields: system fields, Customer Severity, Ticket Stage, Preferred Region, every form's problem type. */
export function gitlabTicketFields(at: string, policy: Policy = GITLAB_POLICY): ZdTicketField[] {
  const fields: ZdTicketField[] = [
    field(SYSTEM_FIELD_IDS.subject, 'subject', 'Subject', at, undefined, { required: true, removable: false }),
    field(SYSTEM_FIELD_IDS.description, 'description', 'Description', at, undefined, { required: true, removable: false }),
    field(SYSTEM_FIELD_IDS.status, 'status', 'Status', at, undefined, { removable: false }),
    field(SYSTEM_FIELD_IDS.tickettype, 'tickettype', 'Type', at),
    field(SYSTEM_FIELD_IDS.priority, 'priority', 'Priority', at, undefined, { visible_in_portal: false }),
    field(SYSTEM_FIELD_IDS.group, 'group', 'Group', at, undefined, { visible_in_portal: false }),
    field(SYSTEM_FIELD_IDS.assignee, 'assignee', 'Assignee', at, undefined, { visible_in_portal: false }),
    field(CUSTOMER_SEVERITY_FIELD_ID, 'tagger', 'Customer Severity', at, SEVERITY_OPTIONS),
    field(TICKET_STAGE_FIELD_ID, 'tagger', 'Ticket Stage', at, STAGE_OPTIONS, { visible_in_portal: false }),
    field(PREFERRED_REGION_FIELD_ID, 'tagger', 'Preferred Region for Support', at, REGION_OPTIONS),
  ];
  const seen = new Set(fields.map((f) => f.id));
  for (const form of policy.forms) {
    const pt = form.problemType;
    if (!pt || seen.has(pt.fieldId)) continue;
    seen.add(pt.fieldId);
    fields.push(
      field(pt.fieldId, 'tagger', pt.name, at, pt.values.map((v) => [humanise(v), v] as const), { required: pt.required }),
    );
  }
  fields.forEach((f, i) => (f.position = i + 1));
  return fields;
}

/** Ticket forms from the policy (ids from DOMAIN.md §2); the first (SaaS) is not the default: "Other Request" is. */
export function gitlabTicketForms(at: string, policy: Policy = GITLAB_POLICY): ZdTicketForm[] {
  const base = [
    SYSTEM_FIELD_IDS.subject,
    SYSTEM_FIELD_IDS.description,
    SYSTEM_FIELD_IDS.status,
    SYSTEM_FIELD_IDS.tickettype,
    SYSTEM_FIELD_IDS.priority,
    SYSTEM_FIELD_IDS.group,
    SYSTEM_FIELD_IDS.assignee,
    TICKET_STAGE_FIELD_ID,
  ];
  const forms = policy.forms.map((f, i): ZdTicketForm => {
    const ids = [...base];
    if (!f.internal) ids.push(CUSTOMER_SEVERITY_FIELD_ID, PREFERRED_REGION_FIELD_ID);
    if (f.problemType) ids.push(f.problemType.fieldId);
    return form(f.id, f.name, i + 1, ids, at, !f.internal);
  });
  // Email-created tickets land on the account's default form (DOMAIN.md §3: "watch form Other Request").
  forms.push({ ...form(OTHER_REQUEST_FORM_ID, 'Other Request', forms.length + 1, base, at, false), default: true });
  return forms;
}

/** The default form, where email tickets land; not in the policy (it carries no entitlement rule). */
export const OTHER_REQUEST_FORM_ID = 360000000100;

function form(id: number, name: string, position: number, ids: number[], at: string, endUserVisible: boolean): ZdTicketForm {
  return {
    id,
    url: `https://gitlab.zendesk.com/api/v2/ticket_forms/${id}.json`,
    name,
    raw_name: name,
    display_name: name,
    raw_display_name: name,
    position,
    active: true,
    default: false,
    end_user_visible: endUserVisible,
    in_all_brands: true,
    restricted_brand_ids: [],
    ticket_field_ids: ids,
    agent_conditions: [],
    end_user_conditions: [],
    created_at: at,
    updated_at: at,
  };
}

/** Forms whose requester must belong to a paying organization (DOMAIN.md §2); internal forms never need one. */
export function entitlementFormIds(policy: Policy = GITLAB_POLICY): number[] {
  return policy.forms.filter((f) => formRequiresOrganization(policy, f.id, false)).map((f) => f.id);
}

export function gitlabSchedules(at: string, policy: Policy = GITLAB_POLICY): ZdSchedule[] {
  return policy.schedules.map((s, i) => toZendeskSchedule(s, SCHEDULE_IDS[s.id] ?? 360000100100 + i, at));
}

/**
 * SLA policies as Zendesk would hold them, one per plan rule whose plan has targets, in rule order. Mapping:
 * `organizationTagsAny` → `current_tags includes` (Zendesk copies organization tags onto tickets);
 * `formIds` → `ticket_form_id is` conditions in `any`; `hasOrganization` → `organization_id is_not ''` (empty); tags of
 * earlier no-SLA rules (support hold) → `current_tags not_includes`. A target on the `calendar`/24x7 schedule becomes
 * `business_hours: false`; every other schedule is the ticket's (default Business Hours) schedule. Values are
 * strings (or string arrays), as the OAS types `SLAPolicyFilterObject` condition values.
 */
export function gitlabSlaPolicies(at: string, policy: Policy = GITLAB_POLICY): ZdSlaPolicy[] {
  const out: ZdSlaPolicy[] = [];
  const excludedTags: string[] = [];
  const plans = new Map(policy.plans.map((p) => [p.id, p]));
  for (const rule of policy.planRules) {
    const targets = policy.slaTargets.filter((t) => t.plan === rule.plan);
    const plan = plans.get(rule.plan);
    if (!plan?.sla || targets.length === 0) {
      if (rule.when.organizationTagsAny && rule.when.formIds === undefined && rule.when.hasOrganization !== true) {
        excludedTags.push(...rule.when.organizationTagsAny);
      }
      continue;
    }
    const all: ZdSlaCondition[] = [];
    const any: ZdSlaCondition[] = [];
    if (rule.when.hasOrganization === true) all.push({ field: 'organization_id', operator: 'is_not', value: '' });
    if (rule.when.hasOrganization === false) all.push({ field: 'organization_id', operator: 'is', value: '' });
    if (rule.when.organizationTagsAny) all.push({ field: 'current_tags', operator: 'includes', value: rule.when.organizationTagsAny.join(' ') });
    if (rule.when.ticketTagsAny) all.push({ field: 'current_tags', operator: 'includes', value: rule.when.ticketTagsAny.join(' ') });
    if (excludedTags.length > 0) all.push({ field: 'current_tags', operator: 'not_includes', value: excludedTags.join(' ') });
    for (const formId of rule.when.formIds ?? []) any.push({ field: 'ticket_form_id', operator: 'is', value: String(formId) });
    const id = 360000200001 + out.length;
    const title = rule.when.formIds ? `${plan.name} (forms ${rule.when.formIds.join(', ')})` : plan.name;
    out.push({
      id,
      url: `https://gitlab.zendesk.com/api/v2/slas/policies/${id}.json`,
      title,
      description: rule.description ?? `Plan ${plan.id}`,
      position: out.length + 1,
      filter: { all, any },
      policy_metrics: targets.map((t) => ({
        priority: t.priority,
        metric: t.metric,
        target: t.minutes,
        business_hours: t.schedule !== CALENDAR && t.schedule !== '24x7',
      })),
      created_at: at,
      updated_at: at,
    });
  }
  return out;
}
