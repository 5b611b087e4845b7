import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

/**
 * What one instance changed that every instance caches. `search-index`: the search index (or what a search returns)
 * changed — the response caches follow it (src/search/search-version.ts).
 */
export const CLUSTER_TOPICS = ['api-keys', 'security-policy', 'search-settings', 'catalogue', 'search-index'] as const;
export type ClusterTopic = (typeof CLUSTER_TOPICS)[number];

const CHANNEL = 'banshi_cluster';
/**
 * The change-log triggers (migrations/1764300000000-initial-schema.ts) notify this channel at the commit of every
 * catalogue write — API, import, seed or raw SQL — with the entity type as payload; heard here as topic 'catalogue'.
 */
const CATALOGUE_CHANNEL = 'banshi_changes';
const RECONNECT_MS = 1000;

/**
 * Cache invalidation across app instances through Postgres LISTEN/NOTIFY — no extra server.
 * A writer calls `publish(manager, topic)` inside its transaction, so the notice goes out exactly when (and only if)
 * the change commits; every instance, the writer included, runs the topic's handlers within milliseconds.
 * While the listening connection is down nothing can be heard, so on every (re)connect all handlers run: a missed
 * notice costs a cache refill, never a stale permission. A cache that must not even serve during the gap (the search
 * response cache) reads `listening` and is told when the connection is lost (`onLost`).
 */
@Injectable()
export class ClusterEventsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ClusterEventsService.name);
  private readonly handlers = new Map<ClusterTopic, (() => void)[]>();
  private readonly lostHandlers: (() => void)[] = [];
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private readonly dead = new WeakSet<Client>();

  constructor(private readonly dataSource: DataSource) {}

  /** True while notices can be heard; a cache must not trust itself otherwise. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  on(topic: ClusterTopic, handler: () => void): void {
    this.handlers.set(topic, [...(this.handlers.get(topic) ?? []), handler]);
  }

  /** Runs when the listening connection is lost (notices may be missed until the reconnect fires every topic). */
  onLost(handler: () => void): void {
    this.lostHandlers.push(handler);
  }

  /** Tells every instance, when `manager`'s transaction commits, that `topic` changed. */
  async publish(manager: EntityManager | DataSource, topic: ClusterTopic): Promise<void> {
    await manager.query(`SELECT pg_notify($1, $2)`, [CHANNEL, topic]);
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url });
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client));
    client.on('notification', (n) => {
      if (n.channel === CATALOGUE_CHANNEL) this.fire('catalogue');
      else if (n.channel === CHANNEL && (CLUSTER_TOPICS as readonly string[]).includes(n.payload ?? '')) this.fire(n.payload as ClusterTopic);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}; LISTEN ${CATALOGUE_CHANNEL}`);
      this.client = client;
      for (const topic of CLUSTER_TOPICS) this.fire(topic); // whatever was missed while not listening
    } catch (e) {
      this.lost(client, e as Error);
    }
  }

  private lost(client: Client, e?: Error): void {
    if (this.stopped || this.dead.has(client)) return;
    this.dead.add(client);
    if (this.client === client) {
      this.client = undefined;
      for (const handler of this.lostHandlers) handler();
    }
    client.end().catch(() => undefined);
    this.logger.warn(`cluster events: listening connection lost${e ? ` (${e.message})` : ''}; reconnecting`);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), RECONNECT_MS).unref();
  }

  private fire(topic: ClusterTopic): void {
    for (const handler of this.handlers.get(topic) ?? []) {
      try {
        handler();
      } catch (e) {
        this.logger.warn(`cluster events: a ${topic} handler failed: ${(e as Error).message}`);
      }
    }
  }
}
