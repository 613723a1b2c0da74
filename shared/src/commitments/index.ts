/**
 * Commitments: promised update times ("you will hear from us by …"), their status, quick picks for the due time and
 * the checks on a chosen one. Pure: `now` is always a parameter.
 */
export {
  commitmentReply,
  commitmentStatus,
  commitmentStatusWithReply,
  type CommitmentStatusOptions,
} from './status.js';
export {
  DUE_SUGGESTION_IDS,
  END_OF_DAY_HOUR,
  MORNING_HOUR,
  suggestDueTimes,
  type DueSuggestion,
  type DueSuggestionId,
} from './suggest.js';
export {
  MAX_COMMITMENT_DAYS,
  validateCommitmentDue,
  type CommitmentDueProblem,
  type ValidateCommitmentDueOptions,
} from './validate.js';
export { formatDueTime } from './format.js';
