/**
 * Zendesk request economy (performance issue, item 3): the real service (`createService`, its NodeZendeskGateway)
 * against the Zendesk simulator's HTTP door, every seeded ticket opened the way the sidebar opens it, Zendesk's
 * requests counted from the simulator's `requestLog`.
 *
 * What the sidebar sends on open (zendesk-app/src/ticket/useTicketAssessment.ts): one `POST /v1/assessments` with the
 * snapshot it read through ZAF. Organization suggestions are fetched only when the agent opens the fix modal
 * (components/OrgFixModal.tsx), not on open; they are counted here as a separate line. The countdown makes no call:
 * `SlaCountdown` (components/SlaCountdown.tsx) re-renders itself from `useNow(1000)` (hooks/useNow.ts), a local
 * `setInterval`; app-render.ts checks that no request leaves the sidebar while it ticks.
 *
 * Passes, one open at a time so every request is attributed to its open:
 * - cold: fresh service (no enrichment, organization or configuration cache);
 * - warm: the same opens again at once (enrichment cache hit: same ticket id and `updated_at`, younger than 45 s);
 * - after TTL: the clock moved 60 s, so the enrichment has expired while the adapter's organization cache (120 s,
 *   real time) is still warm: what an agent coming back to a ticket a minute later costs.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GITLAB_POLICY,
  parseOrThrow,
  TicketSnapshotSchema,
  type TicketSnapshot,
} from '@triage-assistant/shared';
import { createService, type Service } from '../../../service/src/compose.js';
import { loadConfig } from '../../../service/src/config.js';
import { CUSTOMER_SEVERITY_FIELD_ID, PREFERRED_REGION_FIELD_ID } from '../zendesk-simulator/gitlab-config.js';
import { createSimulator, type ZendeskSimulator } from '../zendesk-simulator/model.js';
import { FORMS, seedGitLabAccount } from '../zendesk-simulator/seed.js';
import { startSimulatorServer } from '../zendesk-simulator/server.js';
import { signZafJwt } from '../workspace/zendesk-proxy.js';
import { machine, table } from './service-harness.js';

const SUBDOMAIN = 'gitlab';
const AUDIENCE = 'triage-assistant';

/**
 * The snapshot the sidebar would POST for a simulator ticket, field by field as zendesk-app/src/ticket/read-snapshot.ts
 * builds it from ZAF: the ticket's organization (not the requester's memberships: ZAF gives the ticket's), the
 * severity, region and the form's problem-type field, every comment with its author's role.
 */
export function sidebarSnapshot(sim: ZendeskSimulator, ticketId: number): TicketSnapshot {
  const t = sim.getTicket(ticketId);
  const field = (id: number | undefined) => {
    const value = id === undefined ? null : t.custom_fields.find((f) => f.id === id)?.value;
    return typeof value === 'string' && value !== '' ? value : null;
  };
  const org = t.organization_id === null ? null : sim.getOrganization(t.organization_id);
  const requester = sim.getUser(t.requester_id);
  const roleOf = (authorId: number): 'agent' | 'end-user' => {
    try {
      const role = sim.getUser(authorId).role;
      return role === 'agent' || role === 'admin' ? 'agent' : 'end-user';
    } catch {
      // The system user (trigger comments) is no user ZAF could show; the app maps unknown roles to end-user.
      return 'end-user';
    }
  };
  return parseOrThrow(
    TicketSnapshotSchema,
    {
      id: t.id,
      createdAt: t.created_at,
      updatedAt: t.updated_at,
      status: t.status,
      priority: t.priority,
      type: t.type,
      formId: t.ticket_form_id,
      organization:
        org === null
          ? null
          : { id: org.id, name: org.name, tags: org.tags, fields: org.organization_fields, domainNames: org.domain_names },
      requester: {
        id: requester.id,
        email: requester.email,
        name: requester.name,
        role: requester.role,
        organizationIds: org === null ? [] : [org.id],
      },
      customerSeverity: field(CUSTOMER_SEVERITY_FIELD_ID),
      problemType: field(GITLAB_POLICY.forms.find((f) => f.id === t.ticket_form_id)?.problemType?.fieldId),
      region: field(PREFERRED_REGION_FIELD_ID),
      tags: t.tags,
      via: { channel: t.via.channel },
      comments: sim.ticketComments(t.id).map((c) => ({
        id: c.id,
        public: c.public,
        authorRole: roleOf(c.author_id),
        authorId: c.author_id > 0 ? c.author_id : undefined,
        createdAt: c.created_at,
      })),
    },
    `ticket ${ticketId}`,
  );
}

