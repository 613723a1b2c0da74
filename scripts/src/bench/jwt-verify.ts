/**
 * The cost of the ZAF JWT check, the largest single item of a `POST /v1/assessments` profile: jose `jwtVerify` as
 * service/src/plugins/auth.ts called it before 452783c (the secret encoded per call, so jose imports the key every
 * time), with a CryptoKey imported once (auth.ts from 452783c), the service's `verifyAgentToken` now (fast-jwt:
 * node:crypto HMAC, plus the claim checks), and the bare HS256 signature check with node:crypto.
 * 50 verifications at a time, like 50 connections.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { jwtVerify } from 'jose';
import { verifyAgentToken } from '../../../service/src/plugins/auth.js';
import { signAgentToken, TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET } from '../../../service/src/testing/test-app.js';
import { table } from './service-harness.js';

async function perVerifyUs(fn: () => Promise<unknown>, total: number): Promise<number> {
  for (let i = 0; i < 2000; i++) await fn();
  const start = performance.now();
  for (let i = 0; i < total; i += 50) await Promise.all(Array.from({ length: 50 }, fn));
  return ((performance.now() - start) / total) * 1000;
}

export async function jwtVerifyCost(quick: boolean): Promise<void> {
  const total = quick ? 5000 : 20000;
  const token = await signAgentToken({ agentId: 7, now: new Date(), expiresInSeconds: 3600 });
  const options = { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, algorithms: ['HS256'] };
  const raw = new TextEncoder().encode(TEST_JWT_SECRET);
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const expected = Buffer.from(signature, 'base64url');
  const rows = [
    ['jose jwtVerify, secret encoded per call (auth.ts before)', await perVerifyUs(() => jwtVerify(token, new TextEncoder().encode(TEST_JWT_SECRET), options), total)],
    ['jose jwtVerify, CryptoKey imported once (auth.ts 452783c)', await perVerifyUs(() => jwtVerify(token, key, options), total)],
    [
      'verifyAgentToken: fast-jwt + claim checks (auth.ts now)',
      await perVerifyUs(() => verifyAgentToken(token, { jwtSecret: TEST_JWT_SECRET, issuers: [TEST_ISSUER], audience: TEST_AUDIENCE }, new Date()), total),
    ],
    [
      'node:crypto HMAC-SHA256 + timingSafeEqual (signature only)',
      await perVerifyUs(async () => timingSafeEqual(createHmac('sha256', TEST_JWT_SECRET).update(`${header}.${payload}`).digest(), expected), total),
    ],
  ] as const;
  console.log(`\nJWT check, ${total.toLocaleString('en-US')} verifications, 50 at a time`);
  console.log(table([['variant', 'µs / verify'], ...rows.map(([label, us]) => [label, us.toFixed(1)])]));
}
