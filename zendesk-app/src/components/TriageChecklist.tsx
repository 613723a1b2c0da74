import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Label, Select } from '@zendeskgarden/react-forms';
import { Tag } from '@zendeskgarden/react-tags';
import { MD, SM } from '@zendeskgarden/react-typography';
import type { Assessment, CheckResult, Finding, FixAction, TriageCheck } from '@triage-assistant/shared';
import { useI18n } from '../i18n/I18nProvider';

/** Fix order, as shared's TRIAGE_CHECKS (kept here so zod stays out of this chunk; a test pins them equal). */
export const CHECK_ORDER = ['organization', 'form', 'priority', 'problem_type'] as const satisfies readonly TriageCheck[];

const STATUS_HUE = { pass: 'successHue', fail: 'dangerHue', warn: 'warningHue' } as const;

export interface TriageChecklistProps {
  assessment: Assessment;
  /**
   * Whether the service-side organization fix can run: `unsaved` (new-ticket sidebar: it needs a ticket id) or
   * `offline` (the service is unreachable: the sidebar shows the local assessment) say why not.
   */
  serviceFixes: 'available' | 'unsaved' | 'offline';
  /** Opens the "associate organization, then change form" flow. */
  onAssociateOrganization: () => void;
  /** Applies a fix into the agent's unsaved ticket via client.set. */
  onApplyTicketFix: (action: FixAction) => void;
}

function ProblemTypeChooser({ action, onApply }: { action: Extract<FixAction, { kind: 'set_problem_type' }>; onApply: (a: FixAction) => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState(action.options[0] ?? '');
  return (
    <div style={{ display: 'flex', gap: 8, alignItems: 'flex-end' }}>
      <Field>
        <Label>{t('checklist.choose_problem_type')}</Label>
        <Select value={value} onChange={(e) => setValue(e.target.value)} isCompact>
          {action.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </Select>
      </Field>
      <Button size="small" disabled={!value} onClick={() => onApply({ ...action, value })}>
        {t('checklist.apply')}
      </Button>
    </div>
  );
}

/** Form findings after which the ticket belongs on another form: the org-fix dialog offers one. */
const FORM_FINDINGS_WITH_TARGET = new Set(['form.missing', 'form.generic', 'form.unknown', 'form.needs_entitlement']);

function FixButton({ finding, props }: { finding: Finding; props: TriageChecklistProps }) {
  const { t } = useI18n();
  const fix = finding.fix;
  if (!fix) return null;
  switch (fix.kind) {
    case 'associate_organization': {
      // Several checks can depend on the organization; the button lives on the organization line only.
      if (finding.check !== 'organization') return <SM>{t('checklist.org_first')}</SM>;
      if (props.serviceFixes === 'offline') return <SM>{t('checklist.service_offline')}</SM>;
      if (props.serviceFixes === 'unsaved') return <SM>{t('checklist.save_first')}</SM>;
      // The dialog also offers a target form whenever the form check found something, even without a proposal.
      const withForm =
        props.assessment.fixPlan.some((s) => s.action.kind === 'set_form') ||
        props.assessment.findings.some((f) => FORM_FINDINGS_WITH_TARGET.has(f.code));
      return (
        <Button size="small" isPrimary onClick={props.onAssociateOrganization}>
          {t(withForm ? 'checklist.associate_then_form' : 'checklist.associate')}
        </Button>
      );
    }
    case 'set_form': {
      // When the organization must come first, the combined flow changes the form after associating it.
      const orgFirst = props.assessment.fixPlan.some((s) => s.action.kind === 'associate_organization');
      if (orgFirst) return <SM>{t('checklist.form_after_org')}</SM>;
      return (
        <Button size="small" onClick={() => props.onApplyTicketFix(fix)}>
          {t('checklist.set_form', { form: fix.formName })}
        </Button>
      );
    }
    case 'set_priority':
      return (
        <Button size="small" onClick={() => props.onApplyTicketFix(fix)}>
          {t('checklist.set_priority', { priority: t(`priority.${fix.priority}`) })}
        </Button>
      );
    case 'set_problem_type':
      return fix.value !== null ? (
        <Button size="small" onClick={() => props.onApplyTicketFix(fix)}>
          {t('checklist.set_problem_type', { value: fix.value })}
        </Button>
      ) : (
        // Keyed by field and options: after a form change the re-assessment offers another field's values, and a kept
        // choice would be applied to that field while the select showed its first new option.
        <ProblemTypeChooser key={`${fix.fieldId}:${fix.options.join('\u0000')}`} action={fix} onApply={props.onApplyTicketFix} />
      );
  }
}

/**
 * The finding the check's summary already quotes: shared `checklist()` writes "<Check>: <message>" from the check's
 * first error, else its first warning. Matched on the text too, so a summary built otherwise never hides a message.
 */
function quotedFinding(check: CheckResult, findings: readonly Finding[]): Finding | undefined {
  const lead = findings.find((f) => f.severity === 'error') ?? findings.find((f) => f.severity === 'warning');
  return lead && check.summary.includes(lead.message) ? lead : undefined;
}

/** The four checks in fix order (organization → form → priority → problem type) with reasons, SLA impact and fixes. */
export function TriageChecklist(props: TriageChecklistProps) {
  const { t } = useI18n();
  const { assessment } = props;
  const checks = [...assessment.checks].sort((a, b) => CHECK_ORDER.indexOf(a.check) - CHECK_ORDER.indexOf(b.check));
  return (
    <section aria-label={t('checklist.title')}>
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {checks.map((check) => {
          const findings = assessment.findings.filter((f) => f.check === check.check);
          const quoted = quotedFinding(check, findings);
          return (
            <li key={check.check} data-testid={`check-${check.check}`} style={{ marginBottom: 12 }}>
              <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
                <Tag hue={STATUS_HUE[check.status]} size="small">
                  {t(`checklist.status.${check.status}`)}
                </Tag>
                <MD isBold>{t(`checklist.check.${check.check}`)}</MD>
              </div>
              <SM>{check.summary}</SM>
              {findings.map((finding) => (
                <div key={finding.code} style={{ marginTop: 4 }}>
                  {finding !== quoted && <SM>{finding.message}</SM>}
                  {finding.slaImpact && <SM>{t('checklist.sla_impact', { impact: finding.slaImpact })}</SM>}
                  <FixButton finding={finding} props={props} />
                </div>
              ))}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
