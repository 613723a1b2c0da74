/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The workspace page (browser): plays Zendesk Support around the real app. Views backed by the simulator, a ticket
 * editor whose unsaved draft is what ZAF `get`/`set` see, the sidebar / nav_bar / background iframes each driven by
 * a ZafHost, Submit through the app's `ticket.save` hook, toasts for `notify`, and the clock control.
 */
import { ZafHost, type HostComment, type HostCurrentUser, type HostState, type HostTicket, type HostUser } from './zaf-host.js';

interface WorkspaceConfig {
  appOrigin: string;
  subdomain: string;
  appId: number;
  installationId: number;
  appVersion: string;
  settings: Record<string, string>;
  currentUser: HostCurrentUser;
  now: string;
}

interface ZdTicket {
  id: number;
  subject: string;
  status: string;
  priority: string | null;
  type: string | null;
  ticket_form_id: number | null;
  organization_id: number | null;
  requester_id: number;
  assignee_id: number | null;
  group_id: number | null;
  created_at: string;
  updated_at: string;
  tags: string[];
  via: { channel: string };
  custom_fields: { id: number; value: unknown }[];
}
interface ZdUser { id: number; name: string; email: string | null; role: 'end-user' | 'agent' | 'admin' }
interface ZdOrg { id: number; name: string; tags: string[]; domain_names: string[]; organization_fields: Record<string, string | number | boolean | null> }
interface ZdComment { id: number; author_id: number; body: string; public: boolean; created_at: string }
interface ZdForm { id: number; name: string; active: boolean; ticket_field_ids: number[] }
interface ZdField { id: number; type: string; title: string; active: boolean; custom_field_options?: { name: string; value: string }[] }

const $ = <T extends HTMLElement>(selector: string): T => {
  const el = document.querySelector<T>(selector);
  if (!el) throw new Error(`missing ${selector}`);
  return el;
};

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c);
  return el;
}

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`/api/v2${path}`, init);
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const b = (body ?? {}) as { description?: string; error?: string | { message?: string }; details?: unknown };
    const message = typeof b.error === 'object' ? b.error?.message : (b.description ?? b.error);
    throw new Error(`${res.status} ${message ?? res.statusText}`);
  }
  return body as T;
}

function toast(message: string, kind = 'notice', sticky = false): void {
  const el = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
  el.addEventListener('click', () => el.remove());
  $('#toasts').append(el);
  if (!sticky) setTimeout(() => el.remove(), kind === 'error' ? 9000 : 5000);
}

// ---- state ----------------------------------------------------------------------------------------------------------

let config: WorkspaceConfig;
let forms: ZdForm[] = [];
const fields = new Map<number, ZdField>();
const users = new Map<number, ZdUser>();
const SYSTEM_USER: HostUser = { id: -1, name: 'Zendesk', email: null, role: 'agent' };

/** The open ticket: what is saved, and the agent's draft on top (what ZAF reads). */
let saved: { ticket: ZdTicket; org: ZdOrg | null; comments: ZdComment[] } | null = null;
const draft: HostState = {
  ticket: null,
  comment: { text: '', type: 'publicReply' },
  currentUser: null as unknown as HostCurrentUser,
};
/** Every custom-field value the draft knows (the form decides which are visible/readable). */
let fieldValues: Record<number, unknown> = {};
const hosts = new Map<Window, { host: ZafHost; frame: HTMLIFrameElement; location: string }>();
let sidebarHost: ZafHost | null = null;
let currentView = 'needs-org';
let saving = false;

function hostUser(id: number): HostUser {
  const u = users.get(id);
  if (!u) return id === -1 ? SYSTEM_USER : { id, name: `User ${id}`, email: null, role: 'end-user' };
  return { id: u.id, name: u.name, email: u.email, role: u.role };
}

async function loadUsers(ids: number[]): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => id > 0 && !users.has(id));
  await Promise.all(missing.map(async (id) => users.set(id, (await api<{ user: ZdUser }>(`/users/${id}.json`)).user)));
}

