import bundledPolicy from '@triage-assistant/shared/src/policy/gitlab.policy.json';
import type { Assessment, TicketSnapshot } from '@triage-assistant/shared';
import { ServiceClient, serviceIdentity } from '../api/service-client';
import { fieldsReadFrom, POLICY_STORAGE_KEY, problemTypeFieldIn, type PolicyFields } from '../domain/policy-fields';
import type { ZafRegistration } from '../zaf/ZafClientProvider';
import type { ZafClient } from '../zaf/zaf-client';
import { customFieldEvents, REFRESH_EVENTS, SAVED_EVENT, UPDATED_ELSEWHERE_EVENT, type EarlyTicketRead } from './read-for-assessment';
import { mapTicketSnapshot, readTicketRaw } from './ticket-read';

/**
 * The sidebar's first ticket read and assessment, started the moment ZAF registers the app instead of when the sidebar
 * mounts. Between the two, the agent is read, the providers render, the sidebar's code and the zod chunk are
 * evaluated (BENCHMARKS.md §4): the read and the service's round trip (through Zendesk's proxy on a real account)
 * now run during that time. Nothing here waits for zod: the read goes through the fields the policy kept from the
 * service's last answer names, else the bundled policy's, and the sidebar takes it only if its own (checked) local
 * policy names the same fields and the answer passes the snapshot schema (read-for-assessment.ts).
 * One per iframe document, taken once.
 */
export interface FirstAssessment {
  read: Promise<EarlyTicketRead>;
  /** The service's assessment of `read`'s ticket; rejects as `ServiceClient.assess` does, or when the read failed. */
  assessment: Promise<Assessment>;
  /**
   * Stops watching the ticket for the early read. Until then, a change to a field it read calls the taker's
   * `onLateChange`: the sidebar follows its custom fields only once its own read has named them, a moment after it
   * took this, and an edit in that moment would otherwise never be assessed.
   */
  release(): void;
}

/** The locations whose first assessment is started at registration (the ticket sidebars). */
const SIDEBAR_LOCATIONS = new Set(['ticket_sidebar', 'new_ticket_sidebar']);

interface Started {
  client: ZafClient;
  read: Promise<EarlyTicketRead>;
  assessment: Promise<Assessment>;
  /** A field event or a save came after the read started: the read may not be the ticket any more. */
  stale: boolean;
  /** Set once taken: told of every later change, until released. */
  onLateChange: (() => void) | null;
  released: boolean;
  unsubscribe: () => void;
}

let started: Started | null = null;

function discard(): void {
  started?.unsubscribe();
  started = null;
}

/** The service's policy as kept by an earlier session, unchecked (only its field ids are used, and checked later). */
function keptServicePolicy(): PolicyFields | null {
  try {
    const raw = globalThis.localStorage?.getItem(POLICY_STORAGE_KEY);
    const policy = raw ? (JSON.parse(raw) as Partial<PolicyFields> | null) : null;
    return policy && typeof policy.fields === 'object' && policy.fields !== null && Array.isArray(policy.forms) ? (policy as PolicyFields) : null;
  } catch {
    return null;
  }
}

/** The kept service policy, else the bundled one (already in the initial chunk: zaf/settings.ts reads its fields). */
function policyFields(): PolicyFields {
  return keptServicePolicy() ?? (bundledPolicy as unknown as PolicyFields);
}

/** Starts the first read and assessment for a ticket sidebar (a no-op for other locations). */
export function startFirstAssessment({ client, context, settings, currentUser }: ZafRegistration): void {
  if (!SIDEBAR_LOCATIONS.has(context.location)) return;
  discard();
  const policy = policyFields();
  const fieldsToRead = fieldsReadFrom(policy, settings);
  const now = new Date();
  const read: Promise<EarlyTicketRead> = readTicketRaw(client, {
    severityFieldId: fieldsToRead.severityFieldId,
    regionFieldId: fieldsToRead.regionFieldId,
    problemTypeFieldFor: (formId) => problemTypeFieldIn(policy, formId, settings.problemTypeFieldIds),
  }).then(({ raw, fields }) => ({ raw, fields, now }));
  // Unchecked here; the service checks the body with the same schema, and the sidebar checks it before taking it.
  const assessment = Promise.all([read, currentUser]).then(([{ raw, fields, now }, agent]) =>
    new ServiceClient(client, serviceIdentity(context, agent.id)).assess(mapTicketSnapshot(raw, fields, now) as unknown as TicketSnapshot),
  );
  // Observed by the sidebar when it takes them; until then a failure must not surface as an unhandled rejection.
  read.catch(() => undefined);
  assessment.catch(() => undefined);

  const entry: Started = { client, read, assessment, stale: false, onLateChange: null, released: false, unsubscribe: () => undefined };
  const markStale = () => {
    entry.stale = true;
    entry.onLateChange?.();
  };
  // Any custom-field edit may be one the assessment reads: which ones is known only once the local policy is.
  const events = [...REFRESH_EVENTS, SAVED_EVENT, UPDATED_ELSEWHERE_EVENT];
  for (const event of events) client.on(event, markStale);
  let fieldEvents: string[] = [];
  read.then(
    ({ fields }) => {
      if (entry.released) return;
      fieldEvents = customFieldEvents({ ...fields, problemTypeFieldIds: fields.problemTypeFieldId === null ? [] : [fields.problemTypeFieldId] });
      for (const event of fieldEvents) client.on(event, markStale);
    },
    () => undefined,
  );
  entry.unsubscribe = () => {
    entry.released = true;
    for (const event of [...events, ...fieldEvents]) client.off(event, markStale);
  };
  started = entry;
}

/**
 * The first assessment started at registration, handed out once. null when none was started for this client, it was
 * taken already, or the ticket changed after its read began: the sidebar then reads the ticket itself. Once taken, a
 * change calls `onLateChange` until the taker calls `release()`.
 */
export function takeFirstAssessment(client: ZafClient, onLateChange: () => void): FirstAssessment | null {
  const entry = started;
  if (entry === null || entry.client !== client) return null;
  started = null;
  if (entry.stale) {
    entry.unsubscribe();
    return null;
  }
  entry.onLateChange = onLateChange;
  return { read: entry.read, assessment: entry.assessment, release: entry.unsubscribe };
}

/** Forgets a first assessment nobody took (tests: each starts on a new page). */
export function resetFirstAssessment(): void {
  discard();
}
