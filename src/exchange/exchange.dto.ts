import { Equals, IsArray, IsOptional, Matches } from 'class-validator';
import {
  CASE_TYPES,
  CATALOGUE_STATUSES,
  CORPORATE_THEMES,
  CROSS_REGION_SCOPES,
  DEPARTMENT_KINDS,
  EXERCISE_LEVELS,
  GUIDE_LISTS,
  HANDLING_FORMS,
  IMPLEMENTER_NATURES,
  LIFE_STAGES,
  LIMIT_UNITS,
  LOCATION_LEVELS,
  MATERIAL_MEDIUM,
  MATERIAL_NECESSITY,
  MATERIAL_ORIGINALITY,
  MATERIAL_SOURCE,
  ONLINE_DEPTHS,
  PAPER_SPECS,
  PERSONAL_THEMES,
  POWER_SOURCES,
  PUBLICATION_STATUSES,
  RESULT_TYPES,
  SERVICE_OBJECTS,
  SPECIAL_PROCEDURES,
} from '../code-lists/code-lists';
import { Bool, Code, CodeList, DateOnly, Int, Nested, Num, OneOf, OneOfEach, Phone, Text, TextList, Url } from '../common/validation';

/**
 * The Banshi exchange format, version 1 (docs/exchange-format.md, docs/exchange.schema.json).
 * One document carries departments, service locations, service matters, guide entries and "一件事" bundles;
 * records refer to each other by code. Seeds, `npm run import`, `npm run export` and the bulk API all use it.
 * Only the fields marked required below must be present; everything else is optional.
 */

export class LegalBasisDto {
  /** 法规名称 */ @Text(200, false) name: string;
  /** 文号 */ @Text(100) docNo?: string;
  /** 条款 */ @Text(100) article?: string;
  /** 条款内容 */ @Text(4000) content?: string;
}

export class TimeLimitDto {
  /** 天数; null = 无法定时限 (then say why in note) */
  @Int(0, 3650) value?: number | null;
  @OneOf(LIMIT_UNITS) unit?: string;
  @Text(500) note?: string;
}

export class MaterialDto {
  @Text(200, false) name: string;
  @OneOf(MATERIAL_NECESSITY) necessity?: string;
  @OneOf(MATERIAL_ORIGINALITY) originality?: string;
  @OneOf(MATERIAL_MEDIUM) medium?: string;
  @OneOf(MATERIAL_SOURCE) sourceChannel?: string;
  @Text(100) issuingOrg?: string;
  @Int(0, 100) copies?: number;
  @OneOf(PAPER_SPECS) paperSpec?: string;
  @Url() blankFormUrl?: string;
  @Url() sampleUrl?: string;
  @Text(1000) fillNotes?: string;
  @Text(1000) acceptStandard?: string;
  @Text(500) legalBasis?: string;
  /** 非必要材料：何种情形下需要 */ @Text(500) whenRequired?: string;
  /** 可通过电子证照 / 数据共享获取，申请人无需提交 */ @Bool() sharedCertificate?: boolean;
}

export class FeeDto {
  @Text(200, false) name: string;
  @Text(500, false) standard: string;
  @Text(500) basis?: string;
  @Bool() reducible?: boolean;
  @Text(500) reductionBasis?: string;
}

export class StepDto {
  @Text(100, false) name: string;
  @Text(100) actor?: string;
  @Text(100) timeLimit?: string;
  @Text(1000) reviewStandard?: string;
  @Text(500) result?: string;
}

export class SpecialProcedureDto {
  @OneOf(SPECIAL_PROCEDURES, false) type: string;
  @Text(100) timeLimit?: string;
  /** 是否计入法定办结时限 */ @Bool() countsInLegalLimit?: boolean;
  @Text(500) note?: string;
}

export class MatterLocationDto {
  @Code() locationCode: string;
  @Text(100) window?: string;
  @Text(200) hours?: string;
  @Phone() phone?: string;
}

export class ChannelDto {
  @Phone() phone?: string;
  @Text(200) address?: string;
  @Url() url?: string;
  @Text(500) note?: string;
}

export class ResultDto {
  @OneOf(RESULT_TYPES) type?: string;
  @Text(200) name?: string;
  @Url() sampleUrl?: string;
}

export class FaqDto {
  @Text(500, false) question: string;
  @Text(4000, false) answer: string;
}

export class RedressDto {
  /** 行政复议途径 */ @Text(500) reconsideration?: string;
  /** 行政诉讼途径 */ @Text(500) litigation?: string;
}

