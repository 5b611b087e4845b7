import type { MigrationInterface } from 'typeorm';
import { InitialSchema1764300000000 } from './1764300000000-initial-schema';
import { RecordVersions1764300000001 } from './1764300000001-record-versions';
import { Staff1764300000002 } from './1764300000002-staff';
import { ChangeLogLookup1764300000003 } from './1764300000003-change-log-lookup';
import { ApiKeys1764300000004 } from './1764300000004-api-keys';
import { SealedTotp1764300000005 } from './1764300000005-sealed-totp';
import { StaffSecurity1764900000001 } from './1764900000001-staff-security';
import { WebhooksRetention1764300000020 } from './1764300000020-webhooks-retention';
import { SharedRateLimits1764300000021 } from './1764300000021-shared-rate-limits';
import { Feedback1764900000030 } from './1764900000030-feedback';
import { ChangeLogVersion1765000000001 } from './1765000000001-change-log-version';
import { NoMaterialsRequired1765100000001 } from './1765100000001-no-materials-required';
import { FeedbackReceipt1765100000101 } from './1765100000101-feedback-receipt';

/** Every migration, in order. Migrations are classes so the same list works compiled and under ts-jest. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  InitialSchema1764300000000,
  RecordVersions1764300000001,
  Staff1764300000002,
  ChangeLogLookup1764300000003,
  ApiKeys1764300000004,
  SealedTotp1764300000005,
  WebhooksRetention1764300000020,
  SharedRateLimits1764300000021,
  StaffSecurity1764900000001,
  Feedback1764900000030,
  ChangeLogVersion1765000000001,
  NoMaterialsRequired1765100000001,
  FeedbackReceipt1765100000101,
];
