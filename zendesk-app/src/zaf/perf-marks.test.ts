import { MARK_REGISTERED, MARK_SIDEBAR_RENDERED, markOnce } from './perf-marks';

it('marks each name at its first call only, so a later re-render cannot move the end of the measure', () => {
  const original = performance.mark;
  const mark = jest.fn();
  // jsdom's Performance has no mark(); the browser's does.
  Object.defineProperty(performance, 'mark', { value: mark, configurable: true, writable: true });
  try {
    markOnce(MARK_REGISTERED);
    markOnce(MARK_SIDEBAR_RENDERED);
    markOnce(MARK_REGISTERED);
    markOnce(MARK_SIDEBAR_RENDERED);
    expect(mark.mock.calls).toEqual([['zaf:registered'], ['sidebar:rendered']]);
  } finally {
    Object.defineProperty(performance, 'mark', { value: original, configurable: true, writable: true });
  }
});
