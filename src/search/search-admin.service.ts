import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { toAuditActor } from '../auth/sessions.service';
import { ClusterEventsService } from '../cluster/cluster-events.service';
import { AppError } from '../common/app-error';
import { queryKey } from './query-understanding';
import { SearchIndexService } from './search-index.service';
import { SearchSyncService } from './search-sync.service';
import { SearchService } from './search.service';
import { SearchBestBet, SearchSynonym } from './search-state.entity';
import { SearchIndexVersion } from './search-version';
import type { BestBetDto, SynonymDto } from './synonym.dto';

/** Staff-maintained search knowledge: synonyms (pushed to Meilisearch at once) and best bets. */
@Injectable()
export class SearchAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly index: SearchIndexService,
    private readonly search: SearchService,
    private readonly sync: SearchSyncService,
    private readonly audit: AuditService,
    private readonly version: SearchIndexVersion,
    private readonly events: ClusterEventsService,
  ) {}

  /** Pushes the lexicon to Meilisearch now (synonyms are patched in place; a tokenising change would rebuild). */
  private async pushLexicon(): Promise<void> {
    if (await this.index.ensureIndexes()) this.sync.settingsChanged();
    // the relevance floor reads synonyms too: a staff synonym counts at once
    await this.search.invalidateCaches();
  }

  listSynonyms() {
    return this.dataSource.getRepository(SearchSynonym).find({ order: { term: 'ASC' } });
  }

  async createSynonym(dto: SynonymDto, actor: Actor) {
    const saved = await this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(SearchSynonym);
      if (await repo.findOne({ where: { term: dto.term } })) throw new AppError(409, 'SYNONYM_EXISTS', `同义词“${dto.term}”已存在`);
      const row = await repo.save(repo.create({ term: dto.term, expansions: dto.expansions, mutual: dto.mutual ?? false, note: dto.note ?? null }));
      await this.audit.record(m, { actor: toAuditActor(actor), action: 'synonym.create', objectType: 'synonym', objectId: row.id, details: { after: dto } });
      await this.events.publish(m, 'search-settings');
      return row;
    });
    await this.pushLexicon();
    return saved;
  }

  async updateSynonym(id: string, dto: SynonymDto, actor: Actor) {
    const saved = await this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(SearchSynonym);
      const row = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw AppError.notFound('SYNONYM_NOT_FOUND', '同义词');
      const before = { term: row.term, expansions: row.expansions, mutual: row.mutual, note: row.note };
      Object.assign(row, { term: dto.term, expansions: dto.expansions, mutual: dto.mutual ?? false, note: dto.note ?? null });
      const out = await repo.save(row);
      await this.audit.record(m, {
        actor: toAuditActor(actor),
        action: 'synonym.update',
        objectType: 'synonym',
        objectId: id,
        details: { before, after: dto },
      });
      await this.events.publish(m, 'search-settings');
      return out;
    });
    await this.pushLexicon();
    return saved;
  }

  async deleteSynonym(id: string, actor: Actor) {
    await this.dataSource.transaction(async (m) => {
      const row = await m.findOne(SearchSynonym, { where: { id } });
      if (!row) throw AppError.notFound('SYNONYM_NOT_FOUND', '同义词');
      await m.delete(SearchSynonym, { id });
      await this.audit.record(m, {
        actor: toAuditActor(actor),
        action: 'synonym.delete',
        objectType: 'synonym',
        objectId: id,
        details: { before: { term: row.term, expansions: row.expansions } },
      });
      await this.events.publish(m, 'search-settings');
    });
    await this.pushLexicon();
  }

  listBestBets() {
    return this.dataSource
      .getRepository(SearchBestBet)
      .find({ relations: { matter: true }, order: { query: 'ASC' } })
      .then((rows) =>
        rows.map((b) => ({ id: b.id, query: b.query, matterCode: b.matter?.code, matterName: b.matter?.name, startsOn: b.startsOn, endsOn: b.endsOn })),
      );
  }

  async createBestBet(dto: BestBetDto, actor: Actor) {
    if (dto.startsOn && dto.endsOn && dto.startsOn > dto.endsOn) {
      throw AppError.badRequest('endsOn', '结束日期不能早于开始日期');
    }
    const [matter] = await this.dataSource.query(`SELECT id FROM service_matters WHERE code = $1`, [dto.matterCode]);
    if (!matter) throw AppError.badRequest('matterCode', '事项不存在', 'MATTER_NOT_FOUND');
    const saved = await this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(SearchBestBet);
      const row = await repo.save(repo.create({ query: queryKey(dto.query), matterId: matter.id, startsOn: dto.startsOn ?? null, endsOn: dto.endsOn ?? null }));
      await this.audit.record(m, { actor: toAuditActor(actor), action: 'best-bet.create', objectType: 'best-bet', objectId: row.id, details: { after: dto } });
      await this.events.publish(m, 'search-settings');
      return row;
    });
    await this.search.invalidateCaches();
    await this.version.publish(); // cached answers carry the old best bets
    return { id: saved.id, query: saved.query, matterCode: dto.matterCode, startsOn: saved.startsOn, endsOn: saved.endsOn };
  }

  async deleteBestBet(id: string, actor: Actor) {
    await this.dataSource.transaction(async (m) => {
      const result = await m.delete(SearchBestBet, { id });
      if (!result.affected) throw AppError.notFound('BEST_BET_NOT_FOUND', '置顶规则');
      await this.audit.record(m, { actor: toAuditActor(actor), action: 'best-bet.delete', objectType: 'best-bet', objectId: id });
      await this.events.publish(m, 'search-settings');
    });
    await this.search.invalidateCaches();
    await this.version.publish(); // cached answers carry the old best bets
  }
}
