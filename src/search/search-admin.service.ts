import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { queryKey } from './query-understanding';
import { SearchIndexService } from './search-index.service';
import { SearchSyncService } from './search-sync.service';
import { SearchService } from './search.service';
import { SearchBestBet, SearchSynonym } from './search-state.entity';
import type { BestBetDto, SynonymDto } from './synonym.dto';

/** Staff-maintained search knowledge: synonyms (pushed to Meilisearch at once) and best bets. */
@Injectable()
export class SearchAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly index: SearchIndexService,
    private readonly search: SearchService,
    private readonly sync: SearchSyncService,
  ) {}

  /** Pushes the lexicon to Meilisearch now (synonyms are patched in place; a tokenising change would rebuild). */
  private async pushLexicon(): Promise<void> {
    if (await this.index.ensureIndexes()) this.sync.settingsChanged();
  }

  listSynonyms() {
    return this.dataSource.getRepository(SearchSynonym).find({ order: { term: 'ASC' } });
  }

  async createSynonym(dto: SynonymDto) {
    const repo = this.dataSource.getRepository(SearchSynonym);
    if (await repo.findOne({ where: { term: dto.term } })) throw new AppError(409, 'SYNONYM_EXISTS', `同义词“${dto.term}”已存在`);
    const saved = await repo.save(repo.create({ term: dto.term, expansions: dto.expansions, mutual: dto.mutual ?? false, note: dto.note ?? null }));
    await this.pushLexicon();
    return saved;
  }

  async updateSynonym(id: string, dto: SynonymDto) {
    const repo = this.dataSource.getRepository(SearchSynonym);
    const row = await repo.findOne({ where: { id } });
    if (!row) throw AppError.notFound('SYNONYM_NOT_FOUND', '同义词');
    Object.assign(row, { term: dto.term, expansions: dto.expansions, mutual: dto.mutual ?? false, note: dto.note ?? null });
    const saved = await repo.save(row);
    await this.pushLexicon();
    return saved;
  }

  async deleteSynonym(id: string) {
    const result = await this.dataSource.getRepository(SearchSynonym).delete({ id });
    if (!result.affected) throw AppError.notFound('SYNONYM_NOT_FOUND', '同义词');
    await this.pushLexicon();
  }

  listBestBets() {
    return this.dataSource.getRepository(SearchBestBet).find({ relations: { matter: true }, order: { query: 'ASC' } })
      .then((rows) => rows.map((b) => ({ id: b.id, query: b.query, matterCode: b.matter?.code, matterName: b.matter?.name, startsOn: b.startsOn, endsOn: b.endsOn })));
  }

  async createBestBet(dto: BestBetDto) {
    if (dto.startsOn && dto.endsOn && dto.startsOn > dto.endsOn) {
      throw AppError.badRequest('endsOn', '结束日期不能早于开始日期');
    }
    const [matter] = await this.dataSource.query(`SELECT id FROM service_matters WHERE code = $1`, [dto.matterCode]);
    if (!matter) throw AppError.badRequest('matterCode', '事项不存在', 'MATTER_NOT_FOUND');
    const repo = this.dataSource.getRepository(SearchBestBet);
    const saved = await repo.save(repo.create({ query: queryKey(dto.query), matterId: matter.id, startsOn: dto.startsOn ?? null, endsOn: dto.endsOn ?? null }));
    await this.search.invalidateCaches();
    return { id: saved.id, query: saved.query, matterCode: dto.matterCode, startsOn: saved.startsOn, endsOn: saved.endsOn };
  }

  async deleteBestBet(id: string) {
    const result = await this.dataSource.getRepository(SearchBestBet).delete({ id });
    if (!result.affected) throw AppError.notFound('BEST_BET_NOT_FOUND', '置顶规则');
    await this.search.invalidateCaches();
  }
}
