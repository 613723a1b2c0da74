/**
 * Raw Zendesk JSON shapes the simulator stores and serves: snake_case, numeric ids, ISO-8601 timestamps at second
 * precision. Only the fields the service and app read (plus the ones the OAS lists as usual companions) are modelled.
 */

export type ZdPriority = 'low' | 'normal' | 'high' | 'urgent';
export type ZdStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
export type ZdCustomFieldValue = string | number | boolean | null | string[];

export interface ZdVia {
  channel: string;
  source: { from: Record<string, unknown>; to: Record<string, unknown>; rel: string | null };
}

export interface ZdTicket {
  id: number;
  url: string;
  external_id: string | null;
  created_at: string;
  updated_at: string;
  type: 'question' | 'incident' | 'problem' | 'task' | null;
  subject: string;
  raw_subject: string;
  description: string;
  priority: ZdPriority | null;
  status: ZdStatus;
  requester_id: number;
  submitter_id: number;
  assignee_id: number | null;
  organization_id: number | null;
  group_id: number | null;
  brand_id: number;
  ticket_form_id: number | null;
  tags: string[];
  custom_fields: { id: number; value: ZdCustomFieldValue }[];
  collaborator_ids: number[];
  follower_ids: number[];
  email_cc_ids: number[];
  due_at: string | null;
  is_public: boolean;
  has_incidents: boolean;
  allow_channelback: boolean;
  allow_attachments: boolean;
  via: ZdVia;
}

export interface ZdUser {
  id: number;
  url: string;
  name: string;
  email: string | null;
  role: 'end-user' | 'agent' | 'admin';
  organization_id: number | null;
  default_group_id: number | null;
  notes: string;
  details: string;
  tags: string[];
  time_zone: string;
  iana_time_zone: string;
  locale: string;
  active: boolean;
  verified: boolean;
  suspended: boolean;
  user_fields: Record<string, ZdCustomFieldValue>;
  created_at: string;
  updated_at: string;
}

export interface ZdOrganization {
  id: number;
  url: string;
  name: string;
  external_id: string | null;
  domain_names: string[];
  details: string | null;
  notes: string | null;
  group_id: number | null;
  shared_tickets: boolean;
  shared_comments: boolean;
  tags: string[];
  organization_fields: Record<string, string | number | boolean | null>;
  created_at: string;
  updated_at: string;
}

export interface ZdMembership {
  id: number;
  url: string;
  user_id: number;
  organization_id: number;
  organization_name: string;
  /** Zendesk: `true` for the default membership, `null` (not `false`) otherwise. */
  default: true | null;
  view_tickets: boolean;
  created_at: string;
  updated_at: string;
}

export interface ZdComment {
  id: number;
  type: 'Comment';
  author_id: number;
  body: string;
  html_body: string;
  plain_body: string;
  public: boolean;
  attachments: unknown[];
  audit_id: number;
  via: ZdVia;
  metadata: Record<string, unknown>;
  created_at: string;
}

export interface ZdAuditEvent {
  id: number;
  type: 'Create' | 'Change' | 'Comment' | 'Notification';
  field_name?: string;
  value?: unknown;
  previous_value?: unknown;
  body?: string;
  public?: boolean;
  author_id?: number;
  via?: ZdVia;
}

export interface ZdAudit {
  id: number;
  ticket_id: number;
  created_at: string;
  author_id: number;
  metadata: Record<string, unknown>;
  via: ZdVia;
  events: ZdAuditEvent[];
}

export interface ZdTicketForm {
  id: number;
  url: string;
  name: string;
  raw_name: string;
  display_name: string;
  raw_display_name: string;
  position: number;
  active: boolean;
  default: boolean;
  end_user_visible: boolean;
  in_all_brands: boolean;
  restricted_brand_ids: number[];
  ticket_field_ids: number[];
  agent_conditions: unknown[];
  end_user_conditions: unknown[];
  created_at: string;
  updated_at: string;
}

export interface ZdFieldOption {
  id: number;
  name: string;
  raw_name: string;
  value: string;
  default: boolean;
}

export interface ZdTicketField {
  id: number;
  url: string;
  type: string;
  title: string;
  raw_title: string;
  description: string;
  position: number;
  active: boolean;
  required: boolean;
  visible_in_portal: boolean;
  editable_in_portal: boolean;
  removable: boolean;
  tag: string | null;
  custom_field_options?: ZdFieldOption[];
  created_at: string;
  updated_at: string;
}

export interface ZdSlaCondition {
  field: string;
  operator: string;
  value: unknown;
}

export interface ZdSlaPolicyMetric {
  priority: ZdPriority;
  metric: string;
  target: number;
  business_hours: boolean;
}

export interface ZdSlaPolicy {
  id: number;
  url: string;
  title: string;
  description: string;
  position: number;
  filter: { all: ZdSlaCondition[]; any: ZdSlaCondition[] };
  policy_metrics: ZdSlaPolicyMetric[];
  created_at: string;
  updated_at: string;
}

export interface ZdSchedule {
  id: number;
  name: string;
  /** A Rails zone name ("Pacific Time (US & Canada)"), never IANA. */
  time_zone: string;
  /** Minutes since Sunday 00:00 in the schedule's zone; never crossing midnight. */
  intervals: { start_time: number; end_time: number }[];
  created_at: string;
  updated_at: string;
}

/** One metric of the `include=slas` sideload (not in the OAS; ZENDESK.md §4.1). */
export interface ZdSlaMetricView {
  breach_at: string | null;
  stage: 'active' | 'achieved' | 'paused';
  metric: string;
  hours?: number;
  minutes?: number;
  days?: number;
}
