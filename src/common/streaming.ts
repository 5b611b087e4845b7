import { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { once } from 'node:events';
import { errorBody } from './error.filter';

/** Writes to a streamed response, waiting for 'drain' when the client reads slower than we produce. */
export function streamWriter(res: Response): (chunk: string) => Promise<void> {
  return async (chunk) => {
    if (!res.write(chunk)) await once(res, 'drain');
  };
}

/** Reports progress of a long job: stage, items done, items in the stage. */
export type ProgressSink = (stage: string, done: number, total: number) => void;

/**
 * Runs a long job for a request. With `Accept: application/x-ndjson` the answer is a stream of progress lines
 * (`{"progress":{"stage":"matters","done":3000,"total":10000}}`, a few a second) ending in `{"report":…}` or
 * `{"error":…}` — the status is then 200 once streaming starts, so read the last line. Otherwise the job's result
 * (or its error) is the plain JSON answer.
 */
export async function withNdjsonProgress<T>(req: Request, res: Response, job: (progress?: ProgressSink) => Promise<T>): Promise<T | undefined> {
  if (!/application\/x-ndjson/.test(req.headers.accept ?? '')) return job();
  res.status(200).setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
  let last = 0;
  const progress: ProgressSink = (stage, done, total) => {
    if (Date.now() - last < 250 && done < total) return; // a few lines a second is plenty
    last = Date.now();
    res.write(`${JSON.stringify({ progress: { stage, done, total } })}\n`);
  };
  try {
    const report = await job(progress);
    res.end(`${JSON.stringify({ report })}\n`);
  } catch (e) {
    const error = errorBody(e, req);
    if (error.statusCode >= 500)
      new Logger('HTTP').error(`${req.method} ${req.path} failed [request ${req.headers['x-request-id'] ?? ''}]`, (e as Error).stack);
    res.end(`${JSON.stringify({ error })}\n`);
  }
  return undefined;
}
