import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GITLAB_POLICY } from '@triage-assistant/shared';
import { checkedBundledPolicy, createService } from './compose.js';
import { ConfigError } from './config.js';
import { captureLogs, testConfig } from './testing/test-app.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'compose-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('listens with the database and Zendesk from the config, runs on the given clock, and closes the database', async () => {
  const at = new Date('2026-11-23T17:00:00Z');
  const service = await createService(testConfig({ logLevel: 'silent', database: { url: null, dataDir: join(dir, 'pglite') } }), {
    clock: () => at,
  });
  try {
    const address = await service.listen();
    const ready = await fetch(`${address}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', zendesk: 'configured' } });
    expect(service.app.clock()).toBe(at);
    expect(service.policy).toBe(GITLAB_POLICY);
  } finally {
    await service.close();
  }
  await expect(service.storage.ping()).rejects.toThrow();
}, 60_000);

it('reads POLICY_FILE, and without Zendesk credentials /readyz says not configured', async () => {
  const policyFile = join(dir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify({ ...GITLAB_POLICY, name: 'Acme support policy' }));
  const service = await createService(
    testConfig({ logLevel: 'silent', database: { url: null, dataDir: join(dir, 'pglite') }, zendesk: null, policyFile }),
  );
  try {
    expect(service.policy.name).toBe('Acme support policy');
    const ready = await service.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable', checks: { database: 'ok', zendesk: 'not_configured' } });
  } finally {
    await service.close();
  }
}, 60_000);

describe('a POLICY_FILE the service cannot use stops it with a ConfigError naming the variable, the file and why', () => {
  const start = (policyFile: string) =>
    createService(testConfig({ logLevel: 'silent', database: { url: null, dataDir: join(dir, 'pglite') }, zendesk: null, policyFile }));
  const refusal = async (policyFile: string): Promise<ConfigError> => {
    const error: unknown = await start(policyFile).then(
      async (service) => {
        await service.close();
        throw new Error('expected the service to refuse the policy file');
      },
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  };

  it('a missing file', async () => {
    const policyFile = join(dir, 'nope.json');
    expect((await refusal(policyFile)).message).toBe(`Invalid environment: POLICY_FILE: ${policyFile}: no such file`);
  });

  it('a directory', async () => {
    const policyFile = join(dir, 'policies');
    mkdirSync(policyFile);
    expect((await refusal(policyFile)).message).toBe(`Invalid environment: POLICY_FILE: ${policyFile}: is a directory, not a policy file`);
  });

  it('a file that is not JSON', async () => {
    const policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, '{\n  name: "Acme"\n}\n');
    expect((await refusal(policyFile)).message).toMatch(
      new RegExp(`^Invalid environment: POLICY_FILE: ${policyFile}: not JSON \\(.*position 4.*\\)$`),
    );
  });

  it('JSON that is not a policy, naming each bad field', async () => {
    const policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ ...GITLAB_POLICY, defaultPlan: 42 }));
    const { message } = await refusal(policyFile);
    expect(message).toMatch(new RegExp(`^Invalid environment: POLICY_FILE: ${policyFile}: not a valid policy: .*defaultPlan`));
  });
});

it('#41 a POLICY_FILE with a plan rule that can never apply still loads, and start-up logs a warning naming both rules', async () => {
  const policyFile = join(dir, 'policy.json');
  const catchAll = { plan: 'priority_support', when: { organizationTagsAny: ['premium', 'starter', 'bronze', 'sub_sm_starter', 'sub_dotcom_bronze'] } };
  const planRules = [...GITLAB_POLICY.planRules.slice(0, 3), catchAll, ...GITLAB_POLICY.planRules.slice(3)];
  writeFileSync(policyFile, JSON.stringify({ ...GITLAB_POLICY, name: 'Acme support policy', planRules }));
  const logs = captureLogs();
  const service = await createService(
    testConfig({ logLevel: 'info', database: { url: null, dataDir: join(dir, 'pglite') }, zendesk: null, policyFile }),
    { logStream: logs.stream },
  );
  try {
    expect(service.policy.planRules).toHaveLength(GITLAB_POLICY.planRules.length + 1);
    const warnings = logs.lines().map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 40);
    expect(warnings).toContainEqual(
      expect.objectContaining({
        policy: 'Acme support policy',
        path: 'planRules[10]',
        code: 'plan_rule.shadowed',
        msg: 'planRules[10] (plan "standard") can never apply: planRules[3] (plan "priority_support") matches every ticket it matches and comes first',
      }),
    );
    expect(warnings.filter((w) => typeof w.code === 'string' && w.code.startsWith('plan_rule.'))).toHaveLength(1);
  } finally {
    await service.close();
  }
}, 60_000);

it('#41 the default GitLab policy logs no plan-rule warning at start-up', async () => {
  const logs = captureLogs();
  const service = await createService(testConfig({ logLevel: 'info', database: { url: null, dataDir: join(dir, 'pglite') }, zendesk: null }), {
    logStream: logs.stream,
  });
  try {
    expect(service.policy).toBe(GITLAB_POLICY);
    expect(logs.text()).not.toContain('plan_rule.');
    expect(logs.text()).toContain('storage open');
  } finally {
    await service.close();
  }
}, 60_000);

it('checks the bundled policy at start: the same object when canonical, stopped when invalid or missing a default', () => {
  expect(checkedBundledPolicy()).toBe(GITLAB_POLICY);
  const missingDefault = structuredClone(GITLAB_POLICY) as unknown as { forms: Array<Record<string, unknown>> };
  delete missingDefault.forms[0]!['generic'];
  expect(() => checkedBundledPolicy(missingDefault as unknown as typeof GITLAB_POLICY)).toThrow('The bundled GitLab policy is not canonical');
  const invalid = { ...structuredClone(GITLAB_POLICY), defaultPlan: 42 } as unknown as typeof GITLAB_POLICY;
  expect(() => checkedBundledPolicy(invalid)).toThrow(/the bundled GitLab policy.*defaultPlan/s);
});
