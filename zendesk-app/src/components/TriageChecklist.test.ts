import { TRIAGE_CHECKS } from '@triage-assistant/shared';
import { CHECK_ORDER } from './TriageChecklist';

it('sorts checks in the contract’s fix order', () => {
  expect(CHECK_ORDER).toEqual(TRIAGE_CHECKS);
});
