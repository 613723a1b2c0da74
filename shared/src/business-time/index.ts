/**
 * Business-time engine: DST-correct arithmetic on business-hours schedules (Zendesk-style weekly intervals in an
 * IANA zone, plus holidays). Pure: instants in, instants out; `now` is always a parameter.
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
