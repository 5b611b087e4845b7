import { Module } from '@nestjs/common';
import { ReadReplicaModule } from '../database/read-replica';
import { HealthController } from './health.controller';

@Module({ imports: [ReadReplicaModule], controllers: [HealthController] })
export class HealthModule {}
