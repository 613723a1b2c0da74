import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Title, Well } from '@zendeskgarden/react-notifications';
import { Dots } from '@zendeskgarden/react-loaders';
import { SM, MD } from '@zendeskgarden/react-typography';
import type { Assessment, FixAction } from '@triage-assistant/shared';
import { useServiceClient } from '../api/useServiceClient';
import { CommitmentPanel, type CommitmentPanelProps } from '../components/CommitmentPanel';
import { ComposerWarning } from '../components/ComposerWarning';
import { SlaPanel } from '../components/SlaPanel';
import { TriageChecklist } from '../components/TriageChecklist';
import type { Engine } from '../domain/loaders';
import { useEngine } from '../hooks/useEngine';
import { useAutoResize } from '../hooks/useAutoResize';
import { useNow } from '../hooks/useNow';
import { useI18n } from '../i18n/I18nProvider';
import { customFieldPath } from '../ticket/paths';
import { useSaveGuard } from '../ticket/useSaveGuard';
import { useTicketAssessment } from '../ticket/useTicketAssessment';
import { useZafApp } from '../zaf/ZafClientProvider';
import { MARK_SIDEBAR_RENDERED, markOnce } from '../zaf/perf-marks';

// The modal (and Garden's modal/radio code) loads only when the agent opens the fix.
const OrgFixModal = lazy(() => import('../components/OrgFixModal').then((m) => ({ default: m.OrgFixModal })));

/** Minute-granular, like the quick picks and the custom time. */
export const COMMITMENT_TICK_MS = 60_000;

/**
 * The commitment panel with its own minute clock (a leaf: the tick re-renders only it). The sidebar can stay open for
 * hours without a re-assessment: the quick picks ("+4 business hours"), the "in the past" check of a custom time and
 * the upcoming / due soon / overdue state must follow the clock, not the time of the last assessment.
 */
function LiveCommitmentPanel({
  assessment,
  engine,
  ...props
}: { assessment: Assessment; engine: Engine | null } & Pick<CommitmentPanelProps, 'disabled' | 'onSet' | 'onClear' | 'ticketStatus'>) {
  const { t, timeZone, locale } = useI18n();
  const now = useNow(COMMITMENT_TICK_MS);
  const choices = engine ? engine.dueTimeChoices(assessment, now, timeZone, t, locale) : [];
  const dueSoonMinutes = engine?.localPolicy().warnings.commitmentDueSoonMinutes;
  return <CommitmentPanel status={assessment.commitment} choices={choices} now={now} dueSoonMinutes={dueSoonMinutes} {...props} />;
}

/** Ticket and new-ticket sidebar: SLA countdown, ordered triage checklist with fixes, commitment, composer warnings. */
export default function TicketSidebar() {
  const { client, settings } = useZafApp();
  const { t } = useI18n();
  const service = useServiceClient();
  const engine = useEngine();
  const { snapshot, assessment, offlineReason, error, saved, refresh } = useTicketAssessment(client, service, settings);
  const [fixOpen, setFixOpen] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  useAutoResize(client, root);
  // The guard judges the draft's changes against the ticket as saved, not as last re-read (which is the draft).
  const savedTicket = useMemo(() => (snapshot && saved ? { ...snapshot, formId: saved.formId, priority: saved.priority } : snapshot), [snapshot, saved]);
  useSaveGuard(client, savedTicket, t);

  const applyTicketFix = useCallback(
    async (action: FixAction) => {
      setActionError(null);
      try {
        // Into the agent's unsaved ticket: they review and submit; no REST write collides with their edit.
        if (action.kind === 'set_priority') await client.set('ticket.priority', action.priority);
        else if (action.kind === 'set_problem_type' && action.value !== null) await client.set(customFieldPath(action.fieldId), action.value);
        else if (action.kind === 'set_form') await client.set('ticket.form.id', action.formId);
      } catch (e) {
        // Name the fix: Zendesk's reason alone ('"ticket.priority" …') does not say what the agent clicked.
        const fix =
          action.kind === 'set_priority'
            ? t('checklist.set_priority', { priority: t(`priority.${action.priority}`) })
            : action.kind === 'set_problem_type'
              ? t('checklist.set_problem_type', { value: action.value ?? '' })
              : action.kind === 'set_form'
                ? t('checklist.set_form', { form: action.formName })
                : action.kind;
        const reason = e instanceof Error ? e.message : String((e as { message?: unknown } | null)?.message ?? e);
        setActionError(t('sidebar.fix_failed', { fix, reason }));
      }
    },
    [client, t],
  );

  // After the commit that first shows an assessment (the render budget's end point, zaf/perf-marks.ts).
  useEffect(() => {
    if (assessment) markOnce(MARK_SIDEBAR_RENDERED);
  }, [assessment]);

  const ticketId = snapshot?.id ?? null;

  return (
    <div ref={root} style={{ padding: 8 }}>
      {error && !assessment && (
        <Alert type="error">
          <Title>{t('sidebar.read_failed_title')}</Title>
          {error}
        </Alert>
      )}
      {!assessment && !error && (
        <div role="status" aria-label={t('common.loading')}>
          <Dots size={32} />
        </div>
      )}
      {offlineReason && (
        <Well isRecessed role="status" data-testid="offline-note">
          <MD isBold>{t('sidebar.offline_title')}</MD>
          <SM>{assessment ? t('sidebar.offline_body', { reason: offlineReason, policy: assessment.policy.name }) : t('sidebar.offline_body_unassessed', { reason: offlineReason })}</SM>
        </Well>
      )}
      {assessment && (
        <>
          <SM>{t('sidebar.plan', { plan: assessment.plan.name, reason: assessment.plan.reason })}</SM>
          <ComposerWarning
            client={client}
            firstReply={assessment.sla.find((s) => s.metric === 'first_reply_time')}
            warningWindowMinutes={settings.warningWindowMinutes}
            enabled={settings.composerWarnings}
          />
          <SlaPanel statuses={assessment.sla} warningWindowMinutes={settings.warningWindowMinutes} businessLeft={engine?.businessLeftFor(assessment.policy)} />
          {actionError && <Alert type="error">{actionError}</Alert>}
          <TriageChecklist
            assessment={assessment}
            serviceFixes={offlineReason !== null ? 'offline' : ticketId === null ? 'unsaved' : 'available'}
            onAssociateOrganization={() => setFixOpen(true)}
            onApplyTicketFix={(action) => void applyTicketFix(action)}
          />
          {ticketId !== null && (
            <LiveCommitmentPanel
              assessment={assessment}
              engine={engine}
              // As saved, not the draft: the service checks the promise against Zendesk's status.
              ticketStatus={saved?.status ?? snapshot?.status}
              disabled={offlineReason !== null}
              onSet={async (dueAt) => {
                await service.putCommitment(ticketId, { dueAt: dueAt.toISOString(), note: '' });
                await refresh();
              }}
              onClear={async () => {
                await service.clearCommitment(ticketId);
                await refresh();
              }}
            />
          )}
        </>
      )}
      {fixOpen && assessment && ticketId !== null && (
        <Suspense fallback={<Dots aria-label={t('common.loading')} />}>
          <OrgFixModal
            ticketId={ticketId}
            assessment={assessment}
            currentFormId={snapshot?.formId ?? null}
            service={service}
            onClose={() => setFixOpen(false)}
            onFinished={() => void refresh()}
          />
        </Suspense>
      )}
    </div>
  );
}
