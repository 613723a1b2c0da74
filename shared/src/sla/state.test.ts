import { liveSlaState, runningClockState } from './state.js';

const DUE = '2026-12-01T21:00:00.000Z';
const dueMs = Date.parse(DUE);
const at = (iso: string) => new Date(iso);

describe('runningClockState', () => {
  it('is active before the window, warning inside it (edge included), breached from the deadline on', () => {
    expect(runningClockState(dueMs, Date.parse('2026-12-01T18:59:59.999Z'), 120)).toBe('active');
    expect(runningClockState(dueMs, Date.parse('2026-12-01T19:00:00.000Z'), 120)).toBe('warning');
    expect(runningClockState(dueMs, Date.parse('2026-12-01T20:59:59.999Z'), 120)).toBe('warning');
    expect(runningClockState(dueMs, dueMs, 120)).toBe('breached');
  });
});

describe('liveSlaState', () => {
  it('moves an active clock on to warning and breached as now passes the window and the deadline', () => {
    const status = { state: 'active' as const, dueAt: DUE };
    expect(liveSlaState(status, at('2026-12-01T18:00:00Z'), 120)).toBe('active');
    expect(liveSlaState(status, at('2026-12-01T19:30:00Z'), 120)).toBe('warning');
    expect(liveSlaState({ state: 'warning', dueAt: DUE }, at('2026-12-01T21:00:00Z'), 120)).toBe('breached');
  });

  it('keeps achieved, paused, none and breached as assessed, and any state without a deadline', () => {
    const late = at('2026-12-02T00:00:00Z');
    expect(liveSlaState({ state: 'achieved', dueAt: DUE }, late, 120)).toBe('achieved');
    expect(liveSlaState({ state: 'paused', dueAt: DUE }, late, 120)).toBe('paused');
    expect(liveSlaState({ state: 'none', dueAt: null }, late, 120)).toBe('none');
    expect(liveSlaState({ state: 'active', dueAt: null }, late, 120)).toBe('active');
    expect(liveSlaState({ state: 'breached', dueAt: DUE }, at('2026-12-01T18:00:00Z'), 120)).toBe('breached');
  });
});