export class ExchangeDepartmentDto {
  @Code() code: string;
  @Text(100, false) name: string;
  @Text(50) shortName?: string;
  @TextList(20, 50) aliases?: string[];
  /** 统一社会信用代码 (18 位) */
  @IsOptional()
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, { message: '统一社会信用代码必须是 18 位' })
  uscc?: string;
  /** 行政区划代码 (6 或 12 位) */
  @IsOptional() @Matches(/^\d{6}(\d{6})?$/, { message: '行政区划代码必须是 6 位或 12 位数字' }) regionCode?: string;
  @OneOf(DEPARTMENT_KINDS) kind?: string;
  @Code(true) parentCode?: string;
  /** 是否进驻政务服务中心 */ @Bool() inCentre?: boolean;
  /** 进驻中心 / 分中心的窗口 */ @Text(200) centreWindows?: string;
  @Phone() phone?: string;
  @Phone() complaintPhone?: string;
  @Text(200) address?: string;
  @OneOf(PUBLICATION_STATUSES) status?: string;
}

export class ExchangeLocationDto {
  @Code() code: string;
  @Text(100, false) name: string;
  @OneOf(LOCATION_LEVELS, false) level: string;
  @IsOptional() @Matches(/^\d{6}(\d{6})?$/, { message: '行政区划代码必须是 6 位或 12 位数字' }) regionCode?: string;
  /** 主办单位（乡镇 / 街道 / 中心） */ @Code(true) departmentCode?: string;
  @Code(true) parentCode?: string;
  @Text(200) address?: string;
  @Text(200) hours?: string;
  @Phone() phone?: string;
  @Num(-90, 90) lat?: number;
  @Num(-180, 180) lng?: number;
  @TextList(200, 100) windows?: string[];
  @OneOf(PUBLICATION_STATUSES) status?: string;
}

export class ExchangeMatterDto {
  /** 实施编码 (or a local code) */ @Code() code: string;
  @Text(200, false) name: string;
  @Code() departmentCode: string;
  /** 事项类型 code, e.g. 01 行政许可 */
  @Matches(/^(0[1-9]|10|1[1-9]|2[0-9]|3[0-9]|99)$/, { message: '事项类型编码无效（01–10、20、99 或地方扩展 11–19、21–39）' })
  matterType: string;
  /** 基本编码 */ @Code(true) baseCode?: string;
  /** 业务办理项编码 */ @Code(true) caseCode?: string;
  @Text(200) mainItemName?: string;
  @Text(200) subItemName?: string;
  @Text(200) caseName?: string;
  @OneOfEach(Object.keys(EXERCISE_LEVELS), 7) exerciseLevels?: string[];
  @OneOf(POWER_SOURCES) powerSource?: string;
  @OneOf(IMPLEMENTER_NATURES) implementerNature?: string;
  @Text(100) entrustedDepartment?: string;
  @TextList(20, 100) jointOrganizations?: string[];
  @Text(100) handlingOffice?: string;
  @Nested(() => LegalBasisDto, { array: true, maxItems: 50 }) legalBasis?: LegalBasisDto[];
  @Text(8000) conditions?: string;
  @Nested(() => MaterialDto, { array: true, maxItems: 100 }) materials?: MaterialDto[];
  /** 无需提交材料（与 materials 互斥）/ no materials at all (then materials must be empty) */ @Bool() noMaterialsRequired?: boolean;
  /** 是否收费 */ @Bool() charged?: boolean;
  @Nested(() => FeeDto, { array: true, maxItems: 50 }) fees?: FeeDto[];
  /** 办理流程（文字） */ @Text(8000) processDescription?: string;
  @Nested(() => StepDto, { array: true, maxItems: 50 }) steps?: StepDto[];
  @Nested(() => SpecialProcedureDto, { array: true, maxItems: 20 }) specialProcedures?: SpecialProcedureDto[];
  @Nested(() => TimeLimitDto) legalLimit?: TimeLimitDto;
  @Nested(() => TimeLimitDto) promisedLimit?: TimeLimitDto;
  @OneOf(Object.keys(CASE_TYPES)) caseType?: string;
  @OneOfEach(Object.keys(SERVICE_OBJECTS), 7) serviceObjects?: string[];
  @OneOfEach(Object.keys(HANDLING_FORMS), 5) handlingForms?: string[];
  @OneOfEach(Object.keys(ONLINE_DEPTHS), 8) onlineDepth?: string[];
  @Url() onlineUrl?: string;
  @Url() mobileUrl?: string;
  /** 到办事现场次数 */ @Int(0, 10) onSiteVisits?: number;
  @Text(500) onSiteReason?: string;
  @Nested(() => MatterLocationDto, { array: true, maxItems: 300 }) locations?: MatterLocationDto[];
  /** 就近办 */ @Bool() nearby?: boolean;
  /** 可就近办理的乡镇 / 村点 */ @CodeList(300) nearbyLocationCodes?: string[];
  @Nested(() => ChannelDto) consult?: ChannelDto;
  @Nested(() => ChannelDto) complaint?: ChannelDto;
  @Nested(() => ResultDto) result?: ResultDto;
  @Text(200) quantityLimit?: string;
  @Text(500) intermediaryService?: string;
  @OneOf(CROSS_REGION_SCOPES) crossRegionScope?: string;
  @Bool() appointment?: boolean;
  @Bool() onlinePayment?: boolean;
  @Bool() express?: boolean;
  @Bool() selfService?: boolean;
  @OneOfEach(Object.keys(PERSONAL_THEMES), 10) personalThemes?: string[];
  @OneOfEach(Object.keys(CORPORATE_THEMES), 10) corporateThemes?: string[];
  @OneOfEach(LIFE_STAGES, 16) lifeStages?: string[];
  /** 俗称 / 别名, maintained by staff for search */ @TextList(30, 50) keywords?: string[];
  @Nested(() => FaqDto, { array: true, maxItems: 50 }) faqs?: FaqDto[];
  @Nested(() => RedressDto) redress?: RedressDto;
  @OneOf(CATALOGUE_STATUSES) catalogueStatus?: string;
  @DateOnly() effectiveFrom?: string;
  @DateOnly() effectiveTo?: string;
  @OneOf(PUBLICATION_STATUSES) status?: string;
}

