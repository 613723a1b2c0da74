import { Tag } from '@zendeskgarden/react-tags';
import type { SlaStatus } from '@triage-assistant/shared';
import { liveSlaState } from '@triage-assistant/shared/src/sla/state.js';
import { useNow } from '../hooks/useNow';
import { useI18n } from '../i18n/I18nProvider';
import { formatClock } from '../format/format';
import { STATE_HUE } from './sla-state';

export interface SlaCountdownProps {
  /** The metric's status from the assessment. */
  status: Pick<SlaStatus, 'state' | 'dueAt'>;
  /** Wall-clock minutes before the deadline at which the state turns to warning. */
  warningWindowMinutes: number;
}

/**
 * The only component that ticks: it owns `useNow(1000)`, so each second re-renders this leaf alone. The state label
 * sits in an aria-live region that changes only when the state flips; the seconds are not announced.
 */
export function SlaCountdown({ status, warningWindowMinutes }: SlaCountdownProps) {
  // Only a running clock changes with time: achieved, paused and no-SLA metrics set no timer.
  const running = status.dueAt !== null && (status.state === 'active' || status.state === 'warning' || status.state === 'breached');
  const now = useNow(running ? 1000 : null);
  const { t } = useI18n();
  const state = liveSlaState(status, now, warningWindowMinutes);
  const left = status.dueAt === null ? null : Date.parse(status.dueAt) - now.getTime();
  return (
    <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
      <Tag hue={STATE_HUE[state]} size="small">
        <span aria-live="polite" data-testid="sla-state">
          {t(`sla.state.${state}`)}
        </span>
      </Tag>
      {running && left !== null && (
        <span data-testid="sla-countdown" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {left > 0 ? t('sla.left', { time: formatClock(left) }) : t('sla.overdue', { time: formatClock(left) })}
        </span>
      )}
    </span>
  );
}