export interface OpenCount {
  label: string;
  ticketId: number;
  /** `METHOD /templated/path` → count. */
  cold: Map<string, number>;
  warm: Map<string, number>;
  afterTtl: Map<string, number>;
}

export interface RequestEconomyResult {
  opens: OpenCount[];
  average: { cold: number; warm: number; afterTtl: number };
  suggestions: { label: string; requests: Map<string, number> }[];
  fixWrites: string[];
  ok: boolean;
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const breakdown = (m: Map<string, number>) =>
  m.size === 0 ? '—' : [...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${n}× ${k}`).join(', ');

export async function requestEconomy(): Promise<RequestEconomyResult> {
  console.log('\n## Zendesk request economy (simulator HTTP door, real service and gateway)\n');
  console.log(machine());
  const sim = createSimulator({ subdomain: SUBDOMAIN });
  const seed = seedGitLabAccount(sim, sim.now());
  const simServer = await startSimulatorServer({ sim, port: 0 });
  const jwtSecret = randomBytes(32).toString('base64url');
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-request-economy-'));
  const config = loadConfig({
    PORT: '3999', // never listened on: requests go through app.inject, and the reminder loop is not started
    LOG_LEVEL: 'warn',
    // The service's config has no in-memory PGlite: a throwaway directory, removed at the end.
    DATA_DIR: dataDir,
    ZAF_JWT_SECRET: jwtSecret,
    ZAF_JWT_ISSUERS: `${SUBDOMAIN}.zendesk.com`,
    ZAF_JWT_AUDIENCE: AUDIENCE,
    ZENDESK_SUBDOMAIN: SUBDOMAIN,
    ZENDESK_API_URL: simServer.baseUrl,
    ZENDESK_EMAIL: 'triage-assistant@gitlab.com',
    ZENDESK_API_TOKEN: 'local-simulator-token',
    ZENDESK_PLAN_RATE_LIMIT: '700',
    // One agent opening ~150 sidebars in seconds; the per-agent limit (120/min) is not what this bench measures.
    RATE_LIMIT_PER_MINUTE: '100000',
  });
  let service: Service | null = null;
  try {
    service = await createService(config, { clock: () => sim.now() });
    const app = service.app;
    await app.ready();
    const agentId = seed.agents[0]?.id ?? 1;
    const call = async (method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) => {
      const token = await signZafJwt(
        { algorithm: 'HS256', expiry: 300, claims: { sub: String(agentId), agent_id: agentId, iss: `${SUBDOMAIN}.zendesk.com`, aud: AUDIENCE } },
        jwtSecret,
        sim.now(),
      );
      const res = await app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(body === undefined ? {} : { payload: body as object }) });
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json() as Record<string, unknown>;
    };
    /** The Zendesk requests `fn` caused, by templated endpoint. */
    const counted = async (fn: () => Promise<unknown>): Promise<Map<string, number>> => {
      const from = sim.requestLog.length;
      await fn();
      const out = new Map<string, number>();
      for (const r of sim.requestLog.slice(from)) out.set(`${r.method} ${r.path}`, (out.get(`${r.method} ${r.path}`) ?? 0) + 1);
      return out;
    };

    const labels = new Map(Object.entries(seed.tickets).map(([label, id]) => [id, label]));
    const ids = [...sim.tickets.keys()].sort((a, b) => a - b);
    // Snapshots are built before any open: the sidebar's ZAF read is Zendesk's own page data, not an API request.
    const snapshots = new Map(ids.map((id) => [id, sidebarSnapshot(sim, id)]));
    const open = (id: number) => counted(() => call('POST', '/v1/assessments', { ticket: snapshots.get(id) }));

    const opens: OpenCount[] = [];
    for (const id of ids) opens.push({ label: labels.get(id) ?? `#${id}`, ticketId: id, cold: await open(id), warm: new Map(), afterTtl: new Map() });
    for (const o of opens) o.warm = await open(o.ticketId);
    sim.advanceClock(60_000);
    for (const o of opens) o.afterTtl = await open(o.ticketId);

    const rows = [['ticket', 'cold', 'warm', '+60 s', 'cold requests', '+60 s requests']];
    for (const o of opens) {
      rows.push([o.label, String(total(o.cold)), String(total(o.warm)), String(total(o.afterTtl)), breakdown(o.cold), breakdown(o.afterTtl)]);
    }
    const avg = (pick: (o: OpenCount) => Map<string, number>) => opens.reduce((s, o) => s + total(pick(o)), 0) / opens.length;
    const average = { cold: avg((o) => o.cold), warm: avg((o) => o.warm), afterTtl: avg((o) => o.afterTtl) };
    const sum = (pick: (o: OpenCount) => Map<string, number>) => {
      const out = new Map<string, number>();
      for (const o of opens) for (const [k, n] of pick(o)) out.set(k, (out.get(k) ?? 0) + n);
      return out;
    };
    console.log(`\n${opens.length} tickets, one POST /v1/assessments per open, Zendesk requests per open:\n`);
    console.log(table(rows));
    console.log(`\naverage per open: cold ${average.cold.toFixed(2)}, warm ${average.warm.toFixed(2)}, after 60 s ${average.afterTtl.toFixed(2)}`);
    console.log(`all cold opens: ${breakdown(sum((o) => o.cold))}`);
    console.log(`all +60 s opens: ${breakdown(sum((o) => o.afterTtl))}`);

    // Not on open: what opening the fix modal adds on a needs-org ticket (still warm caches).
    const suggestions: RequestEconomyResult['suggestions'] = [];
    for (const label of ['needsOrgGood', 'needsOrgAmbiguous', 'needsOrgNoSuggestion']) {
      const id = seed.tickets[label];
      if (id === undefined) continue;
      suggestions.push({ label, requests: await counted(() => call('GET', `/v1/tickets/${id}/organization-suggestions`)) });
    }
    console.log('\nfix modal open (GET /v1/tickets/:id/organization-suggestions, not part of a sidebar open):');
    for (const s of suggestions) console.log(`  ${s.label}: ${total(s.requests)} (${breakdown(s.requests)})`);

    // "Associate organization, then change form" on a ticket that needs both: the writes only.
    const ticketId = seed.tickets['needsOrgGood'] ?? 0;
    const acme = seed.organizations['acme'] ?? 0;
    const selfManaged = GITLAB_POLICY.forms.find((f) => f.id === FORMS.selfManaged);
    if (!selfManaged) throw new Error('GitLab policy has no Self-Managed form');
    const from = sim.requestLog.length;
    let run = await call(
      'POST',
      `/v1/tickets/${ticketId}/fix-runs`,
      {
        actions: [
          { kind: 'associate_organization', organizationId: acme },
          { kind: 'set_form', formId: selfManaged.id, formName: selfManaged.name },
        ],
        internalNote: false,
        userNote: false,
      },
      { 'idempotency-key': `bench-${randomBytes(8).toString('hex')}` },
    );
    for (let i = 0; i < 100 && run['state'] === 'running'; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      run = await call('GET', `/v1/fix-runs/${encodeURIComponent(String(run['id']))}`);
    }
    const log = sim.requestLog.slice(from);
    const fixWrites = log.filter((r) => r.method !== 'GET' && r.status < 300).map((r) => `${r.method} ${r.path}`);
    const fixReads = log.filter((r) => r.method === 'GET').map((r) => `${r.method} ${r.path}`);
    console.log(`\nfix run "associate organization, then change form" on needsOrgGood: state ${String(run['state'])}`);
    console.log(`  writes ${fixWrites.length}: ${fixWrites.join(', ')}`);
    console.log(`  reads ${fixReads.length}: ${fixReads.join(', ')}`);

    const checks = [
      { name: '≤ 1 Zendesk request per open on average (warm)', ok: average.warm <= 1 },
      { name: 'exactly 2 writes for organization then form', ok: run['state'] === 'succeeded' && fixWrites.length === 2 },
    ];
    for (const c of checks) console.log(`${c.name}: ${c.ok ? 'met' : 'MISSED'}`);
    console.log('0 requests per countdown tick: by construction (SlaCountdown/useNow tick locally); measured in app-render');
    return { opens, average, suggestions, fixWrites, ok: checks.every((c) => c.ok) };
  } finally {
    await service?.close();
    await simServer.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
