import type { TicketSnapshot } from '@triage-assistant/shared';
import { TicketSnapshotSchema } from '../domain/shared-core';
import type { ZafClient } from '../zaf/zaf-client';
import { mapTicketSnapshot, readTicketRaw, type SnapshotFields } from './ticket-read';

export { TICKET_PATHS, customFieldPath, type SnapshotFields } from './ticket-read';

/**
 * Maps what ZAF answered into our TicketSnapshot (ticket-read.ts) and checks it against the schema. Pure: `now`
 * stands in for the creation time of an unsaved ticket.
 */
export function toTicketSnapshot(raw: Record<string, unknown>, fields: SnapshotFields, now: Date): TicketSnapshot {
  return TicketSnapshotSchema.parse(mapTicketSnapshot(raw, fields, now));
}

/**
 * Reads the ticket through ZAF: the base paths, then the custom fields the form needs.
 * `problemTypeFieldFor` says which field holds the problem type on a form (settings first, then the policy).
 */
export async function readTicketSnapshot(
  client: ZafClient,
  options: { severityFieldId: number | null; regionFieldId: number | null; problemTypeFieldFor: (formId: number | null) => number | null },
  now: Date,
): Promise<TicketSnapshot> {
  const { raw, fields } = await readTicketRaw(client, options);
  return toTicketSnapshot(raw, fields, now);
}
