import { GITLAB_POLICY, type Policy } from '@triage-assistant/shared';
import { localPolicy } from './local';
import { followServicePolicy, POLICY_RETRY_MS, POLICY_STORAGE_KEY, resetPolicySync, restoreServicePolicy } from './policy-sync';

const ACME: Policy = {
  ...GITLAB_POLICY,
  name: 'Acme Support',
  version: 3,
  forms: [{ id: 777_001, name: 'Acme Enterprise', requiresEntitlement: true, problemType: null, switchable: 'direct', generic: false, internal: false }],
};

function memoryStore(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

afterEach(() => resetPolicySync());

describe('followServicePolicy', () => {
  it('asks nothing while the service runs the bundled policy', async () => {
    const fetchPolicy = jest.fn<Promise<Policy>, []>();
    expect(await followServicePolicy({ name: GITLAB_POLICY.name, version: GITLAB_POLICY.version }, fetchPolicy, 0, memoryStore())).toBe(false);
    expect(fetchPolicy).not.toHaveBeenCalled();
    expect(localPolicy()).toBe(GITLAB_POLICY);
  });

  it("adopts the service's own policy with one fetch, however many assessments name it meanwhile, and keeps it for the next page", async () => {
    const store = memoryStore();
    const fetchPolicy = jest.fn(() => Promise.resolve(ACME));
    const first = followServicePolicy({ name: 'Acme Support', version: 3 }, fetchPolicy, 0, store);
    const second = followServicePolicy({ name: 'Acme Support', version: 3 }, fetchPolicy, 0, store);
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(fetchPolicy).toHaveBeenCalledTimes(1);
    expect(localPolicy().forms.map((f) => f.name)).toEqual(['Acme Enterprise']);
    expect(await followServicePolicy({ name: 'Acme Support', version: 3 }, fetchPolicy, 0, store)).toBe(false);
    expect(fetchPolicy).toHaveBeenCalledTimes(1);

    resetPolicySync(); // a new page: the bundled policy, until the kept one is restored
    expect(localPolicy()).toBe(GITLAB_POLICY);
    restoreServicePolicy(store);
    expect([localPolicy().name, localPolicy().version]).toEqual(['Acme Support', 3]);
  });

  it('goes back to the bundled policy when the service does, and forgets the kept one', async () => {
    const store = memoryStore();
    await followServicePolicy({ name: 'Acme Support', version: 3 }, () => Promise.resolve(ACME), 0, store);
    expect(await followServicePolicy({ name: GITLAB_POLICY.name, version: GITLAB_POLICY.version }, jest.fn(), 0, store)).toBe(true);
    expect(localPolicy()).toBe(GITLAB_POLICY);
    expect(store.data.has(POLICY_STORAGE_KEY)).toBe(false);
  });

  it('keeps the current policy when the fetch fails, and asks again only after a minute', async () => {
    const store = memoryStore();
    const fetchPolicy = jest.fn(() => Promise.reject(new Error('The triage service did not answer within 10 s')));
    expect(await followServicePolicy({ name: 'Acme Support', version: 3 }, fetchPolicy, 1_000, store)).toBe(false);
    expect(localPolicy()).toBe(GITLAB_POLICY);
    expect(await followServicePolicy({ name: 'Acme Support', version: 3 }, fetchPolicy, 1_000 + POLICY_RETRY_MS - 1, store)).toBe(false);
    expect(fetchPolicy).toHaveBeenCalledTimes(1);
    fetchPolicy.mockImplementation(() => Promise.resolve(ACME) as never);
    expect(await followServicePolicy({ name: 'Acme Support', version: 3 }, fetchPolicy, 1_000 + POLICY_RETRY_MS, store)).toBe(true);
    expect(localPolicy().name).toBe('Acme Support');
  });

  it('does not adopt a policy other than the one the assessment named (replicas mid-deploy), and waits before asking again', async () => {
    const store = memoryStore();
    const fetchPolicy = jest.fn(() => Promise.resolve({ ...ACME, version: 4 }));
    expect(await followServicePolicy({ name: 'Acme Support', version: 3 }, fetchPolicy, 0, store)).toBe(false);
    expect(localPolicy()).toBe(GITLAB_POLICY);
    expect(store.data.has(POLICY_STORAGE_KEY)).toBe(false);
    expect(await followServicePolicy({ name: 'Acme Support', version: 3 }, fetchPolicy, 1_000, store)).toBe(false);
    expect(fetchPolicy).toHaveBeenCalledTimes(1);
  });

  it('still uses the policy for this page when the browser refuses to store it', async () => {
    const store = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => undefined };
    expect(await followServicePolicy({ name: 'Acme Support', version: 3 }, () => Promise.resolve(ACME), 0, store)).toBe(true);
    expect(localPolicy().name).toBe('Acme Support');
  });
});

describe('restoreServicePolicy', () => {
  it('drops a damaged or invalid kept policy and stays on the bundled one', () => {
    for (const raw of ['{not json', JSON.stringify({ ...ACME, schedules: [] })]) {
      resetPolicySync();
      const store = memoryStore({ [POLICY_STORAGE_KEY]: raw });
      restoreServicePolicy(store);
      expect(localPolicy()).toBe(GITLAB_POLICY);
      expect(store.data.has(POLICY_STORAGE_KEY)).toBe(false);
    }
  });

  it('stays on the bundled policy where the iframe may not use storage', () => {
    expect(() => restoreServicePolicy(null)).not.toThrow();
    expect(localPolicy()).toBe(GITLAB_POLICY);
  });
});
