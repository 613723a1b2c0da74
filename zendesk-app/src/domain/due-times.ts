import type { Assessment } from '@triage-assistant/shared';
import { suggestDueTimes } from '@triage-assistant/shared/src/commitments/suggest.js';
import type { DueTimeChoice } from '../components/CommitmentPanel';
import { formatDateTime } from '../format/format';
import type { Translate } from '../i18n/i18n';
import { localPolicy } from './local';

/**
 * Quick picks for "next update due": business-hours aware on the schedule the ticket's first-reply target runs on
 * (the policy's first schedule when the ticket has no SLA or a 24/7 one). Labels are translated by suggestion id.
 */
export function dueTimeChoices(assessment: Assessment, now: Date, timeZone: string, t: Translate, locale = 'en-US'): DueTimeChoice[] {
  const scheduleId = assessment.sla.find((s) => s.metric === 'first_reply_time')?.target?.schedule;
  const policy = localPolicy();
  const schedule = policy.schedules.find((s) => s.id === scheduleId) ?? policy.schedules[0];
  if (!schedule) return [];
  return suggestDueTimes(schedule, now, timeZone).map((s) => ({
    label: t(`commitment.pick.${s.id}`),
    at: s.dueAt,
    title: formatDateTime(s.dueAt, locale, timeZone) + (s.outsideBusinessHours ? ` — ${t('commitment.outside_hours')}` : ''),
  }));
}
