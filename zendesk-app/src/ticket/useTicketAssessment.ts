import { useCallback, useEffect, useRef, useState } from 'react';
import type { Assessment, TicketSnapshot } from '@triage-assistant/shared';
import { ServiceError, type ServiceClient } from '../api/service-client';
import { loadCore, loadEngine } from '../domain/loaders';
import type { AppSettings } from '../zaf/settings';
import type { ZafClient } from '../zaf/zaf-client';
import { takeFirstAssessment, type FirstAssessment } from './first-assessment';
import { readTicketForAssessment, REFRESH_EVENTS, SAVED_EVENT, UPDATED_ELSEWHERE_EVENT } from './read-for-assessment';
import { readSavedFields, type SavedFields } from './saved-fields';

export type { SavedFields } from './saved-fields';

/** While degraded, the service is retried in the background at this interval. */
export const OFFLINE_RETRY_MS = 15_000;

export interface TicketAssessmentState {
  snapshot: TicketSnapshot | null;
  assessment: Assessment | null;
  /** Why the service was not used (null: the assessment came from the service). */
  offlineReason: string | null;
  /** ZAF could not even read the ticket. */
  error: string | null;
  /**
   * The form, priority and status when the sidebar first read the ticket, or after the last save: what the agent's draft
   * changes. The save guard compares against these — the snapshot is re-read on every field change, so after the
   * 250 ms re-read it already holds the draft's form and would see no change at all.
   */
  saved: SavedFields | null;
}

/**
 * Reads the ticket through ZAF and assesses it with the service; on failure or a > 2 s answer, assesses locally with
 * the local policy (the service's once known, else the bundled one), marks the result offline, and retries the
 * service every 15 s until it answers again.
 */
export function useTicketAssessment(client: ZafClient, service: ServiceClient, settings: AppSettings) {
  const [state, setState] = useState<TicketAssessmentState>({ snapshot: null, assessment: null, offlineReason: null, error: null, saved: null });
  const generation = useRef(0);
  const saved = useRef<SavedFields | null>(null);
  /** A save event came since the last read: the next read is the saved ticket. */
  const resave = useRef(true);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const ticketId = useRef<number | null>(null);
  /**
   * The field-change events listened to, space-separated: the fields the ticket was last read through. They follow the
   * policy, so an account's POLICY_FILE fields (with empty settings) re-assess on the agent's edits too. Set by the
   * first read, which starts on mount.
   */
  const [fieldEvents, setFieldEvents] = useState('');
  const onFieldChange = useRef<() => void>(() => undefined);
  /** The first read and assessment, when started at registration (first-assessment.ts): the first refresh's. */
  const early = useRef<FirstAssessment | null>(null);
  /** Ends the early read's watch once this hook follows the custom fields itself. */
  const releaseEarly = useRef<(() => void) | null>(null);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    clearTimeout(retryTimer.current);
    const started = early.current;
    early.current = null;
    let snapshot: TicketSnapshot;
    /** The service's answer already on its way for this snapshot (started at registration). */
    let answer: Promise<Assessment> | null = null;
    try {
      // A failed early read is read again here: the sidebar's own read reports the failure, as without the early start.
      const earlyRead = started ? await started.read.catch(() => null) : null;
      const read = await readTicketForAssessment(client, settings, earlyRead);
      if (read.early && started) answer = started.assessment;
      setFieldEvents(read.fieldEvents.join(' '));
      snapshot = read.snapshot;
    } catch (error) {
      if (mine !== generation.current) return;
      setState((s) => ({ ...s, error: (error as Error).message }));
      // Read again later: without this, a failed read (say a retry while offline) ended the retries, and the sidebar
      // stayed "offline, retrying in the background" until the agent happened to change a field.
      retryTimer.current = setTimeout(() => void refresh(), OFFLINE_RETRY_MS);
      return;
    }
    ticketId.current = snapshot.id;
    if (resave.current || saved.current === null) {
      resave.current = false;
      saved.current = { formId: snapshot.formId, priority: snapshot.priority, status: snapshot.status };
    }
    const savedFields = saved.current;
    try {
      const assessment = await (answer ?? service.assess(snapshot));
      if (mine !== generation.current) return;
      setState({ snapshot, assessment, offlineReason: null, error: null, saved: savedFields });
      // The service runs another policy than the sidebar: adopt it, then read the ticket again under it.
      const { followServicePolicy } = await loadCore();
      void followServicePolicy(assessment.policy, () => service.policy(), Date.now()).then((changed) => {
        if (changed && mine === generation.current) void refresh();
      });
    } catch (error) {
      if (mine !== generation.current) return;
      const reason = error instanceof ServiceError ? error.message : String(error);
      let assessment: Assessment | null = null;
      let localError: string | null = null;
      try {
        const { assessLocally } = await loadEngine();
        if (mine !== generation.current) return;
        assessment = assessLocally(snapshot, new Date());
      } catch (e) {
        localError = (e as Error).message;
      }
      setState({ snapshot, assessment, offlineReason: reason, error: localError, saved: savedFields });
      retryTimer.current = setTimeout(() => void refresh(), OFFLINE_RETRY_MS);
    }
  }, [client, service, settings]);

  useEffect(() => {
    let disposed = false;
    let debounce: ReturnType<typeof setTimeout> | undefined;
    // Several field events fire together on load and on macro application: coalesce them into one re-read.
    const onChange = () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => void refresh(), 250);
    };
    onFieldChange.current = onChange;
    const first = takeFirstAssessment(client, () => onFieldChange.current());
    early.current = first;
    releaseEarly.current = first ? () => first.release() : null;
    void refresh();
    const onSaved = () => {
      resave.current = true;
      onChange();
    };
    const onUpdatedElsewhere = async () => {
      const id = ticketId.current;
      const fields = id === null ? null : await readSavedFields(client, id);
      if (disposed) return;
      // Unreadable: keep the last baseline, which errs towards guarding a change that may already be saved.
      if (fields !== null) saved.current = fields;
      onChange();
    };
    const handlers = [
      ...REFRESH_EVENTS.map((event) => [event, onChange] as const),
      [SAVED_EVENT, onSaved] as const,
      [UPDATED_ELSEWHERE_EVENT, () => void onUpdatedElsewhere()] as const,
    ];
    for (const [event, handler] of handlers) client.on(event, handler);
    return () => {
      disposed = true;
      generation.current++;
      clearTimeout(debounce);
      clearTimeout(retryTimer.current);
      for (const [event, handler] of handlers) client.off(event, handler);
      releaseEarly.current?.();
      releaseEarly.current = null;
    };
  }, [client, refresh, settings]);

  useEffect(() => {
    const events = fieldEvents === '' ? [] : fieldEvents.split(' ');
    const handler = () => onFieldChange.current();
    for (const event of events) client.on(event, handler);
    if (events.length > 0) {
      // The custom fields are followed from here: the early read's watch over them can end.
      releaseEarly.current?.();
      releaseEarly.current = null;
    }
    return () => {
      for (const event of events) client.off(event, handler);
    };
  }, [client, fieldEvents]);

  return { ...state, refresh };
}
