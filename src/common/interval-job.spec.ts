import { IntervalJob, tryAdvisoryXactLock } from './interval-job';

describe('IntervalJob', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** A pass that stays running until the test lets it end. */
  function controllablePass() {
    const ends: (() => void)[] = [];
    const run = jest.fn(() => new Promise<void>((resolve) => ends.push(resolve)));
    return { run, endAll: () => ends.splice(0).forEach((end) => end()) };
  }

  it('runs a pass every interval, and never two at once (ticks during a pass are skipped)', async () => {
    const { run, endAll } = controllablePass();
    const job = new IntervalJob({ what: 'test job', everyMs: 100, run, logger: { warn: jest.fn() } });
    job.start();
    expect(run).not.toHaveBeenCalled();
    jest.advanceTimersByTime(100);
    expect(run).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(500); // the first pass is still running
    expect(run).toHaveBeenCalledTimes(1);
    endAll();
    await jest.advanceTimersByTimeAsync(100); // lets the ended pass settle, then the next tick starts one
    expect(run).toHaveBeenCalledTimes(2);
    endAll();
    await job.stop();
  });

  it('logs a failed pass and keeps going', async () => {
    const warn = jest.fn();
    const run = jest.fn().mockRejectedValueOnce(new Error('database went away')).mockResolvedValue(undefined);
    const job = new IntervalJob({ what: 'test job', everyMs: 100, run, logger: { warn } });
    await job.tick();
    expect(warn).toHaveBeenCalledWith('test job failed: database went away');
    await job.tick();
    expect(run).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('stop() ends the timer and waits for the pass in progress', async () => {
    const { run, endAll } = controllablePass();
    const job = new IntervalJob({ what: 'test job', everyMs: 100, run, logger: { warn: jest.fn() } });
    job.start();
    jest.advanceTimersByTime(100);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    endAll();
    await stopping;
    expect(stopped).toBe(true);
    jest.advanceTimersByTime(1000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});

describe('tryAdvisoryXactLock', () => {
  it('asks Postgres for the named transaction lock and answers whether it was taken', async () => {
    const query = jest
      .fn()
      .mockResolvedValueOnce([{ locked: true }])
      .mockResolvedValueOnce([{ locked: false }]);
    expect(await tryAdvisoryXactLock({ query }, 'banshi-x')).toBe(true);
    expect(await tryAdvisoryXactLock({ query }, 'banshi-x')).toBe(false);
    expect(query).toHaveBeenCalledWith(expect.stringContaining('pg_try_advisory_xact_lock(hashtext($1))'), ['banshi-x']);
  });
});
