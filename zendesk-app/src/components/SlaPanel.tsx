import { Accordion } from '@zendeskgarden/react-accordions';
import { SM, MD } from '@zendeskgarden/react-typography';
import type { SlaMetric, SlaStatus } from '@triage-assistant/shared';
// Deep import: the formatter has no zod dependency, so it stays out of the core chunk.
import { formatBusinessDuration } from '@triage-assistant/shared/src/business-time/format.js';
import { useI18n } from '../i18n/I18nProvider';
import { formatDateTime } from '../format/format';
import { usePassed } from '../hooks/useNow';
import { SlaCountdown } from './SlaCountdown';

/** Display order, as shared's SLA_METRICS (kept here so zod stays out of this chunk; a test pins them equal). */
export const METRIC_ORDER = ['first_reply_time', 'next_reply_time', 'periodic_update_time'] as const satisfies readonly SlaMetric[];

export interface SlaPanelProps {
  statuses: SlaStatus[];
  warningWindowMinutes: number;
}

function SlaMetric({ status, warningWindowMinutes }: { status: SlaStatus; warningWindowMinutes: number }) {
  const { t, locale, timeZone } = useI18n();
  const headingId = `sla-${status.metric}`;
  const showsBusinessLeft = status.businessMinutesLeft !== null && status.businessMinutesLeft > 0;
  // The business time left is as assessed; once the countdown turns to Breached it is none (a re-assessment says 0).
  // One timer at the deadline, only while a running clock shows it: the row still never re-renders per tick.
  const running = status.state === 'active' || status.state === 'warning';
  const overdue = usePassed(showsBusinessLeft && running ? status.dueAt : null);
  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 12 }}>
      <MD isBold id={headingId}>
        {t(`sla.metric.${status.metric}`)}
      </MD>
      <SlaCountdown status={status} warningWindowMinutes={warningWindowMinutes} />
      {status.dueAt !== null && (
        <SM>{t('sla.due_at', { time: formatDateTime(status.dueAt, locale, timeZone) })}</SM>
      )}
      {showsBusinessLeft && !overdue && (
        <SM>{t('sla.business_left', { duration: formatBusinessDuration(status.businessMinutesLeft!) })}</SM>
      )}
      <SM>{status.explanation}</SM>
      {status.disagreement && <SM role="note">{status.disagreement.message}</SM>}
      {status.deadlineChanges.length > 0 && (
        <Accordion level={4} isCollapsible isCompact defaultExpandedSections={[]}>
          <Accordion.Section>
            <Accordion.Header>
              <Accordion.Label>{t('sla.why_moved')}</Accordion.Label>
            </Accordion.Header>
            <Accordion.Panel>
              <ul style={{ margin: 0, paddingLeft: 16 }}>
                {status.deadlineChanges.map((change) => (
                  <li key={`${change.at}-${change.reason}`}>
                    <SM>
                      {t('sla.moved_line', { at: formatDateTime(change.at, locale, timeZone), reason: change.reason })}
                    </SM>
                  </li>
                ))}
              </ul>
            </Accordion.Panel>
          </Accordion.Section>
        </Accordion>
      )}
    </section>
  );
}

/** Each SLA metric, first reply first, with its live countdown. */
export function SlaPanel({ statuses, warningWindowMinutes }: SlaPanelProps) {
  const { t } = useI18n();
  const sorted = [...statuses].sort((a, b) => METRIC_ORDER.indexOf(a.metric) - METRIC_ORDER.indexOf(b.metric));
  return (
    <section aria-label={t('sla.title')}>
      {sorted.length === 0 ? (
        <SM>{t('sla.none')}</SM>
      ) : (
        sorted.map((status) => <SlaMetric key={status.metric} status={status} warningWindowMinutes={warningWindowMinutes} />)
      )}
    </section>
  );
}