function customFieldIdsOf(formId: number | null): number[] {
  const form = forms.find((f) => f.id === formId);
  return (form?.ticket_field_ids ?? []).filter((id) => fields.get(id)?.type !== undefined && !['subject', 'description', 'status', 'tickettype', 'priority', 'group', 'assignee'].includes(fields.get(id)?.type ?? ''));
}

/** Recomputes which custom fields the current form shows (ZAF reads only those). */
function syncFormFields(): void {
  const t = draft.ticket;
  if (!t) return;
  t.customFields = Object.fromEntries(customFieldIdsOf(t.formId).map((id) => [id, fieldValues[id] ?? null]));
}

function buildDraft(ticket: ZdTicket, org: ZdOrg | null, comments: ZdComment[]): HostTicket {
  fieldValues = Object.fromEntries(ticket.custom_fields.map((f) => [f.id, f.value]));
  const comment = (c: ZdComment): HostComment => ({ id: c.id, value: c.body, author: hostUser(c.author_id), isPublic: c.public, createdAt: c.created_at });
  const t: HostTicket = {
    id: ticket.id,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    type: ticket.type,
    formId: ticket.ticket_form_id,
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at,
    tags: [...ticket.tags],
    via: { channel: ticket.via.channel },
    requester: hostUser(ticket.requester_id),
    organization: org ? { id: org.id, name: org.name, tags: org.tags, domains: org.domain_names.join(' '), organizationFields: org.organization_fields } : null,
    assignee: { user: ticket.assignee_id ? hostUser(ticket.assignee_id) : null, group: ticket.group_id ? { id: ticket.group_id, name: `Group ${ticket.group_id}` } : null },
    comments: comments.map(comment),
    customFields: {},
  };
  return t;
}

async function fetchTicket(id: number): Promise<{ ticket: ZdTicket; org: ZdOrg | null; comments: ZdComment[] }> {
  const [{ ticket }, { comments }] = await Promise.all([
    api<{ ticket: ZdTicket }>(`/tickets/${id}.json`),
    api<{ comments: ZdComment[] }>(`/tickets/${id}/comments.json`),
  ]);
  await loadUsers([ticket.requester_id, ...(ticket.assignee_id ? [ticket.assignee_id] : []), ...comments.map((c) => c.author_id)]);
  const org = ticket.organization_id ? (await api<{ organization: ZdOrg }>(`/organizations/${ticket.organization_id}.json`)).organization : null;
  return { ticket, org, comments };
}

// ---- app frames -------------------------------------------------------------------------------------------------------

function backendFor(location: string, frame: HTMLIFrameElement) {
  const inTicket = location === 'ticket_sidebar';
  return {
    state: (): HostState => (inTicket ? draft : { ...draft, ticket: null }),
    changed: (path: string) => {
      if (path === 'ticket.form.id' || path === 'ticket.form') syncFormFields();
      if (path.startsWith('ticket.customField:') && draft.ticket) Object.assign(fieldValues, draft.ticket.customFields);
      renderTicket();
    },
    notify: (message: string, kind: string, options: unknown) => toast(message, kind, Boolean((options as { sticky?: boolean } | undefined)?.sticky)),
    resize: (size: { width?: string; height?: string }) => {
      if (size.height) frame.style.height = /^\d+$/.test(size.height) ? `${size.height}px` : size.height;
    },
    routeTo: (args: unknown[]) => {
      if (args[0] === 'ticket' && Number(args[1]) > 0) void openTicket(Number(args[1]));
      else toast(`routeTo ${JSON.stringify(args)} is not modelled here`, 'alert');
    },
    request: async (options: Record<string, unknown>) => {
      const res = await fetch('/__workspace/app-request', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(options) });
      return (await res.json()) as { status: number; responseText: string; headers: Record<string, string> };
    },
  };
}

