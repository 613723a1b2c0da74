/**
 * Business-time engine: DST-correct arithmetic on business-hours schedules (Zendesk-style weekly intervals in an
 * IANA zone, plus holidays). Pure: instants in, instants out; `now` is always a parameter.
 *
 * Semantics shared by every function:
 * - Business minutes are real elapsed minutes on the instant timeline inside open intervals; wall-clock hours
 *   are only used to place the intervals. Open intervals are half-open `[opening, closing)`.
 * - Each local boundary maps to the first instant the zone's clock reads that time or later: a time skipped by a
 *   spring-forward gap opens/closes at the transition; a time in a fall-back repeated hour means its first
 *   occurrence, and the interval keeps its real (longer) length.
 * - Cost grows with the local days walked (one offset lookup pair per day, memoised), never with the minutes.
 * - A search gives up after {@link SEARCH_HORIZON_DAYS} consecutive closed days: `try*` variants return null,
 *   the others throw {@link NoOpenTimeError}.
 */
export {
  compileSchedule,
  isDstEventName,
  type CompiledHoliday,
  type CompiledSchedule,
  type Range,
} from './compile.js';
export {
  addBusinessMinutes,
  businessMinutesBetween,
  isOpen,
  localDateOf,
  nextOpening,
  NoOpenTimeError,
  SEARCH_HORIZON_DAYS,
  subtractBusinessMinutes,
  tryAddBusinessMinutes,
  trySubtractBusinessMinutes,
  type ScheduleLike,
} from './arithmetic.js';
export { formatBusinessDuration } from './format.js';
