import { Module } from '@nestjs/common';
import { CodeListsPublicController } from './code-lists.public.controller';

@Module({ controllers: [CodeListsPublicController] })
export class CodeListsModule {}
