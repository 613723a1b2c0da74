import { z } from 'zod';
import { PrioritySchema, SlaMetricSchema, SourceSchema, TicketStatusSchema } from './common.js';
import { ScheduleSchema } from './schedule.js';

/** `calendar` means 24/7 elapsed time (Zendesk's `business_hours: false`); anything else names a schedule id. */
export const CALENDAR = 'calendar' as const;

/** A ticket form and what triage needs to know about it. */
export const FormPolicySchema = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1),
  /** The requester needs a paying, associated organization for this form. */
  requiresEntitlement: z.boolean(),
  /** The form's problem-type drop-down: its field id and allowed tag values (empty list: any value). */
  problemType: z
    .object({
      fieldId: z.number().int().positive(),
      name: z.string().min(1),
      values: z.array(z.string()),
      required: z.boolean().default(true),
    })
    .nullable()
    .default(null),
  /** How an agent moves a ticket onto this form: directly, or through a macro that Support Ops acts on. */
  switchable: z.enum(['direct', 'macro']).default('macro'),
  macro: z.string().optional(),
  /** Generic catch-all form that email-created tickets land on and that should be re-triaged. */
  generic: z.boolean().default(false),
  /** Internal request form (staff); never flagged for missing entitlement. */
  internal: z.boolean().default(false),
  source: SourceSchema.optional(),
});
export type FormPolicy = z.infer<typeof FormPolicySchema>;

/** A plan (support level) and whether it carries an SLA at all. */
export const PlanSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  sla: z.boolean(),
  /** Plans that may raise Urgent / emergencies. */
  emergencyEntitled: z.boolean().default(false),
  source: SourceSchema.optional(),
});
export type Plan = z.infer<typeof PlanSchema>;

/** Conditions of a plan-resolution rule; every condition given must hold. */
export const PlanConditionSchema = z.object({
  hasOrganization: z.boolean().optional(),
  formIds: z.array(z.number().int().positive()).optional(),
  organizationTagsAny: z.array(z.string()).optional(),
  ticketTagsAny: z.array(z.string()).optional(),
  organizationField: z
    .object({ key: z.string().min(1), in: z.array(z.union([z.string(), z.number(), z.boolean()])) })
    .optional(),
});
export type PlanCondition = z.infer<typeof PlanConditionSchema>;

export const PlanRuleSchema = z.object({
  plan: z.string().min(1),
  when: PlanConditionSchema,
  description: z.string().optional(),
  source: SourceSchema.optional(),
});
export type PlanRule = z.infer<typeof PlanRuleSchema>;

/** 365 days of minutes: the longest SLA target a policy may set. */
export const MAX_TARGET_MINUTES = 525_600;

/** One SLA target: plan × priority × metric → minutes on a schedule. */
export const SlaTargetSchema = z.object({
  plan: z.string().min(1),
  priority: PrioritySchema,
  metric: SlaMetricSchema,
  /**
   * Capped at a year of minutes: a support SLA beyond that is a unit mistake (hours or seconds typed as minutes), and
   * the business-time walk over such a target takes seconds per assessment (1e9 minutes: ~25 s), stalling the service.
   */
  minutes: z.number().positive().max(MAX_TARGET_MINUTES, { message: `at most ${MAX_TARGET_MINUTES} (one year); check the unit: minutes` }),
  /** A schedule id, or `calendar` for 24/7. */
  schedule: z.string().min(1),
  source: SourceSchema,
});
export type SlaTarget = z.infer<typeof SlaTargetSchema>;

export const PriorityRulesSchema = z.object({
  /** Customer Severity tag value → Priority (set by a trigger on creation). */
  severityToPriority: z.record(z.string(), PrioritySchema),
  /** Forms that are the emergency path (e.g. Emergencies): Urgent is expected there. */
  emergencyFormIds: z.array(z.number().int().positive()).default([]),
  /** Ticket tags that mark the emergency path (e.g. mail to the emergency address). */
  emergencyTags: z.array(z.string()).default([]),
  /** Priority a Severity-1 request gets outside the emergency path: `urgent` (current) or `high` (about 2021). */
  sev1OutsideEmergency: z.enum(['urgent', 'high']).default('urgent'),
  source: SourceSchema.optional(),
});
export type PriorityRules = z.infer<typeof PriorityRulesSchema>;

export const WarningPolicySchema = z.object({
  /** Reminder when this share of the target has elapsed (e.g. 50, 75). */
  elapsedPercent: z.array(z.number().gt(0).lt(100)).default([50, 75]),
  /** Reminder this many minutes before breach (wall-clock minutes, e.g. 15). */
  minutesBefore: z.array(z.number().positive()).default([15]),
  /** A status is `warning` when the breach is this close (minutes); also the composer's warning window. */
  warningWindowMinutes: z.number().positive().default(120),
  /** A commitment is `due soon` this many minutes before its due time. */
  commitmentDueSoonMinutes: z.number().positive().default(60),
  /** Reminders before a commitment is due (minutes). */
  commitmentReminderMinutes: z.array(z.number().nonnegative()).default([60, 0]),
  source: SourceSchema.optional(),
});
export type WarningPolicy = z.infer<typeof WarningPolicySchema>;

