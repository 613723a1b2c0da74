/**
 * Zendesk simulator: one in-memory model of the Support API parts the service and the sidebar use, served through
 * msw handlers (tests) and a node:http server (local workspace, end-to-end). See README.md in this folder.
 */
export {
  ZendeskSimulator,
  ZendeskApiError,
  createSimulator,
  zendeskTime,
  ENTITLEMENT_AUTO_REPLY,
  ENTITLEMENT_REQUESTED_TAG,
  ENTITLEMENT_TRIGGER,
  SEVERITY_TRIGGER,
  NOT_FOUND_BODY,
  UPDATE_CONFLICT_BODY,
  SYSTEM_USER_ID,
  type SimulatorOptions,
  type WebhookOptions,
  type RequestLogEntry,
  type WebhookRecord,
  type CreateTicketInput,
  type UpdateTicketInput,
  type CreateUserInput,
  type CreateOrganizationInput,
  type CommentInput,
} from './model.js';
export { handleZendeskRequest, matchRoute, parseSearchQuery, search, ROUTES, API_PREFIX, type SimRequest, type SimResponse, type Route } from './http-handlers.js';
export { zendeskHandlers, DEFAULT_BASE_URL } from './msw.js';
export { renderTriageAssistantTrigger } from './triage-assistant-trigger.js';
export { startSimulatorServer, type SimulatorServerOptions, type RunningSimulatorServer } from './server.js';
export { seedGitLabAccount, seedCommitments, FORMS, GROUPS, type SeedResult, type SeedCommitment } from './seed.js';
export {
  CUSTOMER_SEVERITY_FIELD_ID,
  TICKET_STAGE_FIELD_ID,
  PREFERRED_REGION_FIELD_ID,
  OTHER_REQUEST_FORM_ID,
  SCHEDULE_IDS,
  SYSTEM_FIELD_IDS,
  fromZendeskSchedule,
  toZendeskSchedule,
  gitlabSlaPolicies,
  gitlabSchedules,
  gitlabTicketFields,
  gitlabTicketForms,
  entitlementFormIds,
} from './gitlab-config.js';
export { computeSlas, matchingPolicy, policyMatches, conditionHolds } from './sla.js';
export {
  WebhookEventSchema,
  WEBHOOK_EVENT_TYPES,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signWebhook,
  verifyWebhookSignature,
  fetchWebhookSender,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookDelivery,
  type WebhookSender,
} from './webhook-events.js';
export type * from './types.js';
