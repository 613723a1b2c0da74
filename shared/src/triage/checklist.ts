import { TRIAGE_CHECKS, type CheckResult, type Finding, type TriageCheck } from '../schemas/assessment.js';

const LABEL: Record<TriageCheck, string> = {
  organization: 'Organization',
  form: 'Form',
  priority: 'Priority',
  problem_type: 'Problem type',
};

/**
 * One line per check, in fix order (organization → form → priority → problem type): `fail` when any finding of
 * the check is an error, `warn` for warnings, `pass` otherwise (info findings do not fail a check). The summary is
 * the most severe finding's message, with a count of the others.
 */
export function checklist(findings: readonly Finding[]): CheckResult[] {
  return TRIAGE_CHECKS.map((check) => {
    const own = findings.filter((f) => f.check === check);
    const errors = own.filter((f) => f.severity === 'error');
    const warnings = own.filter((f) => f.severity === 'warning');
    const lead = errors[0] ?? warnings[0];
    if (!lead) return { check, status: 'pass', summary: `${LABEL[check]}: OK` };
    const others = errors.length + warnings.length - 1;
    return {
      check,
      status: errors.length > 0 ? 'fail' : 'warn',
      summary: `${LABEL[check]}: ${lead.message}${others > 0 ? ` (+${others} more)` : ''}`,
    };
  });
}
