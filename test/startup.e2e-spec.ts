import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { MIGRATIONS } from '../migrations';
import { Banshi, startBanshi } from './setup/test-app';

/** Several instances started at the same moment on an empty database: one migrates, the others wait; all serve. */
describe('start-up', () => {
  const instances: Banshi[] = [];
  const database = `banshi_t_empty_${randomBytes(4).toString('hex')}`;
  let url: string;

  beforeAll(async () => {
    const admin = new Client({ connectionString: process.env.BANSHI_TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const u = new URL(process.env.BANSHI_TEST_DATABASE_URL!);
    u.pathname = `/${database}`;
    url = u.toString();
  });
  afterAll(async () => {
    for (const b of instances) await b.close();
    const admin = new Client({ connectionString: process.env.BANSHI_TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('migrates once under a lock when three instances start together', async () => {
    const prefix = `t_race_${randomBytes(3).toString('hex')}`;
    instances.push(...(await Promise.all([1, 2, 3].map(() => startBanshi({ DATABASE_URL: url, MEILI_INDEX_PREFIX: prefix })))));
    for (const b of instances) await b.http().get('/health/live').expect(200);
    const c = new Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query(`SELECT name FROM migrations ORDER BY id`);
    await c.end();
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => (m as { name: string }).name));
  });
});