/** One app instance in its own iframe, as Zendesk creates one per location (and per ticket tab). */
function mountApp(location: string, container: HTMLElement, ticketId?: number): ZafHost {
  const appGuid = crypto.randomUUID();
  const frame = h('iframe', {
    title: `Triage Assistant (${location})`,
    'data-location': location,
    src: `${config.appOrigin}/assets/index.html?origin=${encodeURIComponent(window.location.origin)}&app_guid=${appGuid}`,
  });
  if (location === 'nav_bar') frame.className = 'navbar';
  const host = new ZafHost({
    appGuid,
    metadata: { appId: config.appId, installationId: config.installationId, name: 'Triage Assistant', version: config.appVersion, settings: config.settings },
    context: { location, ...(ticketId ? { ticketId } : {}), account: { subdomain: config.subdomain }, product: 'support', instanceGuid: appGuid },
    backend: backendFor(location, frame),
    post: (message) => frame.contentWindow?.postMessage(message, config.appOrigin),
  });
  container.replaceChildren(frame);
  // contentWindow exists once attached.
  for (const [win, entry] of hosts) if (entry.location === location) hosts.delete(win);
  if (frame.contentWindow) hosts.set(frame.contentWindow, { host, frame, location });
  return host;
}

window.addEventListener('message', (event) => {
  if (event.origin !== config?.appOrigin || !event.source) return;
  const entry = hosts.get(event.source as Window);
  if (entry) void entry.host.receive(event.data);
});

// ---- views ---------------------------------------------------------------------------------------------------------------

const VIEWS: Record<string, { title: string; query: () => string; keep: (t: ZdTicket) => boolean }> = {
  'needs-org': { title: 'Needs org & triage', query: () => 'type:ticket organization:none', keep: (t) => !['solved', 'closed'].includes(t.status) },
  mine: { title: 'My tickets', query: () => `type:ticket assignee:${config.currentUser.id}`, keep: (t) => !['solved', 'closed'].includes(t.status) },
  open: { title: 'All unsolved', query: () => 'type:ticket', keep: (t) => !['solved', 'closed'].includes(t.status) },
};

function ago(iso: string): string {
  const minutes = Math.round((Date.parse(clockNow()) - Date.parse(iso)) / 60_000);
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / 1440)} d ago`;
}

async function showView(name: string): Promise<void> {
  currentView = name;
  saved = null;
  draft.ticket = null;
  sidebarHost = null;
  for (const b of document.querySelectorAll<HTMLButtonElement>('nav button')) b.classList.toggle('active', b.dataset['view'] === name);
  const main = $('#main');
  if (name === 'navbar') {
    main.replaceChildren();
    mountApp('nav_bar', main);
    return;
  }
  const view = VIEWS[name];
  if (!view) return;
  main.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  const { results } = await api<{ results: ZdTicket[] }>(`/search.json?query=${encodeURIComponent(view.query())}`);
  const tickets = results.filter(view.keep).sort((a, b) => b.created_at.localeCompare(a.created_at));
  await loadUsers(tickets.map((t) => t.requester_id));
  const rows = tickets.map((t) => {
    const row = h(
      'tr',
      { class: 'row', 'data-ticket-id': String(t.id) },
      h('td', {}, `#${t.id}`),
      h('td', {}, t.subject),
      h('td', {}, users.get(t.requester_id)?.email ?? String(t.requester_id)),
      h('td', {}, forms.find((f) => f.id === t.ticket_form_id)?.name ?? '—'),
      h('td', {}, t.priority ?? '—'),
      h('td', {}, h('span', { class: 'pill' }, t.status)),
      h('td', {}, ago(t.created_at)),
    );
    row.addEventListener('click', () => void openTicket(t.id));
    return row;
  });
  main.replaceChildren(
    h('h2', {}, `${view.title} `, h('span', { class: 'muted' }, `(${tickets.length})`)),
    h('table', {}, h('thead', {}, h('tr', {}, ...['ID', 'Subject', 'Requester', 'Form', 'Priority', 'Status', 'Created'].map((c) => h('th', {}, c)))), h('tbody', {}, ...rows)),
  );
}

// ---- ticket -------------------------------------------------------------------------------------------------------------

/** Counts ticket opens: an open whose read finishes after a later open's does nothing (the later one won). */
let opens = 0;