export class GuideContactDto {
  @Text(100) window?: string;
  @Text(100) post?: string;
  @Text(50) person?: string;
  @Phone() phone?: string;
}

export class ComplaintChannelDto {
  @Text(100, false) name: string;
  @Phone(false) phone: string;
}

export class ExchangeGuideDto {
  @Code() code: string;
  @Text(200, false) title: string;
  @Code() departmentCode: string;
  /** power 权力事项清单 · compliance 合规办事业务指南 · prohibited 违规禁办事项清单 · deferrable 容缺办理事项清单 */
  @OneOf(Object.keys(GUIDE_LISTS), false) list: string;
  @Code(true) matterCode?: string;
  @Nested(() => GuideContactDto) contact?: GuideContactDto;
  @Text(4000) conditions?: string;
  @TextList(100, 300) materials?: string[];
  @TextList(50, 300) steps?: string[];
  @Text(200) timeLimit?: string;
  @Text(500) fees?: string;
  @Text(200) place?: string;
  @Text(200) hours?: string;
  /** 违规禁办：禁止的行为 */ @TextList(50, 300) prohibitedConduct?: string[];
  /** 容缺办理：可容缺后补的材料 */ @TextList(50, 300) deferrableMaterials?: string[];
  /** 容缺办理：需作出的承诺 */ @Text(1000) commitment?: string;
  @Nested(() => ComplaintChannelDto, { array: true, maxItems: 10 }) complaintChannels?: ComplaintChannelDto[];
  @Url() qrUrl?: string;
  /** 纸质手册页码 */ @Int(1, 10000) handbookPage?: number;
  @OneOf(PUBLICATION_STATUSES) status?: string;
}

export class ExchangeBundleDto {
  @Code() code: string;
  @Text(100, false) name: string;
  @Text(2000) description?: string;
  /** 牵头部门 */ @Code(true) departmentCode?: string;
  @CodeList(100) matterCodes?: string[];
  @TextList(100, 200) sharedMaterials?: string[];
  @OneOfEach(LIFE_STAGES, 16) lifeStages?: string[];
  @OneOf(PUBLICATION_STATUSES) status?: string;
}

export class RegionDto {
  @Matches(/^\d{6}(\d{6})?$/, { message: '行政区划代码必须是 6 位或 12 位数字' }) code: string;
  @Text(100, false) name: string;
}

/** The whole document. Record arrays are validated one record at a time by the importer. */
export class ExchangeDocumentHeaderDto {
  @Equals('banshi-exchange', { message: 'format 必须是 "banshi-exchange"' }) format: string;
  @Equals(1, { message: '只支持 version 1' }) version: number;
  @Nested(() => RegionDto) region?: RegionDto;
  @Text(1000) source?: string;
  @Text(40) generatedAt?: string;
  @IsOptional() @IsArray({ message: '必须是数组' }) departments?: unknown[];
  @IsOptional() @IsArray({ message: '必须是数组' }) locations?: unknown[];
  @IsOptional() @IsArray({ message: '必须是数组' }) matters?: unknown[];
  @IsOptional() @IsArray({ message: '必须是数组' }) guides?: unknown[];
  @IsOptional() @IsArray({ message: '必须是数组' }) bundles?: unknown[];
}

export interface ExchangeDocument {
  format: 'banshi-exchange';
  version: 1;
  region?: RegionDto;
  source?: string;
  generatedAt?: string;
  departments: ExchangeDepartmentDto[];
  locations: ExchangeLocationDto[];
  matters: ExchangeMatterDto[];
  guides: ExchangeGuideDto[];
  bundles: ExchangeBundleDto[];
}
