import { withinDeadline } from './deadline.js';

afterEach(() => jest.useRealTimers());

describe('withinDeadline', () => {
  it('gives the value of a promise settled in time, and throws its rejection', async () => {
    expect(await withinDeadline(Promise.resolve(42), performance.now() + 1000)).toEqual({ settled: true, value: 42 });
    await expect(withinDeadline(Promise.reject(new Error('Zendesk said no')), performance.now() + 1000)).rejects.toThrow('Zendesk said no');
  });

  it('says "not settled" once the deadline passes, and leaves no timer behind when the promise wins', async () => {
    jest.useFakeTimers();
    let resolve!: (v: string) => void;
    const slow = new Promise<string>((r) => (resolve = r));
    const waiting = withinDeadline(slow, performance.now() + 8000);
    await jest.advanceTimersByTimeAsync(7999);
    expect(jest.getTimerCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(await waiting).toEqual({ settled: false });
    resolve('late');
    const quick = withinDeadline(Promise.resolve('in time'), performance.now() + 8000);
    expect(await quick).toEqual({ settled: true, value: 'in time' });
    expect(jest.getTimerCount()).toBe(0);
  });
});
