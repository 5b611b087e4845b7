import { Module } from '@nestjs/common';
import { CatalogueStatsService } from './catalogue-stats.service';
import { CodeListsPublicController } from './code-lists.public.controller';

@Module({ controllers: [CodeListsPublicController], providers: [CatalogueStatsService] })
export class CodeListsModule {}
