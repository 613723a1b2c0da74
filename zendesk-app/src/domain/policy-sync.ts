/**
 * Keeps the sidebar's local policy (local.ts) the same as the service's. Every assessment names the policy it was made
 * with; when that is not the policy the sidebar runs, the sidebar fetches the service's once (`GET /v1/policy`) and
 * keeps it in localStorage, so the next session's first offline assessment or save guard already follows it. Policies
 * are told apart by name and version: an admin who edits POLICY_FILE bumps `version` (README, "Run in production").
 */
import type { Policy } from '@triage-assistant/shared';
import { localPolicy, setServicePolicy } from './local';
import { GITLAB_POLICY, PolicyResponseSchema as PolicySchema } from './shared-core';

import { POLICY_STORAGE_KEY } from './policy-fields';

export { POLICY_STORAGE_KEY };
/** After a failed fetch, later assessments do not ask again for this long. */
export const POLICY_RETRY_MS = 60_000;

export interface PolicyIdentity {
  name: string;
  version: number;
}

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const same = (a: PolicyIdentity, b: PolicyIdentity) => a.name === b.name && a.version === b.version;

/** localStorage, or null where the iframe may not use it (sandboxing, privacy settings throw on access). */
function browserStore(): KeyValueStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

let inflight: { identity: PolicyIdentity; done: Promise<boolean> } | null = null;
let failedAt: { identity: PolicyIdentity; at: number } | null = null;
let restored = false;

/** Adopts the service policy kept by an earlier session, once per page; a damaged or stale entry is dropped. */
export function restoreServicePolicy(store: KeyValueStore | null = browserStore()): void {
  if (restored) return;
  restored = true;
  if (store === null) return;
  try {
    const raw = store.getItem(POLICY_STORAGE_KEY);
    if (raw === null) return;
    const parsed = PolicySchema.safeParse(JSON.parse(raw));
    if (parsed.success) setServicePolicy(parsed.data);
    else store.removeItem(POLICY_STORAGE_KEY);
  } catch {
    // Unreadable JSON or a store that throws: the bundled policy stays; the next assessment fetches the service's.
    try {
      store.removeItem(POLICY_STORAGE_KEY);
    } catch {
      /* nothing to clean */
    }
  }
}

/**
 * Makes the local policy the one the service named. Resolves true when the local policy changed (the caller
 * re-reads the ticket: a form's problem-type field may differ), false when it already was that policy or the fetch
 * failed (the current one is kept; asked again after POLICY_RETRY_MS).
 */
export function followServicePolicy(
  identity: PolicyIdentity,
  fetchPolicy: () => Promise<Policy>,
  now: number,
  store: KeyValueStore | null = browserStore(),
): Promise<boolean> {
  if (same(identity, localPolicy())) return Promise.resolve(false);
  if (same(identity, GITLAB_POLICY)) {
    setServicePolicy(null);
    safely(() => store?.removeItem(POLICY_STORAGE_KEY));
    return Promise.resolve(true);
  }
  if (inflight && same(inflight.identity, identity)) return inflight.done;
  if (failedAt && same(failedAt.identity, identity) && now - failedAt.at < POLICY_RETRY_MS) return Promise.resolve(false);
  const done = fetchPolicy().then(
    (policy) => {
      // Replicas on different POLICY_FILEs (a rolling deploy) answer another policy than the one the assessment named:
      // adopting it would make the next assessment name the other one again, and the sidebar would fetch in a loop.
      if (!same(policy, identity)) {
        failedAt = { identity, at: now };
        return false;
      }
      setServicePolicy(policy);
      failedAt = null;
      safely(() => store?.setItem(POLICY_STORAGE_KEY, JSON.stringify(policy)));
      return true;
    },
    () => {
      failedAt = { identity, at: now };
      return false;
    },
  );
  const entry = { identity, done: done.finally(() => (inflight === entry ? (inflight = null) : undefined)) };
  inflight = entry;
  return entry.done;
}

function safely(write: () => void): void {
  try {
    write();
  } catch {
    // A full or blocked store: the policy is still used for this page, only not kept for the next one.
  }
}

/** Back to the first page load's state (tests). */
export function resetPolicySync(): void {
  inflight = null;
  failedAt = null;
  restored = false;
  setServicePolicy(null);
}
