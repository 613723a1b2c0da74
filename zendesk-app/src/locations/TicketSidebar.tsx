import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Title, Well } from '@zendeskgarden/react-notifications';
import { Dots } from '@zendeskgarden/react-loaders';
import { SM, MD } from '@zendeskgarden/react-typography';
import type { FixAction } from '@triage-assistant/shared';
import { useServiceClient } from '../api/useServiceClient';
import { CommitmentPanel } from '../components/CommitmentPanel';
import { ComposerWarning } from '../components/ComposerWarning';
import { SlaPanel } from '../components/SlaPanel';
import { TriageChecklist } from '../components/TriageChecklist';
import { loadEngine } from '../domain/loaders';
import type { DueTimeChoice } from '../components/CommitmentPanel';
import { useAutoResize } from '../hooks/useAutoResize';
import { useI18n } from '../i18n/I18nProvider';
import { customFieldPath } from '../ticket/paths';
import { useSaveGuard } from '../ticket/useSaveGuard';
import { useTicketAssessment } from '../ticket/useTicketAssessment';
import { useZafApp } from '../zaf/ZafClientProvider';
import { MARK_SIDEBAR_RENDERED, markOnce } from '../zaf/perf-marks';

// The modal (and Garden's modal/radio code) loads only when the agent opens the fix.
const OrgFixModal = lazy(() => import('../components/OrgFixModal').then((m) => ({ default: m.OrgFixModal })));

/** Ticket and new-ticket sidebar: SLA countdown, ordered triage checklist with fixes, commitment, composer warnings. */
export default function TicketSidebar() {
  const { client, settings } = useZafApp();
  const { t, timeZone, locale } = useI18n();
  const service = useServiceClient();
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
        setActionError((e as Error).message ?? String(e));
      }
    },
    [client],
  );

  // After the commit that first shows an assessment (the render budget's end point, zaf/perf-marks.ts).
  useEffect(() => {
    if (assessment) markOnce(MARK_SIDEBAR_RENDERED);
  }, [assessment]);

  const ticketId = snapshot?.id ?? null;
  const now = new Date();
  const [choices, setChoices] = useState<DueTimeChoice[]>([]);
  useEffect(() => {
    // Recomputed with each assessment; the quick picks are minute-granular.
    if (!assessment) return;
    let live = true;
    void loadEngine().then(({ dueTimeChoices }) => live && setChoices(dueTimeChoices(assessment, new Date(), timeZone, t, locale)));
    return () => {
      live = false;
    };
  }, [assessment, timeZone, t, locale]);

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
          <SM>{t('sidebar.offline_body', { reason: offlineReason })}</SM>
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
          <SlaPanel statuses={assessment.sla} warningWindowMinutes={settings.warningWindowMinutes} />
          {actionError && <Alert type="error">{actionError}</Alert>}
          <TriageChecklist
            assessment={assessment}
            serviceFixes={offlineReason !== null ? 'offline' : ticketId === null ? 'unsaved' : 'available'}
            onAssociateOrganization={() => setFixOpen(true)}
            onApplyTicketFix={(action) => void applyTicketFix(action)}
          />
          {ticketId !== null && (
            <CommitmentPanel
              status={assessment.commitment}
              choices={choices}
              now={now}
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
