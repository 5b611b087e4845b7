import { AuditRecord } from '../audit/audit-record.entity';
import { AccountApproval, SecurityPolicy, StaffAccount, StaffPasswordHistory, StaffSession, StaffSignInAttempts } from '../auth/account.entity';
import { Bundle, BundleMatter } from '../bundles/bundle.entity';
import { Change } from '../change-log/change.entity';
import { RateLimitCounter } from '../cluster/rate-limit-counter.entity';
import { ChangeLogPruned } from '../change-log/change-log-state.entity';
import { Department } from '../departments/department.entity';
import { Feedback } from '../feedback/feedback.entity';
import { ApiKey } from '../integration/api-key.entity';
import { GuideEntry } from '../guide-entries/guide-entry.entity';
import { SearchBestBet, SearchDeadLetter, SearchQueryStat, SearchSynonym, SearchSyncState } from '../search/search-state.entity';
import { ServiceLocation } from '../service-locations/service-location.entity';
import { MatterFaq, MatterFee, MatterLocation, MatterMaterial, MatterStep } from '../service-matters/matter-parts.entity';
import { ServiceMatter } from '../service-matters/service-matter.entity';
import { Revision } from '../workflow/revision.entity';
import { WebhookDeadLetter, WebhookSubscription } from '../webhooks/webhook.entity';

export const ENTITIES = [
  Department,
  ServiceLocation,
  ServiceMatter,
  MatterMaterial,
  MatterFee,
  MatterStep,
  MatterFaq,
  MatterLocation,
  GuideEntry,
  Bundle,
  BundleMatter,
  Change,
  SearchSyncState,
  SearchDeadLetter,
  SearchSynonym,
  SearchBestBet,
  SearchQueryStat,
  StaffAccount,
  StaffPasswordHistory,
  StaffSession,
  StaffSignInAttempts,
  SecurityPolicy,
  AuditRecord,
  Revision,
  ApiKey,
  AccountApproval,
  ChangeLogPruned,
  WebhookSubscription,
  WebhookDeadLetter,
  RateLimitCounter,
  Feedback,
];
