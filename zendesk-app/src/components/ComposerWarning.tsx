import { useEffect, useState } from 'react';
import { Alert, Title } from '@zendeskgarden/react-notifications';
import type { SlaStatus } from '@triage-assistant/shared';
import { liveSlaState } from '@triage-assistant/shared/src/sla/state.js';
import { useNow } from '../hooks/useNow';
import { useI18n } from '../i18n/I18nProvider';
import { formatClock } from '../format/format';
import type { ZafClient } from '../zaf/zaf-client';

/** The composer events; field events re-render too because the assessment refreshes on them. */
const COMPOSER_EVENTS = ['comment.text.changed', 'comment.type.changed'];

const TITLE_ID = 'composer-warning-title';

export interface ComposerWarningProps {
  client: ZafClient;
  firstReply: SlaStatus | undefined;
  warningWindowMinutes: number;
  enabled: boolean;
}

function writingPublicReply(draft: { type: unknown; text: unknown }): boolean {
  return draft.type === 'publicReply' && typeof draft.text === 'string' && draft.text.trim() !== '';
}

/** Which warning a public reply gets at `now` (null: none). */
export function composerWarning(
  firstReply: Pick<SlaStatus, 'state' | 'dueAt'> | undefined,
  draft: { type: unknown; text: unknown },
  now: Date,
  windowMinutes: number,
): { kind: 'breached' | 'soon'; ms: number } | null {
  if (!writingPublicReply(draft)) return null;
  if (!firstReply || firstReply.dueAt === null) return null;
  // The same live state the countdown shows: warns exactly while it reads "Due soon" or "Breached".
  const state = liveSlaState(firstReply, now, windowMinutes);
  const ms = Date.parse(firstReply.dueAt) - now.getTime();
  if (state === 'breached') return { kind: 'breached', ms: Math.max(0, -ms) };
  return state === 'warning' ? { kind: 'soon', ms } : null;
}

/** Warns while a public reply is being written and the first reply is breached or will breach within the window. */
export function ComposerWarning({ client, firstReply, warningWindowMinutes, enabled }: ComposerWarningProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<{ type: unknown; text: unknown }>({ type: null, text: '' });
  // The warning shows H:MM:SS like the SLA countdown, so it ticks like it: every second, but only while a public
  // reply is being written on a running first-reply clock (the only time a warning can show).
  const now = useNow(enabled && writingPublicReply(draft) && firstReply?.dueAt ? 1000 : null);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void client.get(['comment.type', 'comment.text']).then((answer) => {
      if (live) setDraft({ type: answer['comment.type'], text: answer['comment.text'] ?? '' });
    });
    const onText = (text: unknown) => setDraft((d) => ({ ...d, text }));
    const onType = (type: unknown) => setDraft((d) => ({ ...d, type }));
    client.on(COMPOSER_EVENTS[0]!, onText);
    client.on(COMPOSER_EVENTS[1]!, onType);
    return () => {
      live = false;
      client.off(COMPOSER_EVENTS[0]!, onText);
      client.off(COMPOSER_EVENTS[1]!, onType);
    };
  }, [client, enabled]);

  if (!enabled) return null;
  const warning = composerWarning(firstReply, draft, now, warningWindowMinutes);
  if (!warning) return null;
  // Garden's Alert is a role="alert" region by default, and its body ticks every second: a screen reader would read
  // the whole warning again each second. Only the title is live (it changes when "soon" turns to "breached"), as in
  // SlaCountdown; the time is read on demand.
  return (
    <Alert type={warning.kind === 'breached' ? 'error' : 'warning'} role="group" aria-labelledby={TITLE_ID}>
      <Title id={TITLE_ID}>
        <span role="alert">{t(`composer.${warning.kind}_title`)}</span>
      </Title>
      <span>{t(`composer.${warning.kind}_body`, { time: formatClock(warning.ms) })}</span>
    </Alert>
  );
}