async function openTicket(id: number): Promise<void> {
  const mine = ++opens;
  for (const b of document.querySelectorAll<HTMLButtonElement>('nav button')) b.classList.remove('active');
  const loaded = await fetchTicket(id);
  if (mine !== opens) return;
  saved = loaded;
  draft.ticket = buildDraft(saved.ticket, saved.org, saved.comments);
  draft.comment = { text: '', type: 'publicReply' };
  syncFormFields();
  const main = $('#main');
  const apps = h('aside', { class: 'apps' }, h('h3', {}, 'Apps'), h('div', { id: 'sidebar-slot' }));
  main.replaceChildren(h('div', { class: 'ticket' }, h('div', { class: 'body', id: 'ticket-body' }), apps));
  // `?apps=off`: Zendesk with the app not installed (the e2e control case shows what the app prevents).
  if (new URLSearchParams(window.location.search).get('apps') === 'off') $('#sidebar-slot').replaceChildren(h('p', { class: 'muted' }, 'Apps are off (?apps=off).'));
  else sidebarHost = mountApp('ticket_sidebar', $('#sidebar-slot'), id);
  renderTicket();
}

function select(label: string, value: string, options: { value: string; name: string }[], onChange: (v: string) => void, dirty: boolean, name: string): HTMLElement {
  const el = h('select', { name, 'aria-label': label }, h('option', { value: '' }, '—'), ...options.map((o) => h('option', { value: o.value }, o.name)));
  el.value = value;
  el.addEventListener('change', () => onChange(el.value));
  return h('label', dirty ? { class: 'dirty' } : {}, label, el);
}

/** The agent edits a field in the workspace: update the draft and tell the app, as Zendesk does. */
function agentEdit(event: string, value: unknown): void {
  renderTicket();
  sidebarHost?.trigger(event, value);
}

function renderTicket(): void {
  const t = draft.ticket;
  const body = document.querySelector<HTMLElement>('#ticket-body');
  if (!t || !saved || !body) return;
  const s = saved.ticket;
  const formOptions = forms.filter((f) => f.active).map((f) => ({ value: String(f.id), name: f.name }));
  const fieldEls: HTMLElement[] = [
    select('Form', t.formId === null ? '' : String(t.formId), formOptions, (v) => {
      t.formId = v === '' ? null : Number(v);
      syncFormFields();
      agentEdit('ticket.form.id.changed', t.formId);
    }, t.formId !== s.ticket_form_id, 'form'),
    select('Priority', t.priority ?? '', ['low', 'normal', 'high', 'urgent'].map((p) => ({ value: p, name: p })), (v) => {
      t.priority = v === '' ? null : v;
      agentEdit('ticket.priority.changed', v);
    }, t.priority !== s.priority, 'priority'),
    select('Status', t.status, ['new', 'open', 'pending', 'hold', 'solved'].map((p) => ({ value: p, name: p })), (v) => {
      t.status = v;
      agentEdit('ticket.status.changed', v);
    }, t.status !== s.status, 'status'),
  ];
  for (const id of Object.keys(t.customFields).map(Number)) {
    const field = fields.get(id);
    if (!field?.custom_field_options) continue;
    const savedValue = s.custom_fields.find((f) => f.id === id)?.value ?? null;
    fieldEls.push(
      select(field.title, String(t.customFields[id] ?? ''), field.custom_field_options, (v) => {
        t.customFields[id] = v === '' ? null : v;
        fieldValues[id] = t.customFields[id];
        agentEdit(`ticket.custom_field_${id}.changed`, t.customFields[id]);
      }, (t.customFields[id] ?? null) !== savedValue, `custom_field_${id}`),
    );
  }
  const requester = t.requester;
  const conversation = [...t.comments].reverse().map((c) =>
    h(
      'div',
      { class: `comment${c.isPublic ? '' : ' internal'}`, 'data-comment-id': String(c.id) },
      h('div', { class: 'meta' }, `${c.author.name} · ${c.isPublic ? 'public' : 'internal note'} · ${c.createdAt.replace('T', ' ').replace('Z', ' UTC')}`),
      c.value,
    ),
  );
  const textarea = h('textarea', { 'aria-label': 'Reply', placeholder: draft.comment.type === 'publicReply' ? 'Public reply…' : 'Internal note…' });
  textarea.value = draft.comment.text;
  textarea.addEventListener('input', () => {
    draft.comment.text = textarea.value;
    sidebarHost?.trigger('comment.text.changed', textarea.value);
  });
  const toggle = h('button', { type: 'button', 'data-action': 'toggle-comment-type' }, draft.comment.type === 'publicReply' ? 'Public reply ▾ (switch to internal)' : 'Internal note ▾ (switch to public)');
  toggle.addEventListener('click', () => {
    draft.comment.type = draft.comment.type === 'publicReply' ? 'internalNote' : 'publicReply';
    agentEdit('comment.type.changed', draft.comment.type);
  });
  const submit = h('button', { type: 'button', class: 'primary', 'data-action': 'submit' }, `Submit as ${t.status}`);
  if (saving) submit.setAttribute('disabled', '');
  submit.addEventListener('click', () => void submitTicket());
  body.replaceChildren(
    h('h2', {}, `#${t.id} ${t.subject}`),
    h(
      'p',
      { class: 'muted' },
      `Requester: ${requester.name} <${requester.email ?? '—'}> · Organization: `,
      h('strong', { 'data-field': 'organization' }, t.organization?.name ?? 'none'),
      ` · via ${t.via.channel} · created ${ago(t.createdAt)} · tags: ${t.tags.join(', ') || '—'}`,
    ),
    h('div', { class: 'fields' }, ...fieldEls),
    h('div', { class: `reply${draft.comment.type === 'internalNote' ? ' internal' : ''}` }, textarea, h('div', { class: 'actions' }, toggle, h('span', { class: 'spacer' }), submit)),
    h('h3', {}, 'Conversation'),
    ...conversation,
  );
}

