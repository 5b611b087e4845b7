import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { parseMeiliUrls } from '../../src/search/meili-nodes';

/**
 * docker-compose.yml cannot be run here (no Docker engine): this checks the shape of its `scale` profile — the topology
 * of issue 14 — by parsing it (js-yaml, a dependency of @nestjs/swagger, with merge keys on so the `<<` merges of the shared app definition resolve
 * as Compose resolves them).
 */
interface Service {
  image?: string;
  build?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  command?: string[];
}
const root = join(__dirname, '..', '..');
const compose = load(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { schema: CORE_SCHEMA.withTags(mergeTag) }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const scale = Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('scale'));

describe('docker-compose.yml scale profile', () => {
  it('adds two app instances, a second Meilisearch node, a streaming replica and nginx; the single setup is unchanged', () => {
    expect(scale.map(([name]) => name).sort()).toEqual(['app-1', 'app-2', 'meilisearch-2', 'nginx', 'postgres-replica']);
    for (const name of ['app', 'postgres', 'meilisearch']) expect(compose.services[name].profiles).toBeUndefined();
    expect(compose.services.app.environment!.MEILI_URL).toBe('http://meilisearch:7700');
    expect(compose.services['postgres-replica'].image).toBe(compose.services.postgres.image);
    expect(compose.services['meilisearch-2'].image).toBe(compose.services.meilisearch.image);
  });

  it('points both instances at the primary, the replica and both nodes in the same order, with shared limits', () => {
    const [one, two] = ['app-1', 'app-2'].map((n) => compose.services[n].environment!);
    for (const env of [one, two]) {
      expect(env.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(env.DATABASE_READ_URL).toMatch(/@postgres-replica:5432\//);
      expect(parseMeiliUrls(env.MEILI_URL)).toEqual(['http://meilisearch:7700', 'http://meilisearch-2:7700']);
      expect(env.RATE_LIMIT_STORE).toBe('postgres');
    }
    expect([one.SEARCH_SYNC, one.BACKGROUND_JOBS]).toEqual([undefined, undefined]);
    expect([two.SEARCH_SYNC, two.BACKGROUND_JOBS]).toEqual(['off', 'off']);
  });

  it('makes the replica with pg_basebackup as a standby with a slot, and lets the primary accept replication', () => {
    const script = compose.services['postgres-replica'].command!.join('\n');
    expect(script).toMatch(/pg_basebackup .*-R .*-C -S banshi_replica/);
    expect(compose.services.postgres.volumes!.some((v) => v.includes('/docker-entrypoint-initdb.d/'))).toBe(true);
    expect(readFileSync(join(root, 'deploy/postgres-primary-init.sh'), 'utf8')).toMatch(
      /"host replication \$\{POSTGRES_USER\} all scram-sha-256" >> "\$PGDATA\/pg_hba.conf"/,
    );
    for (const v of ['pgreplica', 'meilidata2']) expect(compose.volumes).toHaveProperty(v);
  });

  it('balances over both instances in nginx, which starts only when they are healthy', () => {
    const nginx = compose.services.nginx;
    expect(nginx.volumes).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(Object.keys(nginx.depends_on!).sort()).toEqual(['app-1', 'app-2']);
    const conf = readFileSync(join(root, 'deploy/nginx.conf'), 'utf8');
    expect(conf).toMatch(/server app-1:3000/);
    expect(conf).toMatch(/server app-2:3000/);
    expect(conf).toMatch(/proxy_pass http:\/\/banshi;/);
  });
});
