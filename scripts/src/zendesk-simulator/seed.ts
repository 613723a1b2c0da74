/**
 * A realistic GitLab account, every instant relative to `now`: agents in two groups, the API user, organizations on
 * every plan (premium, ultimate, starter, trial, expired, support hold, no plan tag), about 50 tickets over every form
 * and priority, needs-org tickets with a good (one org owns the email domain) and an ambiguous (two orgs do)
 * suggestion, tickets 10 minutes before and hours past their FRT breach, agent replies, internal notes, trigger
 * comments. Commitments live in the service, so they come back as suggestions to PUT there.
 */
import { GITLAB_POLICY, addBusinessMinutes, subtractBusinessMinutes, type Priority } from '@triage-assistant/shared';
import {
  CUSTOMER_SEVERITY_FIELD_ID,
  OTHER_REQUEST_FORM_ID,
  TICKET_STAGE_FIELD_ID,
} from './gitlab-config.js';
import { SYSTEM_USER_ID, zendeskTime, type ZendeskSimulator } from './model.js';
import type { ZdStatus } from './types.js';

/** Form ids (DOMAIN.md §2). */
export const FORMS = {
  saas: 334447,
  twoFa: 18469327708956,
  saasAccount: 360000803379,
  selfManaged: 426148,
  dedicated: 4414917877650,
  lnr: 360000071293,
  billing: 360000258393,
  alliance: 360001172559,
  supportOps: 360001801419,
  emergencies: 360001264259,
  internal: 12829030177948,
  internalLegacy: 360001629679,
  internalStaff: 22783651259548,
  usgovSupport: 360000446511,
  usgovDedicated: 26347526042004,
  usgovUpgrade: 360001434131,
  usgovOps: 360001421052,
  usgovLnr: 360001421072,
  usgovEmergency: 360001421112,
  otherRequest: OTHER_REQUEST_FORM_ID,
} as const;

export const GROUPS = { amer: 360000300001, emea: 360000300002 } as const;

const SEVERITY: Record<Priority, string> = { urgent: 'severity_1', high: 'severity_2', normal: 'severity_3', low: 'severity_4' };
const FRT_MINUTES: Record<Priority, number> = { urgent: 30, high: 240, normal: 480, low: 1440 };

export interface SeedCommitment {
  ticketId: number;
  agentId: number;
  dueAt: string;
  note: string;
}

export interface SeedResult {
  now: string;
  apiUserId: number;
  agents: { id: number; name: string; email: string; groupId: number }[];
  organizations: Record<string, number>;
  users: Record<string, number>;
  /** Labelled tickets the tests and the local workspace refer to. */
  tickets: Record<string, number>;
  ticketCount: number;
}

interface TicketSpec {
  label?: string;
  subject: string;
  requester: number;
  form: number;
  priority: Priority;
  /** Minutes before now the ticket was created. */
  createdMinutesAgo: number;
  org?: number | null;
  status?: ZdStatus;
  assignee?: number;
  group?: number;
  tags?: string[];
  /** Comments after the description: minutes before now, author, public. */
  comments?: { minutesAgo: number; author: number; body: string; public?: boolean }[];
  problemType?: string;
}

/**
 * Seed `sim` (which should hold GitLab's configuration and nothing else). Returns ids by label.
 * @param now the instant the seed is relative to (usually `sim.now()`).
 */