async function submitTicket(): Promise<void> {
  const t = draft.ticket;
  if (!t || !saved || saving) return;
  saving = true;
  renderTicket();
  const host = sidebarHost;
  host?.trigger('ticket.submit.start');
  try {
    const decision = host ? await host.runHook('ticket.save') : { allowed: true, message: null };
    if (!decision.allowed) {
      toast(decision.message || 'Triage Assistant blocked this save.', 'error', true);
      host?.trigger('ticket.submit.fail');
      return;
    }
    const s = saved.ticket;
    const update: Record<string, unknown> = { safe_update: true, updated_stamp: s.updated_at };
    if (t.priority !== s.priority) update['priority'] = t.priority;
    if (t.status !== s.status) update['status'] = t.status;
    if (t.formId !== s.ticket_form_id) update['ticket_form_id'] = t.formId;
    const changedFields = Object.entries(t.customFields)
      .filter(([id, v]) => (s.custom_fields.find((f) => f.id === Number(id))?.value ?? null) !== (v ?? null))
      .map(([id, value]) => ({ id: Number(id), value }));
    if (changedFields.length > 0) update['custom_fields'] = changedFields;
    if (draft.comment.text.trim() !== '') {
      update['comment'] = { body: draft.comment.text, public: draft.comment.type === 'publicReply', author_id: config.currentUser.id };
    }
    await api(`/tickets/${t.id}.json`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ticket: update }) });
    draft.comment = { text: '', type: 'publicReply' };
    saved = await fetchTicket(t.id);
    draft.ticket = buildDraft(saved.ticket, saved.org, saved.comments);
    syncFormFields();
    toast(`Ticket #${t.id} updated`);
    host?.trigger('ticket.submit.done');
    host?.trigger('ticket.saved', { id: t.id });
  } catch (error) {
    toast(`Save failed: ${error instanceof Error ? error.message : String(error)}`, 'error', true);
    host?.trigger('ticket.submit.fail');
  } finally {
    saving = false;
    host?.trigger('ticket.submit.always');
    renderTicket();
  }
}

