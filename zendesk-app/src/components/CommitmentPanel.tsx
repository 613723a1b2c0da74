import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Hint, Input, Label, Message } from '@zendeskgarden/react-forms';
import { Alert } from '@zendeskgarden/react-notifications';
import { Tag } from '@zendeskgarden/react-tags';
import { MD, SM } from '@zendeskgarden/react-typography';
import type { CommitmentState, CommitmentStatus } from '@triage-assistant/shared';
import { useI18n } from '../i18n/I18nProvider';
import { warnings as policyWarnings } from '@triage-assistant/shared/src/policy/gitlab.policy.json';
import { formatDateTime, instantToZonedLocal, zonedLocalToInstant } from '../format/format';

const STATE_HUE: Record<CommitmentState, string> = {
  upcoming: 'successHue',
  due_soon: 'warningHue',
  overdue: 'dangerHue',
  met: 'successHue',
  cancelled: 'grey',
};

/**
 * The bundled policy's "due soon" window (read from its JSON: the zod-validated policy stays out of this chunk), the
 * one the service's default policy uses too.
 */
export const DUE_SOON_MINUTES: number = policyWarnings.commitmentDueSoonMinutes;

/**
 * The commitment's state moved on to `now` without re-assessing (the sidebar may stay open for hours): an upcoming
 * commitment becomes due soon within the window, and an upcoming or due-soon one overdue from its due time on. It
 * never steps back; met and cancelled stay as assessed.
 */
export function liveCommitmentState(status: CommitmentStatus, now: Date, dueSoonMinutes = DUE_SOON_MINUTES): CommitmentState {
  if (status.state !== 'upcoming' && status.state !== 'due_soon') return status.state;
  const msLeft = Date.parse(status.commitment.dueAt) - now.getTime();
  if (msLeft <= 0) return 'overdue';
  return status.state === 'upcoming' && msLeft <= dueSoonMinutes * 60_000 ? 'due_soon' : status.state;
}

/** A quick-pick due time ("Tomorrow 09:00"). */
export interface DueTimeChoice {
  label: string;
  at: Date;
  /** The due time in the agent's zone (tooltip and accessible description). */
  title: string;
}

export interface CommitmentPanelProps {
  status: CommitmentStatus | null;
  /** Business-hours-aware quick picks (shared `suggestDueTimes`). */
  choices: DueTimeChoice[];
  now: Date;
  disabled: boolean;
  onSet: (dueAt: Date) => Promise<void>;
  onClear: () => Promise<void>;
  /** The policy's "due soon" window (the service's policy once known); the bundled one's until the engine loads. */
  dueSoonMinutes?: number | undefined;
  /** The ticket's status as the sidebar reads it: on a solved or closed one no update is due (the service refuses one). */
  ticketStatus?: string | undefined;
}

/**
 * Statuses on which no update is due: the service refuses a commitment (409 `ticket_solved`) and closes open ones.
 * Shared's `isFinishedStatus`, restated: a value import from the shared barrel puts zod into this chunk.
 */
const FINISHED: ReadonlySet<string> = new Set(['solved', 'closed']);

/** "Next update due": the agent's promised follow-up, set from quick picks or a custom time in the agent's zone. */
export function CommitmentPanel({ status, choices, now, disabled, onSet, onClear, dueSoonMinutes = DUE_SOON_MINUTES, ticketStatus }: CommitmentPanelProps) {
  const { t, locale, timeZone } = useI18n();
  const [custom, setCustom] = useState('');
  /** What is wrong with the custom time the agent typed: shown under that input. */
  const [inputError, setInputError] = useState<string | null>(null);
  /** A save or clear the service refused or did not answer, named: shown for the whole panel. */
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (failure: 'commitment.save_failed' | 'commitment.clear_failed', action: () => Promise<void>) => {
    setBusy(true);
    setInputError(null);
    setActionError(null);
    try {
      await action();
    } catch (e) {
      setActionError(t(failure, { reason: (e as Error).message ?? String(e) }));
    } finally {
      setBusy(false);
    }
  };
  const save = (at: Date) => void run('commitment.save_failed', () => onSet(at));

  const submitCustom = () => {
    const at = zonedLocalToInstant(custom, timeZone);
    setActionError(null);
    if (at === null) return setInputError(t('commitment.invalid_time'));
    if (at.getTime() <= now.getTime()) return setInputError(t('commitment.in_past'));
    save(at);
  };

  const active = status && status.state !== 'cancelled' && status.state !== 'met' ? status : null;
  // A commitment still open on a finished ticket can be cleared; a new one cannot be set.
  const finished = ticketStatus !== undefined && FINISHED.has(ticketStatus) ? ticketStatus : null;
  const noNewPromise = disabled || busy || finished !== null;
  const activeState = active ? liveCommitmentState(active, now, dueSoonMinutes) : null;
  return (
    <section aria-labelledby="commitment-title">
      <MD isBold id="commitment-title">
        {t('commitment.title')}
      </MD>
      {actionError && <Alert type="error">{actionError}</Alert>}
      {disabled && (
        <SM data-testid="commitment-unavailable">{t('commitment.unavailable')}</SM>
      )}
      {finished !== null && (
        <SM data-testid="commitment-finished">{t(finished === 'solved' ? 'commitment.not_due_solved' : 'commitment.not_due_closed')}</SM>
      )}
      {active ? (
        <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
          <Tag hue={STATE_HUE[activeState!]} size="small">
            {t(`commitment.state.${activeState!}`)}
          </Tag>
          <SM>{formatDateTime(active.commitment.dueAt, locale, timeZone)}</SM>
          <Button size="small" isBasic disabled={disabled || busy} onClick={() => void run('commitment.clear_failed', onClear)}>
            {t('commitment.clear')}
          </Button>
        </div>
      ) : (
        <SM>{status?.state === 'met' ? t('commitment.met') : t('commitment.none')}</SM>
      )}
      <div role="group" aria-label={t('commitment.quick_picks')} style={{ display: 'flex', gap: 4, flexWrap: 'wrap', marginTop: 8 }}>
        {choices.map((choice) => (
          <Button
            key={choice.at.toISOString()}
            size="small"
            disabled={noNewPromise}
            title={choice.title}
            aria-label={`${choice.label}: ${choice.title}`}
            onClick={() => save(choice.at)}
          >
            {choice.label}
          </Button>
        ))}
      </div>
      <div style={{ display: 'flex', gap: 8, alignItems: 'flex-end', marginTop: 8 }}>
        <Field>
          <Label>{t('commitment.custom')}</Label>
          <Hint>{t('commitment.zone_hint', { zone: timeZone })}</Hint>
          <Input
            type="datetime-local"
            isCompact
            disabled={finished !== null}
            value={custom}
            min={instantToZonedLocal(now, timeZone)}
            onChange={(e) => setCustom(e.target.value)}
          />
          {inputError && <Message validation="error">{inputError}</Message>}
        </Field>
        <Button size="small" disabled={noNewPromise || custom === ''} onClick={submitCustom}>
          {t('commitment.set')}
        </Button>
      </div>
    </section>
  );
}
