import type { ZendeskGateway } from '../adapters/zendesk/gateway.js';
import { withinDeadline } from '../deadline.js';

/** The longest an assessment waits for the names (the read goes on and fills the gateway's cache for the next open). */
export const FORM_NAME_WAIT_MS = 500;
/** No read for this long after one failed: the account's rate limit is shared, and the name is cosmetic. */
export const FORM_NAME_RETRY_MS = 60_000;

/** Zendesk's names of the account's ticket forms, for the `form.unknown` finding (agents know forms by name). */
export interface FormNames {
  /** The form's name; undefined when Zendesk does not list it, the read failed or is still going after the wait. */
  nameOf(formId: number): Promise<string | undefined>;
}

export interface FormNamesOptions {
  zendesk: Pick<ZendeskGateway, 'listTicketForms'>;
  /** Told once per failed read (the route logs it); must not throw. */
  onError?: (err: unknown) => void;
  waitMs?: number;
  retryMs?: number;
  /** Monotonic milliseconds for the retry pause (default `performance.now`): real time, not the app's clock. */
  now?: () => number;
}

/**
 * One per account (the gateway caches the list and shares a read under way): an assessment waits at most `waitMs`
 * for it (the gateway sleeps out a short 429 and retries 5xx answers, which must not hold the sidebar's answer: it
 * gives up on the service after 2 s), and after a failed read none is tried for `retryMs` (a failure repeated on
 * every open would spend the shared rate limit, and log on every open).
 */
export function createFormNames(options: FormNamesOptions): FormNames {
  const now = options.now ?? (() => performance.now());
  const waitMs = options.waitMs ?? FORM_NAME_WAIT_MS;
  const retryMs = options.retryMs ?? FORM_NAME_RETRY_MS;
  let failedAt = -Infinity;
  const pausing = () => now() - failedAt < retryMs;
  return {
    async nameOf(formId) {
      if (pausing()) return undefined;
      const read = options.zendesk.listTicketForms().catch((err: unknown) => {
        // Callers sharing one failed read are told of it once.
        if (!pausing()) {
          failedAt = now();
          options.onError?.(err);
        }
        return undefined;
      });
      const forms = await withinDeadline(read, performance.now() + waitMs);
      return forms.settled ? forms.value?.find((f) => f.id === formId)?.name : undefined;
    },
  };
}