export const ClockPolicySchema = z.object({
  /** Statuses that pause each metric (Zendesk: FRT/NRT never pause; periodic update pauses on none). */
  pauseOn: z.partialRecord(SlaMetricSchema, z.array(TicketStatusSchema)).default({}),
  /** On a priority or plan change: recompute from the original start (Zendesk) or restart the clock at the change. */
  onPriorityChange: z.enum(['recompute', 'restart']).default('recompute'),
  /** Regional schedules: a region value picks a schedule for the listed metrics (else the target's schedule). */
  regionalSchedules: z
    .object({
      metrics: z.array(SlaMetricSchema),
      byRegion: z.record(z.string(), z.string()),
    })
    .nullable()
    .default(null),
  source: SourceSchema.optional(),
});
export type ClockPolicy = z.infer<typeof ClockPolicySchema>;

/**
 * The account's custom ticket fields triage reads, by Zendesk field id. Account-specific (another account's ids mean
 * nothing here), so both default to null: no Customer Severity field means no expected priority from severity, no
 * Preferred Region field means the target's own schedule. An installation setting may name another field.
 */
export const TicketFieldsPolicySchema = z.object({
  /** Customer Severity drop-down (its tag values are the keys of `priority.severityToPriority`). */
  customerSeverity: z.number().int().positive().nullable().default(null),
  /** Preferred Region drop-down (its tag values are the keys of `clock.regionalSchedules.byRegion`). */
  preferredRegion: z.number().int().positive().nullable().default(null),
  source: SourceSchema.optional(),
});
export type TicketFieldsPolicy = z.infer<typeof TicketFieldsPolicySchema>;

/** The whole account policy: validated JSON, GitLab's shipped as the default. */
export const PolicySchema = z
  .object({
    name: z.string().min(1),
    version: z.number().int().positive(),
    description: z.string().optional(),
    schedules: z.array(ScheduleSchema).min(1),
    plans: z.array(PlanSchema).min(1),
    /** First matching rule wins (like Zendesk's policy position); `defaultPlan` otherwise. */
    planRules: z.array(PlanRuleSchema),
    defaultPlan: z.string().min(1),
    slaTargets: z.array(SlaTargetSchema),
    forms: z.array(FormPolicySchema),
    priority: PriorityRulesSchema,
    warnings: WarningPolicySchema.default(WarningPolicySchema.parse({})),
    clock: ClockPolicySchema.default(ClockPolicySchema.parse({})),
    organization: z
      .object({
        /** Support contacts allowed per organization (association pre-check). */
        maxContacts: z.number().int().positive().default(30),
        source: SourceSchema.optional(),
      })
      .default({ maxContacts: 30 }),
    fields: TicketFieldsPolicySchema.default({ customerSeverity: null, preferredRegion: null }),
  })
  .superRefine((policy, ctx) => {
    // Lookups take the first entry with an id: a second one would be silently dead.
    const scheduleIds = new Set<string>();
    policy.schedules.forEach((s, i) => {
      if (s.id === CALENDAR) {
        ctx.addIssue({
          code: 'custom',
          path: ['schedules', i, 'id'],
          message: `"${CALENDAR}" is reserved for 24/7 calendar time in targets; name the schedule otherwise`,
        });
      } else if (scheduleIds.has(s.id)) {
        ctx.addIssue({ code: 'custom', path: ['schedules', i, 'id'], message: `duplicate schedule id "${s.id}"` });
      }
      scheduleIds.add(s.id);
    });
    const planIds = new Set<string>();
    policy.plans.forEach((p, i) => {
      if (planIds.has(p.id)) ctx.addIssue({ code: 'custom', path: ['plans', i, 'id'], message: `duplicate plan id "${p.id}"` });
      planIds.add(p.id);
    });
    const known = (id: string) => planIds.has(id);
    if (!known(policy.defaultPlan)) {
      ctx.addIssue({ code: 'custom', path: ['defaultPlan'], message: `unknown plan "${policy.defaultPlan}"` });
    }
    policy.planRules.forEach((rule, i) => {
      if (!known(rule.plan)) ctx.addIssue({ code: 'custom', path: ['planRules', i, 'plan'], message: `unknown plan "${rule.plan}"` });
    });
    const seen = new Set<string>();
    policy.slaTargets.forEach((t, i) => {
      if (!known(t.plan)) ctx.addIssue({ code: 'custom', path: ['slaTargets', i, 'plan'], message: `unknown plan "${t.plan}"` });
      if (t.schedule !== CALENDAR && !scheduleIds.has(t.schedule)) {
        ctx.addIssue({ code: 'custom', path: ['slaTargets', i, 'schedule'], message: `unknown schedule "${t.schedule}"` });
      }
      const key = `${t.plan}/${t.priority}/${t.metric}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['slaTargets', i], message: `duplicate target for ${key}` });
      seen.add(key);
    });
    const formIds = new Set<number>();
    policy.forms.forEach((f, i) => {
      if (formIds.has(f.id)) ctx.addIssue({ code: 'custom', path: ['forms', i, 'id'], message: `duplicate form id ${f.id}` });
      formIds.add(f.id);
    });
    for (const [region, scheduleId] of Object.entries(policy.clock.regionalSchedules?.byRegion ?? {})) {
      if (scheduleId !== CALENDAR && !scheduleIds.has(scheduleId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['clock', 'regionalSchedules', 'byRegion', region],
          message: `unknown schedule "${scheduleId}"`,
        });
      }
    }
  });
export type Policy = z.infer<typeof PolicySchema>;
export type PolicyInput = z.input<typeof PolicySchema>;