export function seedGitLabAccount(sim: ZendeskSimulator, now: Date = sim.now()): SeedResult {
  const ago = (minutes: number) => zendeskTime(new Date(now.getTime() - minutes * 60_000));
  const schedule = sim.ticketSchedule(0) ?? GITLAB_POLICY.schedules[0];
  if (!schedule) throw new Error('no schedule to seed against');

  const apiUser = sim.createUser({ name: 'Triage Assistant (API)', email: 'triage-assistant@gitlab.com', role: 'admin' });
  sim.apiUserId = apiUser.id;
  const agentSpecs = [
    { name: 'Ada Lovelace', email: 'alovelace@gitlab.com', groupId: GROUPS.amer, tz: 'Pacific Time (US & Canada)', iana: 'America/Los_Angeles' },
    { name: 'Grace Hopper', email: 'ghopper@gitlab.com', groupId: GROUPS.amer, tz: 'Eastern Time (US & Canada)', iana: 'America/New_York' },
    { name: 'Linus Berg', email: 'lberg@gitlab.com', groupId: GROUPS.emea, tz: 'Amsterdam', iana: 'Europe/Amsterdam' },
    { name: 'Margaret Hamilton', email: 'mhamilton@gitlab.com', groupId: GROUPS.emea, tz: 'London', iana: 'Europe/London' },
  ];
  const agents = agentSpecs.map((a) => {
    const u = sim.createUser({ name: a.name, email: a.email, role: 'agent', default_group_id: a.groupId, time_zone: a.tz, iana_time_zone: a.iana });
    return { id: u.id, name: a.name, email: a.email, groupId: a.groupId };
  });
  const [ada, grace, linus, margaret] = agents.map((a) => a.id) as [number, number, number, number];

  const org = (key: string, name: string, domains: string[], tags: string[], fields: Record<string, string | boolean | null> = {}) =>
    [key, sim.createOrganization({ name, domain_names: domains, tags, organization_fields: { support_level: tags[0] ?? null, ...fields }, notes: null }).id] as const;
  const organizations = Object.fromEntries([
    org('acme', 'Acme Corp', ['acme.example'], ['premium', 'sub_sm_premium'], { salesforce_id: '0016100001AcmeAAA' }),
    org('umbrella', 'Umbrella Ltd', ['umbrella.example'], ['ultimate', 'sub_dotcom_ultimate']),
    org('initech', 'Initech', ['initech.example'], ['premium', 'sub_dotcom_premium']),
    org('globex', 'Globex Corporation', ['globex.example'], ['ultimate', 'sub_sm_ultimate']),
    org('globexLabs', 'Globex Labs', ['globex.example', 'labs.globex.example'], ['starter', 'sub_sm_starter']),
    org('hooli', 'Hooli', ['hooli.example'], ['starter', 'sub_sm_starter']),
    org('piedPiper', 'Pied Piper (trial)', ['piedpiper.example'], ['trial']),
    org('vandelay', 'Vandelay Industries', ['vandelay.example'], ['expired']),
    org('dunder', 'Dunder Mifflin', ['dundermifflin.example'], ['premium', 'support_hold'], { support_hold: true }),
    org('massive', 'Massive Dynamic', ['massive.example'], []),
    org('usgov', 'US Federal Agency', ['agency.gov.example'], ['ultimate', 'sub_usgov_24x7']),
  ]) as Record<string, number>;

  const users: Record<string, number> = {};
  const customer = (key: string, name: string, email: string, orgKeys: string[] = []) => {
    const u = sim.createUser({ name, email });
    users[key] = u.id;
    for (const k of orgKeys) sim.createMembership({ user_id: u.id, organization_id: organizations[k] ?? 0 });
    return u.id;
  };
  const alice = customer('alice', 'Alice Acme', 'alice@acme.example', ['acme']);
  const bob = customer('bob', 'Bob Acme', 'bob@acme.example', ['acme']);
  const uma = customer('uma', 'Uma Umbrella', 'uma@umbrella.example', ['umbrella']);
  const ian = customer('ian', 'Ian Initech', 'ian@initech.example', ['initech']);
  const gina = customer('gina', 'Gina Globex', 'gina@globex.example', ['globex']);
  const lars = customer('lars', 'Lars Labs', 'lars@labs.globex.example', ['globexLabs']);
  const hank = customer('hank', 'Hank Hooli', 'hank@hooli.example', ['hooli']);
  const pete = customer('pete', 'Pete Piper', 'pete@piedpiper.example', ['piedPiper']);
  const vera = customer('vera', 'Vera Vandelay', 'vera@vandelay.example', ['vandelay']);
  const dwight = customer('dwight', 'Dwight Schrute', 'dwight@dundermifflin.example', ['dunder']);
  const maya = customer('maya', 'Maya Massive', 'maya@massive.example', ['massive']);
  const fed = customer('fed', 'Frank Federal', 'frank@agency.gov.example', ['usgov']);
  const multi = customer('multi', 'Morgan Two-Orgs', 'morgan@acme.example', ['acme', 'umbrella']);
  // Needs-org requesters: no membership. Good suggestion = exactly one org owns the domain; ambiguous = two do.
  const nina = customer('nina', 'Nina Newhire', 'nina@acme.example');
  const ivan = customer('ivan', 'Ivan Intern', 'ivan@initech.example');
  const hugo = customer('hugo', 'Hugo Hooli', 'hugo@hooli.example');
  const gabe = customer('gabe', 'Gabe Globex', 'gabe@globex.example');
  const gwen = customer('gwen', 'Gwen Globex', 'gwen@globex.example');
  const fred = customer('fred', 'Fred Freemail', 'fred.freemail@gmail.example');
  const sam = customer('sam', 'Sam Solo', 'sam@unknown-startup.example');

  const tickets: Record<string, number> = {};
  const make = (spec: TicketSpec): number => {
    const internal = GITLAB_POLICY.forms.find((f) => f.id === spec.form)?.internal === true || spec.form === FORMS.otherRequest;
    const problemField = GITLAB_POLICY.forms.find((f) => f.id === spec.form)?.problemType;
    const customFields = [
      ...(internal ? [] : [{ id: CUSTOMER_SEVERITY_FIELD_ID, value: SEVERITY[spec.priority] }]),
      { id: TICKET_STAGE_FIELD_ID, value: spec.org === null ? 'stage_needs_org' : 'stage_frt' },
      ...(problemField && spec.problemType ? [{ id: problemField.fieldId, value: spec.problemType }] : []),
    ];
    const t = sim.createTicket(
      {
        subject: spec.subject,
        comment: { body: `${spec.subject}\n\nDetails from the customer.`, public: true },
        requester_id: spec.requester,
        ...(spec.org === undefined ? {} : { organization_id: spec.org }),
        ticket_form_id: spec.form,
        // Customer-facing forms get their priority from the severity trigger; internal ones set it directly.
        ...(internal ? { priority: spec.priority } : {}),
        custom_fields: customFields,
        tags: spec.tags ?? [],
        ...(spec.assignee ? { assignee_id: spec.assignee } : {}),
        ...(spec.group ? { group_id: spec.group } : {}),
        via_channel: spec.form === FORMS.otherRequest ? 'email' : 'web',
        created_at: ago(spec.createdMinutesAgo),
      },
      spec.requester,
    );
    for (const c of spec.comments ?? []) {
      sim.addComment(t.id, { body: c.body, public: c.public !== false, author_id: c.author, created_at: ago(c.minutesAgo) });
    }
    if (spec.status && spec.status !== t.status) {
      t.status = spec.status;
    }
    if (spec.label) tickets[spec.label] = t.id;
    return t.id;
  };

  /** Minutes ago a ticket must have been created so that its FRT breaches at `breachAt` (business or calendar). */
  const createdForBreach = (priority: Priority, breachAt: Date): number => {
    const created = priority === 'urgent' ? new Date(breachAt.getTime() - FRT_MINUTES.urgent * 60_000) : subtractBusinessMinutes(schedule, breachAt, FRT_MINUTES[priority]);
    return Math.round((now.getTime() - created.getTime()) / 60_000);
  };
  const tenMinutesLeft = addBusinessMinutes(schedule, now, 10);

  // --- FRT pressure: near and past breach ---
  make({ label: 'nearBreachUrgent', subject: 'Production instance down after upgrade', requester: alice, form: FORMS.selfManaged, priority: 'urgent', createdMinutesAgo: 20, problemType: 'sm_upgrades' });
  make({ label: 'nearBreachHigh', subject: 'CI pipelines stuck in pending', requester: uma, form: FORMS.saas, priority: 'high', createdMinutesAgo: createdForBreach('high', tenMinutesLeft), problemType: 'saas_ci_cd' });
  make({ label: 'pastBreachNormal', subject: 'LDAP sync fails for nested groups', requester: bob, form: FORMS.selfManaged, priority: 'normal', createdMinutesAgo: createdForBreach('normal', subtractBusinessMinutes(schedule, now, 120)), problemType: 'sm_authentication' });
  make({ label: 'pastBreachUrgent', subject: 'Gitaly cluster unavailable', requester: gina, form: FORMS.selfManaged, priority: 'urgent', createdMinutesAgo: 95, assignee: ada, group: GROUPS.amer, problemType: 'sm_performance' });
  make({ label: 'veryBreachedLow', subject: 'Question about backup retention', requester: ian, form: FORMS.saas, priority: 'low', createdMinutesAgo: 60 * 24 * 6, problemType: 'saas_import_export' });

  // --- Answered tickets: FRT achieved, some waiting on Support again (NRT) ---
  make({
    label: 'answeredWaitingAgent', subject: 'Runner registration token rotation', requester: uma, form: FORMS.saas, priority: 'normal', createdMinutesAgo: 600, assignee: linus, group: GROUPS.emea, problemType: 'saas_runners',
    comments: [
      { minutesAgo: 540, author: linus, body: 'Thanks, could you share the runner version?' },
      { minutesAgo: 520, author: linus, body: 'Customer is on 16.x, checking known issues.', public: false },
      { minutesAgo: 120, author: uma, body: 'We run 16.11.2.' },
    ],
  });
  make({
    label: 'answeredAgentLast', subject: 'Geo replication lag', requester: gina, form: FORMS.selfManaged, priority: 'high', createdMinutesAgo: 300, assignee: grace, group: GROUPS.amer, status: 'pending', problemType: 'sm_performance',
    comments: [{ minutesAgo: 200, author: grace, body: 'Please run gitlab-rake geo:status and attach the output.' }],
  });
  make({
    label: 'botOnly', subject: 'Cannot push to protected branch', requester: hank, form: FORMS.selfManaged, priority: 'normal', createdMinutesAgo: 90, problemType: 'sm_configuration',
    comments: [{ minutesAgo: 89, author: SYSTEM_USER_ID, body: 'Automated: we received your request. Our docs on protected branches: https://docs.gitlab.com/' }],
  });
  make({
    label: 'internalNoteOnly', subject: 'SAML login loop', requester: alice, form: FORMS.selfManaged, priority: 'high', createdMinutesAgo: 45, assignee: ada, group: GROUPS.amer, problemType: 'sm_authentication',
    comments: [{ minutesAgo: 30, author: ada, body: 'Looks like clock skew on the IdP; drafting a reply.', public: false }],
  });

  // --- Needs org: no organization on the ticket, requester without membership ---
  make({ label: 'needsOrgGood', subject: 'Need help with license activation on new server', requester: nina, form: FORMS.otherRequest, priority: 'normal', createdMinutesAgo: 35, org: null });
  make({ label: 'needsOrgGoodSaas', subject: 'Pages deploy fails with 404', requester: ivan, form: FORMS.saas, priority: 'high', createdMinutesAgo: 50, org: null, problemType: 'saas_pages' });
  make({ label: 'needsOrgGoodStarter', subject: 'Container registry cleanup policy', requester: hugo, form: FORMS.otherRequest, priority: 'low', createdMinutesAgo: 240, org: null });
  make({ label: 'needsOrgAmbiguous', subject: 'Upgrade path from 15.11 to 17.x', requester: gabe, form: FORMS.otherRequest, priority: 'high', createdMinutesAgo: 25, org: null });
  make({ label: 'needsOrgAmbiguous2', subject: 'Sidekiq memory growth', requester: gwen, form: FORMS.selfManaged, priority: 'normal', createdMinutesAgo: 70, org: null, problemType: 'sm_performance' });
  make({ label: 'needsOrgNoSuggestion', subject: 'Is GitLab free for students?', requester: fred, form: FORMS.otherRequest, priority: 'low', createdMinutesAgo: 15, org: null });
  make({ label: 'needsOrgUnknownDomain', subject: 'Trial to paid migration question', requester: sam, form: FORMS.otherRequest, priority: 'normal', createdMinutesAgo: 400, org: null });
  make({ label: 'needsOrgTwoOrgRequester', subject: 'Which subscription covers our runners?', requester: multi, form: FORMS.otherRequest, priority: 'normal', createdMinutesAgo: 55, org: null });

  // --- Every plan ---
  make({ label: 'premium', subject: 'Merge request widgets slow', requester: alice, form: FORMS.selfManaged, priority: 'normal', createdMinutesAgo: 180, problemType: 'sm_performance' });
  make({ label: 'ultimate', subject: 'Security dashboard missing findings', requester: uma, form: FORMS.saas, priority: 'high', createdMinutesAgo: 60, problemType: 'saas_ci_cd' });
  make({ label: 'starter', subject: 'Omnibus reconfigure fails', requester: hank, form: FORMS.selfManaged, priority: 'normal', createdMinutesAgo: 500, problemType: 'sm_installation' });
  make({ label: 'starterLabs', subject: 'Registry storage full', requester: lars, form: FORMS.selfManaged, priority: 'low', createdMinutesAgo: 800, problemType: 'sm_configuration' });
  make({ label: 'trial', subject: 'Trial: SSO configuration', requester: pete, form: FORMS.saas, priority: 'normal', createdMinutesAgo: 100, problemType: 'saas_ci_cd' });
  make({ label: 'expired', subject: 'Expired license banner', requester: vera, form: FORMS.lnr, priority: 'normal', createdMinutesAgo: 130, problemType: 'lnr_license_issue' });
  make({ label: 'expiredSupport', subject: 'Backups failing', requester: vera, form: FORMS.selfManaged, priority: 'high', createdMinutesAgo: 75, problemType: 'sm_configuration' });
  make({ label: 'supportHold', subject: 'Urgent: cannot login', requester: dwight, form: FORMS.selfManaged, priority: 'urgent', createdMinutesAgo: 12, problemType: 'sm_authentication' });
  make({ label: 'noPlanTag', subject: 'API rate limits question', requester: maya, form: FORMS.saas, priority: 'low', createdMinutesAgo: 900, problemType: 'saas_performance' });
  make({ label: 'usgov', subject: 'FedRAMP instance upgrade window', requester: fed, form: FORMS.usgovSupport, priority: 'normal', createdMinutesAgo: 140 });

  // --- Every form (those not above) and every priority ---
  make({ label: 'twoFa', subject: 'Lost 2FA device', requester: ian, form: FORMS.twoFa, priority: 'normal', createdMinutesAgo: 220 });
  make({ label: 'saasAccount', subject: 'Account blocked after password resets', requester: fred, form: FORMS.saasAccount, priority: 'low', createdMinutesAgo: 260, org: null, problemType: 'saas_account_blocked' });
  make({ label: 'dedicated', subject: 'Dedicated: maintenance window change', requester: gina, form: FORMS.dedicated, priority: 'high', createdMinutesAgo: 160 });
  make({ label: 'lnr', subject: 'Add seats to subscription', requester: bob, form: FORMS.lnr, priority: 'low', createdMinutesAgo: 330, problemType: 'lnr_subscription_change' });
  make({ label: 'lnrNoOrg', subject: 'Customers portal login', requester: sam, form: FORMS.lnr, priority: 'normal', createdMinutesAgo: 45, org: null, problemType: 'lnr_customers_portal' });
  make({ label: 'billing', subject: 'Invoice shows wrong VAT', requester: alice, form: FORMS.billing, priority: 'normal', createdMinutesAgo: 210, problemType: 'billing_tax' });
  make({ label: 'alliance', subject: 'Partner: marketplace listing', requester: uma, form: FORMS.alliance, priority: 'low', createdMinutesAgo: 1200 });
  make({ label: 'supportOps', subject: 'Add colleague as support contact', requester: alice, form: FORMS.supportOps, priority: 'low', createdMinutesAgo: 350, problemType: 'manage_contacts' });
  make({ label: 'emergency', subject: 'EMERGENCY: all pipelines failing', requester: gina, form: FORMS.emergencies, priority: 'urgent', createdMinutesAgo: 8, tags: ['emergency'] });
  make({ label: 'internal', subject: 'Internal: license extension for customer', requester: margaret, form: FORMS.internal, priority: 'normal', createdMinutesAgo: 100, org: null });
  make({ label: 'internalLegacy', subject: 'Internal: access request', requester: linus, form: FORMS.internalLegacy, priority: 'low', createdMinutesAgo: 700, org: null });
  make({ label: 'internalStaff', subject: 'Internal: STAR for very breached ticket', requester: grace, form: FORMS.internalStaff, priority: 'high', createdMinutesAgo: 30, org: null });
  make({ label: 'usgovDedicated', subject: 'Gov Dedicated: DR test', requester: fed, form: FORMS.usgovDedicated, priority: 'low', createdMinutesAgo: 1500 });
  make({ label: 'usgovUpgrade', subject: 'Gov upgrade assistance 17.0', requester: fed, form: FORMS.usgovUpgrade, priority: 'normal', createdMinutesAgo: 2000 });
  make({ label: 'usgovOps', subject: 'Gov: contact list update', requester: fed, form: FORMS.usgovOps, priority: 'low', createdMinutesAgo: 600 });
  make({ label: 'usgovLnr', subject: 'Gov: renewal quote', requester: fed, form: FORMS.usgovLnr, priority: 'normal', createdMinutesAgo: 450 });
  make({ label: 'usgovEmergency', subject: 'Gov EMERGENCY: instance down', requester: fed, form: FORMS.usgovEmergency, priority: 'urgent', createdMinutesAgo: 5, tags: ['emergency'] });

  // --- Requesters with history in their org, solved and on-hold tickets ---
  make({ label: 'solved', subject: 'How to rotate runner tokens', requester: alice, form: FORMS.selfManaged, priority: 'low', createdMinutesAgo: 5000, assignee: ada, status: 'solved', problemType: 'sm_configuration', comments: [{ minutesAgo: 4900, author: ada, body: 'Here is the procedure: …' }] });
  make({ label: 'onHold', subject: 'Waiting on engineering fix', requester: bob, form: FORMS.selfManaged, priority: 'high', createdMinutesAgo: 3000, assignee: grace, status: 'hold', problemType: 'sm_upgrades', comments: [{ minutesAgo: 2900, author: grace, body: 'We opened an issue with engineering and will update you by Friday.' }] });
  make({ label: 'multiOrgRequester', subject: 'Runners on both subscriptions', requester: multi, form: FORMS.saas, priority: 'normal', createdMinutesAgo: 230, problemType: 'saas_runners' });
  make({ label: 'emailHigh', subject: 'Fwd: outage report', requester: bob, form: FORMS.otherRequest, priority: 'high', createdMinutesAgo: 40 });
  make({ label: 'emailUrgentPremium', subject: 'Emergency contact: repository corruption', requester: uma, form: FORMS.otherRequest, priority: 'urgent', createdMinutesAgo: 3, tags: ['emergency'] });

  return {
    now: zendeskTime(now),
    apiUserId: apiUser.id,
    agents,
    organizations,
    users,
    tickets,
    ticketCount: sim.tickets.size,
  };
}

/** Commitment suggestions for the local workspace to PUT into the service: upcoming, due soon and overdue. */
export function seedCommitments(seed: SeedResult, now: Date): SeedCommitment[] {
  const at = (minutes: number) => zendeskTime(new Date(now.getTime() + minutes * 60_000));
  const agent = (i: number) => seed.agents[i]?.id ?? seed.apiUserId;
  const spec: [string, number, number, string][] = [
    ['answeredAgentLast', 0, 24 * 60, 'Follow up on geo:status output tomorrow'],
    ['onHold', 1, 45, 'Promised an engineering update within the hour'],
    ['answeredWaitingAgent', 2, -90, 'Said we would confirm the runner fix this morning'],
    ['veryBreachedLow', 3, -24 * 60, 'Backup retention answer promised yesterday'],
    ['premium', 0, 6 * 60, 'Performance analysis by end of day'],
  ];
  return spec
    .filter(([label]) => seed.tickets[label] !== undefined)
    .map(([label, agentIndex, minutes, note]) => ({ ticketId: seed.tickets[label] ?? 0, agentId: agent(agentIndex), dueAt: at(minutes), note }));
}
