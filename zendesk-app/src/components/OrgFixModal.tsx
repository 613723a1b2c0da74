import { useEffect, useMemo, useRef, useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Fieldset, Hint, Input, Label, Radio, Select } from '@zendeskgarden/react-forms';
import { Dots } from '@zendeskgarden/react-loaders';
import { Modal } from '@zendeskgarden/react-modals';
import { Alert } from '@zendeskgarden/react-notifications';
import { Tag } from '@zendeskgarden/react-tags';
import { SM } from '@zendeskgarden/react-typography';
import type { Assessment, FixAction, FixRun, FormPolicy, OrganizationSuggestion } from '@triage-assistant/shared';
import { ServiceError, type ServiceClient } from '../api/service-client';
import { localPolicy } from '../domain/local';
import { newUuid } from '../domain/uuid';
import { useI18n } from '../i18n/I18nProvider';

/** Fix-run progress is polled at this interval until the run is no longer running. */
export const FIX_RUN_POLL_MS = 1000;

/** Progress polls that may fail in a row (timeout, unreachable) before the dialog stops following the run. */
export const FIX_RUN_POLL_MISSES = 3;

/** The service did not answer in time or at all: the run's outcome is unknown, not failed. */
function unanswered(error: unknown): error is ServiceError {
  return error instanceof ServiceError && (error.kind === 'timeout' || error.kind === 'unreachable');
}

export interface OrgFixModalProps {
  ticketId: number;
  assessment: Assessment;
  /** The ticket's form as the sidebar read it (null: none set). Choosing it again means "no form change". */
  currentFormId: number | null;
  service: ServiceClient;
  onClose: () => void;
  /** Called once the run finished (succeeded or failed): the sidebar re-reads the ticket. */
  onFinished: () => void;
}

type Step = 'pick' | 'confirm' | 'running';

// Garden's reset strips list numbers; the order of the steps is the point of this dialog.
const NUMBERED = { listStyle: 'decimal', paddingInlineStart: 20 } as const;

/** A form the agent may move the ticket to from the dialog. */
export interface FormChoice {
  id: number;
  name: string;
}

/**
 * Forms the dialog offers: the policy's (the service's, else the bundled one) customer forms an agent switches to directly (macro-switched forms go
 * through Support Ops), plus the form the fix plan proposes when it is not one of them. The assessment names no form
 * list and the dialog makes no extra request for one.
 */
export function formChoices(assessment: Assessment, forms: readonly FormPolicy[] = localPolicy().forms): FormChoice[] {
  const choices = forms.filter((f) => f.switchable === 'direct' && !f.internal).map((f) => ({ id: f.id, name: f.name }));
  const proposed = plannedForm(assessment);
  if (proposed && !choices.some((c) => c.id === proposed.id)) choices.push(proposed);
  return choices;
}

function plannedForm(assessment: Assessment): FormChoice | null {
  const step = assessment.fixPlan.find((s) => s.action.kind === 'set_form')?.action;
  return step?.kind === 'set_form' ? { id: step.formId, name: step.formName } : null;
}

/** The form preselected in the dialog: the plan's proposal, else the current form when it is offered, else none. */
export function initialForm(assessment: Assessment, choices: readonly FormChoice[], currentFormId: number | null): number | null {
  const proposed = plannedForm(assessment);
  if (proposed) return proposed.id;
  return choices.some((c) => c.id === currentFormId) ? currentFormId : null;
}

/**
 * The fix-run actions in the order the service requires: associate first, then — only when the agent picked another
 * form than the ticket's — the form change (a form change before association sends the customer an auto-reply).
 */
export function fixRunActions(organizationId: number, form: FormChoice | null, currentFormId: number | null): FixAction[] {
  const actions: FixAction[] = [{ kind: 'associate_organization', organizationId }];
  if (form && form.id !== currentFormId) actions.push({ kind: 'set_form', formId: form.id, formName: form.name });
  return actions;
}

