/**
 * Triage engine: ordered findings (organization → form → priority → problem type) with SLA impact, the checklist,
 * the dependency-ordered fix plan and the save-time guard.
 */
export { triageFindings, type TriageContext } from './findings.js';
export { checklist } from './checklist.js';
export { planFixes, ORG_BEFORE_FORM_REASON } from './fix-plan.js';
export { guardSave } from './guard.js';
export { expectedPriority, formOf, formRequiresOrganization, onEmergencyPath } from './rules.js';
