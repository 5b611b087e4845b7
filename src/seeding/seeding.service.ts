import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ExchangeImportService } from '../exchange/exchange-import.service';
import { SEED_SYNONYMS } from '../search/lexicon/synonyms';

/**
 * First-start data. The default search lexicon is product configuration and is always loaded into an empty
 * synonym table; the 北镇市 demo catalogue (SEED=demo, the default) is loaded into an empty catalogue through
 * the same importer users run (`npm run import`). Both are idempotent: a non-empty table is left alone.
 */
@Injectable()
export class SeedingService implements OnModuleInit {
  private readonly logger = new Logger(SeedingService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly importer: ExchangeImportService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * The default lexicon goes in before the application starts (module init precedes the search relay's
   * bootstrap), so the first index settings the relay declares already carry the synonyms.
   */
  async onModuleInit(): Promise<void> {
    await this.seedSynonyms();
  }

  /** The demo catalogue (SEED=demo), after start-up: it shows progress and the relay indexes it as it commits. */
  async run(): Promise<void> {
    if (this.config.SEED === 'demo') await this.seedDemo();
  }

  async seedSynonyms(): Promise<number> {
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM search_synonyms`);
    if (n > 0) return 0;
    await this.dataSource.query(
      `INSERT INTO search_synonyms (term, expansions, mutual, note)
       SELECT term, expansions, COALESCE(mutual, false), note FROM jsonb_to_recordset($1::jsonb)
         AS x(term text, expansions text[], mutual boolean, note text)
       ON CONFLICT (term) DO NOTHING`,
      [JSON.stringify(SEED_SYNONYMS)],
    );
    this.logger.log(`loaded ${SEED_SYNONYMS.length} default search synonyms`);
    return SEED_SYNONYMS.length;
  }

  async seedDemo(): Promise<void> {
    const [{ n }] = await this.dataSource.query(`SELECT (SELECT count(*) FROM departments) + (SELECT count(*) FROM service_matters) AS n`);
    if (Number(n) > 0) return;
    this.logger.log('empty catalogue: loading the 北镇市 demo data (SEED=demo) …');
    const { buildBeizhenDemo } = await import('../../seeds/beizhen'); // loaded only when needed
    const report = await this.importer.import(buildBeizhenDemo(), {
      onProgress: (stage, done, total) => this.logger.log(`  demo data: ${stage} ${done}/${total}`),
    });
    const c = report.counts;
    this.logger.log(
      `demo data loaded: ${c.departments.created} departments, ${c.locations.created} locations, ${c.matters.created} matters, ` +
        `${c.guides.created} guide entries, ${c.bundles.created} bundles`,
    );
  }
}