export function OrgFixModal({ ticketId, assessment, currentFormId, service, onClose, onFinished }: OrgFixModalProps) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>('pick');
  const [suggestions, setSuggestions] = useState<OrganizationSuggestion[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<number | null>(null);
  const forms = useMemo(() => formChoices(assessment), [assessment]);
  const [formId, setFormId] = useState<number | null>(() => initialForm(assessment, forms, currentFormId));
  const [run, setRun] = useState<FixRun | null>(null);
  const [runError, setRunError] = useState<string | null>(null);
  /** Set while the service has not confirmed the run: it may still be running (the reason it did not answer). */
  const [unconfirmed, setUnconfirmed] = useState<string | null>(null);
  /** True while the dialog asks the service again for a run whose start it did not confirm. */
  const [checking, setChecking] = useState(false);
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    service
      .organizationSuggestions(ticketId)
      .then((answer) => {
        if (!live.current) return;
        setSuggestions(answer.suggestions);
        setChosen(answer.suggestions[0]?.organizationId ?? null);
      })
      .catch((error: Error) => live.current && setLoadError(error.message));
    return () => {
      live.current = false;
    };
  }, [service, ticketId]);

  const visible = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return (suggestions ?? []).filter(
      (s) => !needle || s.name.toLowerCase().includes(needle) || s.reasons.some((r) => r.toLowerCase().includes(needle)),
    );
  }, [suggestions, filter]);

  const organization = suggestions?.find((s) => s.organizationId === chosen) ?? null;
  const targetForm = forms.find((f) => f.id === formId) ?? null;
  const actions = chosen === null ? [] : fixRunActions(chosen, targetForm, currentFormId);
  const currentOffered = forms.some((f) => f.id === currentFormId);

  const confirm = async () => {
    if (chosen === null) return;
    // One key per confirm click: if the POST is retried (proxy hiccup), the service returns the same run.
    const key = newUuid();
    const request = { actions, internalNote: true, userNote: true };
    setStep('running');
    setRunError(null);
    setUnconfirmed(null);
    try {
      let current: FixRun;
      try {
        current = await service.startFixRun(ticketId, request, key);
      } catch (error) {
        if (!unanswered(error)) throw error;
        // No answer is not a failure: the service may still be running the fix. Asking again with the same key
        // returns that run (or starts it if the first request never arrived), never a second one.
        if (!live.current) return;
        setUnconfirmed(error.message);
        setChecking(true);
        current = await service.startFixRun(ticketId, request, key);
        if (!live.current) return;
        setChecking(false);
        setUnconfirmed(null);
      }
      if (!live.current) return;
      setRun(current);
      let misses = 0;
      while (current.state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, FIX_RUN_POLL_MS));
        if (!live.current) return;
        try {
          current = await service.fixRun(current.id);
          misses = 0;
        } catch (error) {
          // A missed poll says nothing about the run: keep following it for a few more ticks.
          if (!unanswered(error) || ++misses >= FIX_RUN_POLL_MISSES) throw error;
          continue;
        }
        if (!live.current) return;
        setRun(current);
      }
    } catch (error) {
      if (!live.current) return;
      setChecking(false);
      if (unanswered(error)) setUnconfirmed(error.message);
      else setRunError((error as Error).message);
    }
    if (live.current) onFinished();
  };

  const describe = (action: FixAction): string => {
    if (action.kind === 'associate_organization') return t('fix.step_associate', { organization: organization?.name ?? '' });
    if (action.kind === 'set_form') return t('fix.step_form', { form: action.formName });
    return action.kind;
  };
  const finished = run !== null && run.state !== 'running';

  return (
    <Modal onClose={onClose} isLarge aria-label={t('fix.title')}>
      <Modal.Header tag="h2">{t('fix.title')}</Modal.Header>
      <Modal.Body>
        {step === 'pick' && (
          <>
            {loadError && <Alert type="error">{t('fix.suggestions_failed', { reason: loadError })}</Alert>}
            {suggestions === null && !loadError && (
              <div role="status" aria-label={t('fix.loading_suggestions')}>
                <Dots />
              </div>
            )}
            {suggestions !== null && (
              <>
                <Field>
                  <Label>{t('fix.filter')}</Label>
                  <Input value={filter} onChange={(e) => setFilter(e.target.value)} />
                </Field>
                {suggestions.length === 0 && <SM>{t('fix.no_suggestions')}</SM>}
                <Fieldset>
                  <Fieldset.Legend>{t('fix.pick_organization')}</Fieldset.Legend>
                  {visible.map((s) => (
                    <Field key={s.organizationId}>
                      <Radio
                        name="organization"
                        value={String(s.organizationId)}
                        checked={chosen === s.organizationId}
                        onChange={() => setChosen(s.organizationId)}
                      >
                        <Label>
                          {s.name} <Tag size="small">{s.plan.name}</Tag>
                        </Label>
                        <Hint>
                          {s.reasons.join(' · ')} ·{' '}
                          {t('fix.contacts', { count: s.contactCount, limit: s.contactLimit })}
                        </Hint>
                      </Radio>
                    </Field>
                  ))}
                </Fieldset>
                <Field>
                  <Label>{t('fix.pick_form')}</Label>
                  <Hint>{t('fix.pick_form_hint')}</Hint>
                  <Select value={formId === null ? '' : String(formId)} onChange={(e) => setFormId(e.target.value ? Number(e.target.value) : null)}>
                    {!currentOffered && <option value="">{t('fix.keep_form')}</option>}
                    {forms.map((f) => (
                      <option key={f.id} value={String(f.id)}>
                        {f.id === currentFormId ? t('fix.current_form', { form: f.name }) : f.name}
                      </option>
                    ))}
                  </Select>
                </Field>
              </>
            )}
          </>
        )}
        {step === 'confirm' && (
          <>
            <SM>{t('fix.confirm_intro')}</SM>
            <ol style={NUMBERED}>
              {actions.map((action, i) => (
                <li key={i}>{describe(action)}</li>
              ))}
            </ol>
            {actions.some((a) => a.kind === 'set_form') && <SM>{t('fix.order_reason')}</SM>}
          </>
        )}
        {step === 'running' && (
          <>
            <ol aria-live="polite" style={NUMBERED}>
              {(run?.steps ?? []).map((s) => (
                <li key={s.index} data-testid={`run-step-${s.index}`}>
                  {s.description} — {t(`fix.state.${s.state}`)}
                  {s.detail ? ` (${s.detail})` : ''}
                </li>
              ))}
            </ol>
            {!finished && !runError && (!unconfirmed || checking) && (
              <div role="status" aria-label={t('fix.running')}>
                <Dots />
              </div>
            )}
            {unconfirmed && (
              <Alert type="warning">{t(checking ? 'fix.unconfirmed_checking' : 'fix.unconfirmed', { reason: unconfirmed })}</Alert>
            )}
            {run?.state === 'succeeded' && <Alert type="success">{t('fix.succeeded')}</Alert>}
            {run?.state === 'failed' && <Alert type="error">{run.error ?? t('fix.failed')}</Alert>}
            {runError && <Alert type="error">{t('fix.run_error', { reason: runError })}</Alert>}
          </>
        )}
      </Modal.Body>
      <Modal.Footer>
        {step === 'pick' && (
          <Modal.FooterItem>
            <Button isPrimary disabled={chosen === null} onClick={() => setStep('confirm')}>
              {t('fix.next')}
            </Button>
          </Modal.FooterItem>
        )}
        {step === 'confirm' && (
          <>
            <Modal.FooterItem>
              <Button isBasic onClick={() => setStep('pick')}>
                {t('fix.back')}
              </Button>
            </Modal.FooterItem>
            <Modal.FooterItem>
              <Button isPrimary onClick={() => void confirm()}>
                {t('fix.confirm')}
              </Button>
            </Modal.FooterItem>
          </>
        )}
        {step === 'running' && (
          <Modal.FooterItem>
            <Button disabled={!finished && !runError && (!unconfirmed || checking)} onClick={onClose}>
              {t('fix.close')}
            </Button>
          </Modal.FooterItem>
        )}
      </Modal.Footer>
      <Modal.Close aria-label={t('fix.close')} />
    </Modal>
  );
}
