import type { AuthorRole } from '@triage-assistant/shared';
import type { ZafClient } from '../zaf/zaf-client';

/**
 * Reading a ticket through ZAF and mapping it to the snapshot's shape, without zod: the sidebar's first read starts at
 * registration (first-assessment.ts), before the zod chunk has loaded. read-snapshot.ts adds the schema's parse.
 */

/** Ticket paths read on every refresh (ZENDESK.md §2.2). Custom fields are read in a second call once the form is known. */
export const TICKET_PATHS = [
  'ticket.id',
  'ticket.createdAt',
  'ticket.updatedAt',
  'ticket.status',
  'ticket.priority',
  'ticket.type',
  'ticket.form.id',
  'ticket.organization',
  'ticket.requester',
  'ticket.tags',
  'ticket.via',
  'ticket.comments',
] as const;

/** Custom field ids to read for this ticket. */
export interface SnapshotFields {
  severityFieldId: number | null;
  problemTypeFieldId: number | null;
  regionFieldId: number | null;
}

import { customFieldPath } from './paths';

export { customFieldPath };

type Raw = Record<string, unknown>;

const obj = (value: unknown): Raw | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : null);
const positiveInt = (value: unknown): number | null => {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
};
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const iso = (value: unknown): string | null => {
  if (typeof value !== 'string' && !(value instanceof Date)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

function authorRole(author: Raw | null): AuthorRole {
  const role = author?.['role'];
  if (role === 'agent' || role === 'admin') return 'agent';
  if (role === 'end-user' || role === 'end_user') return 'end-user';
  // ZAF has no bot/system roles; anything unknown must not fulfil a reply SLA, but an end-user comment does no harm.
  return 'end-user';
}

/**
 * Maps what ZAF answered into our TicketSnapshot. Pure: `now` stands in for the creation time of an unsaved ticket.
 * ZAF shapes for `ticket.comments` are not fully documented: `createdAt`/`created_at` and `isPublic`/`public` are
 * both accepted, and a comment without a time is skipped (the SLA engine cannot place it; the service re-reads
 * comments with its own credentials anyway).
 */
export function mapTicketSnapshot(raw: Raw, fields: SnapshotFields, now: Date): Raw {
  const org = obj(raw['ticket.organization']);
  const requester = obj(raw['ticket.requester']) ?? {};
  const orgFields = obj(org?.['organizationFields']) ?? obj(org?.['organization_fields']) ?? {};
  const domains = org?.['domains'] ?? org?.['domainNames'];
  const via = obj(raw['ticket.via']);
  const comments = Array.isArray(raw['ticket.comments']) ? (raw['ticket.comments'] as unknown[]) : [];
  const requesterRole = requester['role'];
  const severity = fields.severityFieldId === null ? null : raw[customFieldPath(fields.severityFieldId)];
  const problemType = fields.problemTypeFieldId === null ? null : raw[customFieldPath(fields.problemTypeFieldId)];
  const region = fields.regionFieldId === null ? null : raw[customFieldPath(fields.regionFieldId)];

  return {
    id: positiveInt(raw['ticket.id']),
    createdAt: iso(raw['ticket.createdAt']) ?? now.toISOString(),
    ...(iso(raw['ticket.updatedAt']) ? { updatedAt: iso(raw['ticket.updatedAt']) } : {}),
    status: text(raw['ticket.status']) ?? 'new',
    priority: text(raw['ticket.priority']),
    type: text(raw['ticket.type']),
    formId: positiveInt(raw['ticket.form.id']),
    organization:
      org && positiveInt(org['id'])
        ? {
            id: positiveInt(org['id']),
            name: typeof org['name'] === 'string' ? org['name'] : '',
            tags: Array.isArray(org['tags']) ? org['tags'].filter((t) => typeof t === 'string') : [],
            fields: Object.fromEntries(
              Object.entries(orgFields).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v)),
            ),
            ...(Array.isArray(domains)
              ? { domainNames: domains.filter((d) => typeof d === 'string') }
              : typeof domains === 'string' && domains.trim()
                ? { domainNames: domains.trim().split(/\s+/) }
                : {}),
          }
        : null,
    requester: {
      id: positiveInt(requester['id']) ?? 1,
      email: text(requester['email']),
      ...(typeof requester['name'] === 'string' ? { name: requester['name'] } : {}),
      role: requesterRole === 'agent' || requesterRole === 'admin' ? requesterRole : 'end-user',
      organizationIds: org && positiveInt(org['id']) ? [positiveInt(org['id'])] : [],
    },
    customerSeverity: text(severity),
    problemType: text(problemType),
    region: text(region),
    tags: Array.isArray(raw['ticket.tags']) ? raw['ticket.tags'].filter((t) => typeof t === 'string') : [],
    via: { channel: text(via?.['channel']) ?? (typeof raw['ticket.via'] === 'string' ? raw['ticket.via'] : 'web') },
    comments: comments.flatMap((c) => {
      const comment = obj(c);
      const createdAt = iso(comment?.['createdAt'] ?? comment?.['created_at']);
      if (!comment || !createdAt) return [];
      const author = obj(comment['author']);
      const isPublic = comment['isPublic'] ?? comment['public'];
      return [
        {
          ...(positiveInt(comment['id']) ? { id: positiveInt(comment['id']) } : {}),
          public: isPublic !== false,
          authorRole: authorRole(author),
          ...(positiveInt(author?.['id']) ? { authorId: positiveInt(author?.['id']) } : {}),
          createdAt,
        },
      ];
    }),
  };
}

/** What a ticket read through ZAF answered (base paths and custom fields), and the custom fields it read. */
export interface RawTicketRead {
  raw: Raw;
  fields: SnapshotFields;
}

/** The form a read ticket is on (null: none, e.g. a new ticket before one is chosen). */
export const formOf = (raw: Raw): number | null => positiveInt(raw['ticket.form.id']);

/**
 * Reads the ticket through ZAF: the base paths, then the custom fields the form needs.
 * `problemTypeFieldFor` says which field holds the problem type on a form (settings first, then the policy).
 */
export async function readTicketRaw(
  client: ZafClient,
  options: { severityFieldId: number | null; regionFieldId: number | null; problemTypeFieldFor: (formId: number | null) => number | null },
): Promise<RawTicketRead> {
  const base = await client.get([...TICKET_PATHS]);
  const fields: SnapshotFields = {
    severityFieldId: options.severityFieldId,
    problemTypeFieldId: options.problemTypeFieldFor(formOf(base)),
    regionFieldId: options.regionFieldId,
  };
  const customPaths = [fields.severityFieldId, fields.problemTypeFieldId, fields.regionFieldId]
    .filter((id): id is number => id !== null)
    .map(customFieldPath);
  // Unreadable fields (not on this form) come back under `errors` and simply stay null.
  const custom = await client.get(customPaths);
  return { raw: { ...base, ...custom }, fields };
}
