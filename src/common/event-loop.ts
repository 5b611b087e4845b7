import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * For long loops on the request path (validating thousands of records): call the returned function once per step and
 * await it; every `sliceMs` it lets the event loop run (other requests, health probes, timers) before going on, so
 * no single request holds the process for longer than a slice. Cheap when no pause is due.
 */
export function eventLoopSlices(sliceMs = 10): () => Promise<void> | void {
  let last = performance.now();
  return () => {
    if (performance.now() - last < sliceMs) return;
    return nextTurn().then(() => {
      last = performance.now();
    });
  };
}
