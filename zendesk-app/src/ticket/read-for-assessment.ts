import type { TicketSnapshot } from '@triage-assistant/shared';
import { loadCore } from '../domain/loaders';
import type { AppSettings } from '../zaf/settings';
import type { ZafClient } from '../zaf/zaf-client';
import { formOf, type RawTicketRead } from './ticket-read';

/** The agent saved: the draft the next read sees is what Zendesk has. */
export const SAVED_EVENT = 'ticket.saved';
/** Someone else (or a service fix) saved: the saved form is read from Zendesk, the agent's draft stays a draft. */
export const UPDATED_ELSEWHERE_EVENT = 'ticket.updated';

/** Field events after which the ticket is re-read and re-assessed. */
export const REFRESH_EVENTS = [
  'ticket.priority.changed',
  'ticket.form.id.changed',
  'ticket.status.changed',
  'ticket.requester.id.changed',
  'ticket.tags.changed',
];

/**
 * `ticket.custom_field_<id>.changed` for the fields the assessment reads (severity, region, each form's problem type):
 * the checklist's problem-type and priority checks follow the agent's edits, not only the next save.
 */
export function customFieldEvents(fields: { severityFieldId: number | null; regionFieldId: number | null; problemTypeFieldIds: readonly number[] }): string[] {
  const ids = [fields.severityFieldId, fields.regionFieldId, ...fields.problemTypeFieldIds];
  return [...new Set(ids.filter((id): id is number => id !== null))].map((id) => `ticket.custom_field_${id}.changed`);
}

/** A read made before the local policy was known (first-assessment.ts): what ZAF answered, and when. */
export interface EarlyTicketRead extends RawTicketRead {
  now: Date;
}

export interface TicketRead {
  snapshot: TicketSnapshot;
  /** The custom-field events to follow: the fields this read went through (they follow the local policy). */
  fieldEvents: string[];
  /** The snapshot is the early read's (its assessment, already asked for, is this snapshot's). */
  early: boolean;
}

/**
 * Reads the ticket through ZAF under the local policy (the service's once known), as the assessment needs it. An
 * early read is taken instead when it went through the same custom fields the local policy names and its answer
 * passes the snapshot schema; otherwise the ticket is read again.
 */
export async function readTicketForAssessment(client: ZafClient, settings: AppSettings, earlyRead: EarlyTicketRead | null = null): Promise<TicketRead> {
  const { readTicketSnapshot, toTicketSnapshot, problemTypeFieldFor, restoreServicePolicy, fieldsRead } = await loadCore();
  restoreServicePolicy();
  const fields = fieldsRead(settings);
  const fieldEvents = customFieldEvents(fields);
  const problemTypeField = (formId: number | null) => problemTypeFieldFor(formId, settings.problemTypeFieldIds);
  if (earlyRead !== null) {
    const { raw, fields: used } = earlyRead;
    const sameFields =
      used.severityFieldId === fields.severityFieldId && used.regionFieldId === fields.regionFieldId && used.problemTypeFieldId === problemTypeField(formOf(raw));
    if (sameFields) {
      try {
        return { snapshot: toTicketSnapshot(raw, used, earlyRead.now), fieldEvents, early: true };
      } catch {
        // Not a valid snapshot: read again, and let that read report it.
      }
    }
  }
  const snapshot = await readTicketSnapshot(
    client,
    { severityFieldId: fields.severityFieldId, regionFieldId: fields.regionFieldId, problemTypeFieldFor: problemTypeField },
    new Date(),
  );
  return { snapshot, fieldEvents, early: false };
}