/** Someone else (the service's fix run, a trigger) saved the open ticket: refresh and tell the app (`ticket.updated`). */
async function watchOpenTicket(): Promise<void> {
  if (!saved || saving) return;
  const id = saved.ticket.id;
  const { ticket } = await api<{ ticket: ZdTicket }>(`/tickets/${id}.json`);
  if (!saved || saved.ticket.id !== id || ticket.updated_at === saved.ticket.updated_at || saving) return;
  const before = draft.ticket;
  const fresh = await fetchTicket(id);
  // Another ticket was opened meanwhile: this one's news must not replace it.
  if (!saved || saved.ticket.id !== id) return;
  const next = buildDraft(fresh.ticket, fresh.org, fresh.comments);
  // Keep the agent's unsaved edits on fields they touched.
  if (before) {
    if (before.formId !== saved.ticket.ticket_form_id) next.formId = before.formId;
    if (before.priority !== saved.ticket.priority) next.priority = before.priority;
  }
  const requesterChanged = fresh.ticket.requester_id !== saved.ticket.requester_id;
  saved = fresh;
  draft.ticket = next;
  syncFormFields();
  renderTicket();
  toast(`Ticket #${id} was updated by another user`);
  if (requesterChanged) sidebarHost?.trigger('ticket.requester.id.changed', fresh.ticket.requester_id);
  sidebarHost?.trigger('ticket.updated', { id });
}

// ---- clock ----------------------------------------------------------------------------------------------------------------

let clockOffset = 0;
function clockNow(): string {
  return new Date(Date.now() + clockOffset).toISOString();
}
function setClock(iso: string): void {
  clockOffset = Date.parse(iso) - Date.now();
}

async function travel(input: { now?: string; advanceMinutes?: number }): Promise<void> {
  const res = await fetch('/__workspace/clock', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
  const body = (await res.json()) as { now?: string; error?: string };
  if (!res.ok || !body.now) {
    toast(`Time travel failed: ${body.error ?? res.status}`, 'error');
    return;
  }
  setClock(body.now);
  toast(`Zendesk time is now ${body.now.slice(0, 16).replace('T', ' ')} UTC`);
  // Apps reload so their clocks follow (the server injects the offset into the app page).
  const bg = $('#background');
  bg.replaceChildren();
  mountApp('background', bg);
  if (saved) await openTicket(saved.ticket.id);
  else await showView(currentView);
}

// ---- boot -------------------------------------------------------------------------------------------------------------------

async function boot(): Promise<void> {
  config = (await (await fetch('/__workspace/config')).json()) as WorkspaceConfig;
  draft.currentUser = config.currentUser;
  setClock(config.now);
  $('#agent').textContent = `${config.currentUser.name} (agent) · ${config.subdomain}.zendesk.com`;
  const [formList, fieldList] = await Promise.all([api<{ ticket_forms: ZdForm[] }>('/ticket_forms.json'), api<{ ticket_fields: ZdField[] }>('/ticket_fields.json')]);
  forms = formList.ticket_forms;
  for (const f of fieldList.ticket_fields) fields.set(f.id, f);

  for (const b of document.querySelectorAll<HTMLButtonElement>('nav button')) b.addEventListener('click', () => void showView(b.dataset['view'] ?? 'needs-org'));
  for (const b of document.querySelectorAll<HTMLButtonElement>('header button[data-advance]')) {
    b.addEventListener('click', () => void travel({ advanceMinutes: Number(b.dataset['advance']) }));
  }
  $('#travel-go').addEventListener('click', () => {
    const v = $<HTMLInputElement>('#travel-at').value;
    if (v) void travel({ now: `${v}:00Z` });
  });
  setInterval(() => {
    $('#clock').textContent = `${clockNow().slice(0, 19).replace('T', ' ')} UTC`;
  }, 1000);
  setInterval(() => void watchOpenTicket().catch(() => undefined), 3000);

  mountApp('background', $('#background'));
  // `#ticket/<id>` opens a ticket in the running workspace, as an agent goes from ticket to ticket in Zendesk: the
  // background app keeps running and only the ticket's sidebar iframe is new (`?ticket=` loads the whole page).
  window.addEventListener('hashchange', () => {
    const match = /^#ticket\/(\d+)$/.exec(window.location.hash);
    if (match) openTicket(Number(match[1])).catch((error: unknown) => toast(`Could not open ticket #${match[1]}: ${error instanceof Error ? error.message : String(error)}`, 'error'));
  });
  const ticketParam = Number(new URLSearchParams(window.location.search).get('ticket'));
  if (ticketParam > 0) await openTicket(ticketParam);
  else await showView('needs-org');
}

boot().catch((error: unknown) => toast(`Workspace failed to start: ${error instanceof Error ? error.message : String(error)}`, 'error', true));
