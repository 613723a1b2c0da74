import { z } from 'zod';
import { InstantSchema, PrioritySchema, SlaMetricSchema } from './common.js';
import { CommitmentStatusSchema } from './commitment.js';

/** The four triage checks, in the order they must be fixed. */
export const TRIAGE_CHECKS = ['organization', 'form', 'priority', 'problem_type'] as const;
export const TriageCheckSchema = z.enum(TRIAGE_CHECKS);
export type TriageCheck = z.infer<typeof TriageCheckSchema>;

/** One fix, as data: the service runs `associate_organization`; the others go into the agent's unsaved ticket. */
export const FixActionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('associate_organization'),
    /** null: the agent must pick one (suggestions come from the service). */
    organizationId: z.number().int().positive().nullable(),
  }),
  z.object({
    kind: z.literal('set_form'),
    formId: z.number().int().positive(),
    /** For display in the sidebar. A fix run ignores it: the service names the form from its policy, else Zendesk. */
    formName: z.string(),
  }),
  z.object({ kind: z.literal('set_priority'), priority: PrioritySchema }),
  z.object({
    kind: z.literal('set_problem_type'),
    fieldId: z.number().int().positive(),
    /** null: the agent must choose one of `options`. */
    value: z.string().nullable(),
    /**
     * The policy's values for the field, for the sidebar's picker. A fix run does not trust them: it checks the field
     * and the value against its own policy (service/src/use-cases/fix-runs/plan.ts).
     */
    options: z.array(z.string()),
  }),
]);
export type FixAction = z.infer<typeof FixActionSchema>;

export const FindingSchema = z.object({
  /** Stable code, e.g. `organization.missing`, `form.needs_entitlement`, `priority.severity_mismatch`. */
  code: z.string(),
  check: TriageCheckSchema,
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  /** What this means for the SLA, e.g. "no organization → no SLA applies; with it, first reply due 14:30 PT". */
  slaImpact: z.string().nullable(),
  fix: FixActionSchema.nullable(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** One line of the checklist, in fix order. */
export const CheckResultSchema = z.object({
  check: TriageCheckSchema,
  status: z.enum(['pass', 'fail', 'warn']),
  summary: z.string(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const FixStepSchema = z.object({
  id: z.string(),
  action: FixActionSchema,
  /** Step ids that must be done first. */
  dependsOn: z.array(z.string()),
  /** Where the step runs: through the service (admin token) or in the agent's unsaved ticket (`client.set`). */
  runsIn: z.enum(['service', 'ticket']),
  /** Why order matters for this step, e.g. the auto-reply a form change fires on an organization-less ticket. */
  orderReason: z.string().nullable(),
});
export type FixStep = z.infer<typeof FixStepSchema>;

export const SLA_STATES = ['none', 'active', 'warning', 'breached', 'achieved', 'paused'] as const;
export const SlaStateSchema = z.enum(SLA_STATES);
export type SlaState = z.infer<typeof SlaStateSchema>;

export const DeadlineChangeSchema = z.object({
  at: InstantSchema,
  reason: z.string(),
  from: InstantSchema.nullable(),
  to: InstantSchema.nullable(),
});
export type DeadlineChange = z.infer<typeof DeadlineChangeSchema>;

export const SlaStatusSchema = z.object({
  metric: SlaMetricSchema,
  state: SlaStateSchema,
  target: z
    .object({
      plan: z.string(),
      priority: PrioritySchema,
      minutes: z.number(),
      /** Schedule id or `calendar`. */
      schedule: z.string(),
      scheduleName: z.string(),
      source: z.string(),
    })
    .nullable(),
  startedAt: InstantSchema.nullable(),
  /** The engine's own deadline. */
  engineDueAt: InstantSchema.nullable(),
  /** Zendesk's `breach_at`, when it has one: authoritative for the countdown. */
  zendeskBreachAt: InstantSchema.nullable(),
  /** The deadline to count down to: Zendesk's when present, else the engine's. */
  dueAt: InstantSchema.nullable(),
  fulfilledAt: InstantSchema.nullable(),
  pausedSince: InstantSchema.nullable(),
  businessMinutesElapsed: z.number().nullable(),
  /** Business minutes left (negative once breached). */
  businessMinutesLeft: z.number().nullable(),
  /** One line for humans: "High priority, Priority Support: 4 business hours on 24x5; clock started …; due …". */
  explanation: z.string(),
  deadlineChanges: z.array(DeadlineChangeSchema),
  /** Zendesk and the engine disagree by more than a minute: shown, never hidden. */
  disagreement: z
    .object({ zendeskBreachAt: InstantSchema, engineDueAt: InstantSchema, minutesApart: z.number(), message: z.string() })
    .nullable(),
  /** Instants when reminders for this metric fire (elapsed-percent and minutes-before thresholds, and breach). */
  reminderAt: z.array(z.object({ at: InstantSchema, label: z.string() })),
});
export type SlaStatus = z.infer<typeof SlaStatusSchema>;

/** A pending change the agent is about to save, for the save-time guard. */
export const PendingChangeSchema = z.object({
  formId: z.number().int().positive().nullable().optional(),
  priority: PrioritySchema.nullable().optional(),
  status: z.enum(['new', 'open', 'pending', 'hold', 'solved', 'closed']).optional(),
  comment: z.object({ public: z.boolean(), text: z.string().default('') }).nullable().optional(),
});
export type PendingChange = z.infer<typeof PendingChangeSchema>;

export const GuardDecisionSchema = z.object({
  decision: z.enum(['block', 'warn', 'ok']),
  /** Stable codes of the reasons, e.g. `form.entitlement_without_org`, `sla.reply_after_breach`. */
  codes: z.array(z.string()),
  /** Message to show; empty only when `ok`. Never block without saying why. */
  message: z.string(),
});
export type GuardDecision = z.infer<typeof GuardDecisionSchema>;

export const AssessmentSchema = z.object({
  ticketId: z.number().int().positive().nullable(),
  assessedAt: InstantSchema,
  policy: z.object({ name: z.string(), version: z.number() }),
  plan: z.object({ id: z.string(), name: z.string(), sla: z.boolean(), reason: z.string() }),
  checks: z.array(CheckResultSchema),
  findings: z.array(FindingSchema),
  fixPlan: z.array(FixStepSchema),
  sla: z.array(SlaStatusSchema),
  commitment: CommitmentStatusSchema.nullable(),
});
export type Assessment = z.infer<typeof AssessmentSchema>;
