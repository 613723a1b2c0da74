import { useEffect, useRef } from 'react';
import type { TicketSnapshot } from '@triage-assistant/shared';
import { loadEngine } from '../domain/loaders';
import type { Translate } from '../i18n/i18n';
import type { ZafClient } from '../zaf/zaf-client';

export const SAVE_PATHS = ['ticket.form.id', 'ticket.priority', 'ticket.status', 'comment.type', 'comment.text'];

/**
 * The `ticket.save` decision: runs the shared guard on the pending change. A block comes back as the guard's message
 * (never an empty string); a warning notifies and lets the save go.
 */
export async function decideSave(client: ZafClient, snapshot: TicketSnapshot | null, t: Translate, now: Date): Promise<string | true> {
  if (snapshot === null) return true;
  let decision;
  try {
    const [answer, { guardLocally, pendingChangeFrom }] = await Promise.all([client.get(SAVE_PATHS), loadEngine()]);
    decision = guardLocally(snapshot, pendingChangeFrom(answer), now);
  } catch {
    // A bug or an unreadable path must never block the agent's save.
    return true;
  }
  if (decision.decision === 'block') return decision.message.trim() || t('guard.blocked');
  if (decision.decision === 'warn') {
    try {
      await client.invoke('notify', decision.message, 'alert');
    } catch {
      // A warning allows the save: a notice Zendesk failed to show must not turn it into a block (the SDK would show
      // the notice's own error, e.g. "Invocation timed out", as the reason).
    }
  }
  return true;
}

/** Registers the save hook for the sidebar's lifetime; it reads the latest snapshot through a ref. */
export function useSaveGuard(client: ZafClient, snapshot: TicketSnapshot | null, t: Translate): void {
  const latest = useRef(snapshot);
  latest.current = snapshot;
  const translate = useRef(t);
  translate.current = t;
  useEffect(() => {
    // No engine preload here: fetched on mount it competed with the first assessment (the render budget). The
    // sidebar loads it right after the first assessment for the quick picks, before any save can happen.
    // The SDK lets a save go when the hook's Promise RESOLVES, whatever the value (utils.when in SDK 2.0.11): only a
    // rejection blocks, and its Error message is what the agent sees. So a block must reject, not return the text.
    const onSave = async (): Promise<true> => {
      const decision = await decideSave(client, latest.current, translate.current, new Date());
      if (decision !== true) throw new Error(decision);
      return true;
    };
    client.on('ticket.save', onSave);
    return () => client.off('ticket.save', onSave);
  }, [client]);
}
