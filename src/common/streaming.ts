import type { Response } from 'express';
import { once } from 'node:events';

/** Writes to a streamed response, waiting for 'drain' when the client reads slower than we produce. */
export function streamWriter(res: Response): (chunk: string) => Promise<void> {
  return async (chunk) => {
    if (!res.write(chunk)) await once(res, 'drain');
  };
}
