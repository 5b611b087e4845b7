import { Logger } from '@nestjs/common';
import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Meilisearch } from 'meilisearch';

/** An error answer from Meilisearch (or no answer at all: `code` = 'unreachable'). */
export class MeiliError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  get unreachable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

/**
 * The only file that talks to Meilisearch. Everything goes over one keep-alive HTTP agent: on this kind of
 * machine Node's built-in fetch (the client's default) is ~4× slower than a pooled http.request on the search
 * hot path (docs/benchmarks.md). The official client is used for index management, with the same transport.
 */
export class MeiliClient {
  private readonly logger = new Logger(MeiliClient.name);
  private readonly agent: Agent;
  private readonly base: URL;
  readonly admin: Meilisearch;

  constructor(
    url: string,
    private readonly apiKey: string | undefined,
    /** Key used for searches; a search-only key in production, else the admin key. */
    private readonly searchKey: string | undefined = apiKey,
    private readonly timeoutMs = 5000,
    /** Searches give up sooner than index work: with several nodes the request fails over to the next one. */
    private readonly searchTimeoutMs = timeoutMs,
  ) {
    this.base = new URL(url.endsWith('/') ? url : `${url}/`);
    this.agent = this.base.protocol === 'https:' ? new HttpsAgent({ keepAlive: true, maxSockets: 64 }) : new Agent({ keepAlive: true, maxSockets: 64 });
    this.admin = new Meilisearch({
      host: this.base.toString(),
      apiKey,
      httpClient: async (input, init) => {
        const target = new URL(String(input instanceof Request ? input.url : input));
        const headers: Record<string, string> = {};
        new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
        return this.send(init?.method ?? 'GET', target.pathname + target.search, init?.body as string | undefined, headers);
      },
    });
  }

  /** POST /indexes/{uid}/search with the search key. */
  search<T>(indexUid: string, body: object): Promise<T> {
    return this.send('POST', `indexes/${encodeURIComponent(indexUid)}/search`, JSON.stringify(body), this.auth(this.searchKey), this.searchTimeoutMs);
  }

  /** POST /multi-search (plain, not federated: federated search is ~10× slower in 1.21). */
  multiSearch<T>(queries: object[]): Promise<{ results: T[] }> {
    return this.send('POST', 'multi-search', JSON.stringify({ queries }), this.auth(this.searchKey), this.searchTimeoutMs);
  }

  async healthy(): Promise<boolean> {
    try {
      await this.send('GET', 'health', undefined, {});
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Waits for a task the official client enqueued. Uses our own polling, not the client's `waitTask`: that one
   * resolves with failed tasks too, and kept waiting while Meilisearch was down (the fault test stalled on it);
   * this one throws a MeiliError at once — unreachable, or 400 for a rejected task — so the relay can react.
   */
  async settle(task: PromiseLike<{ taskUid: number }>, timeoutMs = 300_000): Promise<void> {
    const { taskUid } = await task;
    await this.waitForTask(taskUid, timeoutMs);
  }

  /** Waits for an enqueued task and throws if it failed. */
  async waitForTask(taskUid: number, timeoutMs = 60_000): Promise<void> {
    const started = Date.now();
    const deadline = started + timeoutMs;
    // Every 5 ms for the first 100 ms, then slowly longer: a one-document task (a staff edit) takes tens of
    // milliseconds, and doubling from 5 ms overshot it by up to its own duration (5, 15, 35, 75, 155 …); bulk
    // tasks that run for seconds are polled at most every 200 ms.
    for (let delay = 5; ; delay = Date.now() - started < 100 ? 5 : Math.min(Math.ceil(delay * 1.5), 200)) {
      const task = await this.send<{ status: string; error?: { message: string; code: string } }>('GET', `tasks/${taskUid}`, undefined, this.auth(this.apiKey));
      if (task.status === 'succeeded') return;
      if (task.status === 'failed' || task.status === 'canceled') {
        throw new MeiliError(400, task.error?.code ?? 'task_failed', task.error?.message ?? `task ${taskUid} ${task.status}`);
      }
      if (Date.now() > deadline) throw new MeiliError(0, 'task_timeout', `task ${taskUid} not finished after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  /** Sends a request with the admin key and returns the parsed JSON answer. */
  call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.send(method, path, body === undefined ? undefined : JSON.stringify(body), this.auth(this.apiKey));
  }

  close(): void {
    this.agent.destroy();
  }

  private auth(key: string | undefined): Record<string, string> {
    return key ? { authorization: `Bearer ${key}` } : {};
  }

  private send<T>(method: string, path: string, body: string | undefined, headers: Record<string, string>, timeoutMs = this.timeoutMs): Promise<T> {
    const target = new URL(path.replace(/^\//, ''), this.base);
    const send = target.protocol === 'https:' ? httpsRequest : request;
    return new Promise<T>((resolve, reject) => {
      const req = send(
        target,
        {
          method,
          agent: this.agent,
          timeout: timeoutMs,
          headers: {
            ...headers,
            ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown = undefined;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              /* not JSON */
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve(json as T);
            const err = (json ?? {}) as { code?: string; message?: string };
            reject(new MeiliError(status, err.code ?? `http_${status}`, err.message ?? text.slice(0, 200)));
          });
          res.on('error', (e) => reject(new MeiliError(0, 'unreachable', e.message)));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => reject(new MeiliError(0, 'unreachable', e.message)));
      if (body !== undefined) req.write(body);
      req.end();
    });
  }
}
