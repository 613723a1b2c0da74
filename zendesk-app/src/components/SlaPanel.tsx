import { Accordion } from '@zendeskgarden/react-accordions';
import { SM, MD } from '@zendeskgarden/react-typography';
import type { SlaMetric, SlaStatus } from '@triage-assistant/shared';
// Deep import: the formatter has no zod dependency, so it stays out of the core chunk.
import { formatBusinessDuration } from '@triage-assistant/shared/src/business-time/format.js';
import { useI18n } from '../i18n/I18nProvider';
import { formatDateTime } from '../format/format';
import { useNow, usePassed } from '../hooks/useNow';
import { SlaCountdown } from './SlaCountdown';

/** Display order, as shared's SLA_METRICS (kept here so zod stays out of this chunk; a test pins them equal). */
export const METRIC_ORDER = ['first_reply_time', 'next_reply_time', 'periodic_update_time'] as const satisfies readonly SlaMetric[];

/** Business minutes left at `now` on the status's schedule (the engine's `businessMinutesLeft`); null: unknown here. */
export type BusinessLeft = (status: SlaStatus, now: Date) => number | null;

/** How often a running clock's business time left is recomputed: it is shown in minutes. */
export const BUSINESS_LEFT_TICK_MS = 60_000;

export interface SlaPanelProps {
  statuses: SlaStatus[];
  warningWindowMinutes: number;
  /** Absent until the engine has loaded: the rows show the assessment's figure meanwhile. */
  businessLeft?: BusinessLeft | undefined;
}

function SlaMetric({ status, warningWindowMinutes, businessLeft }: { status: SlaStatus; warningWindowMinutes: number; businessLeft?: BusinessLeft | undefined }) {
  const { t, locale, timeZone } = useI18n();
  const headingId = `sla-${status.metric}`;
  const running = status.state === 'active' || status.state === 'warning';
  // While the clock runs, the business time left follows the clock once a minute (the sidebar may stay open for hours
  // without a re-assessment); the countdown alone ticks every second. Paused or stopped clocks keep the assessed figure.
  const now = useNow(running && businessLeft ? BUSINESS_LEFT_TICK_MS : null);
  const live = running && businessLeft ? businessLeft(status, now) : null;
  const left = live ?? status.businessMinutesLeft;
  // Under half a minute it would read "0 min" beside a ticking countdown: the countdown says it better.
  const showsBusinessLeft = left !== null && left >= 0.5;
  // Once the countdown turns to Breached there is none left (a re-assessment says 0). One timer at the deadline, only
  // while a running clock shows it: the row still never re-renders per second.
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
        <SM>{t('sla.business_left', { duration: formatBusinessDuration(left!) })}</SM>
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
export function SlaPanel({ statuses, warningWindowMinutes, businessLeft }: SlaPanelProps) {
  const { t } = useI18n();
  const sorted = [...statuses].sort((a, b) => METRIC_ORDER.indexOf(a.metric) - METRIC_ORDER.indexOf(b.metric));
  return (
    <section aria-label={t('sla.title')}>
      {sorted.length === 0 ? (
        <SM>{t('sla.none')}</SM>
      ) : (
        sorted.map((status) => <SlaMetric key={status.metric} status={status} warningWindowMinutes={warningWindowMinutes} businessLeft={businessLeft} />)
      )}
    </section>
  );
}
