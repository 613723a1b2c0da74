import { checklist, TRIAGE_CHECKS, type Assessment, type Finding } from '@triage-assistant/shared';
import { renderApp, screen } from '../test/render';
import { needsOrgAssessment } from '../test/fixtures';
import { CHECK_ORDER, TriageChecklist } from './TriageChecklist';

it('sorts checks in the contract’s fix order', () => {
  expect(CHECK_ORDER).toEqual(TRIAGE_CHECKS);
});

/** The needs-org ticket with its checks as the service builds them (shared `checklist()`: "Form: <message> (+1 more)"). */
function assessmentWith(findings: Finding[]): Assessment {
  return { ...needsOrgAssessment(), findings, checks: checklist(findings) };
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

it('shows a failing finding’s message once: the check’s summary already quotes it', async () => {
  const base = needsOrgAssessment();
  const formWarning: Finding = {
    code: 'form.unknown',
    check: 'form',
    severity: 'warning',
    message: 'Form 360000071293 is not in policy "GitLab Support (default)": its rules are unknown.',
    slaImpact: null,
    fix: null,
  };
  const assessment = assessmentWith([...base.findings, formWarning]);
  renderApp(<TriageChecklist assessment={assessment} serviceFixes="available" onAssociateOrganization={() => {}} onApplyTicketFix={() => {}} />);

  const organization = await screen.findByTestId('check-organization');
  const orgMessage = base.findings[0]!.message;
  expect(organization).toHaveTextContent(`Organization: ${orgMessage}`);
  expect(occurrences(organization.textContent!, orgMessage)).toBe(1);
  // The SLA impact and the fix stay with the finding.
  expect(organization).toHaveTextContent(`SLA impact: ${base.findings[0]!.slaImpact!}`);
  expect(screen.getByRole('button', { name: 'Associate organization, then change form' })).toBeInTheDocument();

  // The lead error is quoted by the summary; the second finding ("+1 more") is shown on its own line, once.
  const form = screen.getByTestId('check-form');
  const formMessage = base.findings[1]!.message;
  expect(form).toHaveTextContent(`Form: ${formMessage} (+1 more)`);
  expect(occurrences(form.textContent!, formMessage)).toBe(1);
  expect(occurrences(form.textContent!, formWarning.message)).toBe(1);
});
