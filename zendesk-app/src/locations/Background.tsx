import { useEffect, useRef } from 'react';
import type { Notification } from '@triage-assistant/shared';
import type { ServiceClient } from '../api/service-client';
import { useServiceClient } from '../api/useServiceClient';
import { localizeInstants } from '../format/format';
import type { Translate } from '../i18n/i18n';
import { useI18n } from '../i18n/I18nProvider';
import type { ZafClient } from '../zaf/zaf-client';
import { useZafApp } from '../zaf/ZafClientProvider';

export const NOTIFICATION_POLL_MS = 30_000;
/** Acknowledgements sent per poll at most (the service's limit per request). */
const ACK_BATCH = 100;

/**
 * Polls the agent's reminders and shows each once as a sticky ZAF notice.
 *
 * Pausing: the background iframe lives as long as the agent's Zendesk tab, and `document.hidden` follows that tab's
 * visibility, so polling stops while the agent is in another tab or the browser is minimised and resumes (with an
 * immediate poll) when they come back. ZAF's `app.deactivated` is not used: it concerns a sidebar's visibility, not a
 * background app's.
 */
export function startNotificationPoller(
  client: ZafClient,
  service: ServiceClient,
  t: Translate,
  zone: { locale: string; timeZone: string },
  doc: Document = document,
): () => void {
  const seen = new Set<string>();
  /** Received but not shown yet: a failed notice is kept and retried. */
  const unshown: Notification[] = [];
  /**
   * Shown, not yet acknowledged. The service hands each notification out until it is acknowledged, so an answer lost
   * on the way (the 2 s timeout, a proxy) is handed out again a minute later instead of lost; a failed acknowledgement
   * is sent again at the next poll.
   */
  const toAcknowledge = new Set<string>();
  let busy = false;
  const poll = async () => {
    if (doc.hidden || busy) return;
    busy = true;
    try {
      const { notifications } = await service.myNotifications();
      for (const n of notifications) {
        if (seen.has(n.id)) {
          // Shown here already; its acknowledgement did not get through. Not shown twice.
          if (!unshown.some((u) => u.id === n.id)) toAcknowledge.add(n.id);
          continue;
        }
        seen.add(n.id);
        unshown.push(n);
      }
    } catch {
      // The next poll retries; a background app has nowhere visible to report a failed poll.
    }
    try {
      for (const n of [...unshown]) {
        try {
          await client.invoke('notify', t('background.notice', { ticket: n.ticketId, message: localizeInstants(n.message, zone.locale, zone.timeZone) }), 'notice', { sticky: true });
          unshown.splice(unshown.indexOf(n), 1);
          toAcknowledge.add(n.id);
        } catch {
          // Kept for the next poll; the others in the batch are still shown now.
        }
      }
      const ids = [...toAcknowledge].slice(0, ACK_BATCH);
      if (ids.length > 0) {
        try {
          await service.acknowledgeNotifications(ids);
          for (const id of ids) toAcknowledge.delete(id);
        } catch {
          // Sent again at the next poll; meanwhile the service may hand them out again, and they are not re-shown here.
        }
      }
    } finally {
      busy = false;
    }
  };
  const onVisibility = () => {
    if (!doc.hidden) void poll();
  };
  void poll();
  const id = setInterval(() => void poll(), NOTIFICATION_POLL_MS);
  doc.addEventListener('visibilitychange', onVisibility);
  return () => {
    clearInterval(id);
    doc.removeEventListener('visibilitychange', onVisibility);
  };
}

export default function Background() {
  const { client } = useZafApp();
  const service = useServiceClient();
  const { t, locale, timeZone } = useI18n();
  const translate = useRef(t);
  translate.current = t;
  useEffect(
    () => startNotificationPoller(client, service, (k, p) => translate.current(k, p), { locale, timeZone }),
    [client, service, locale, timeZone],
  );
  return null;
}
