import { IsIn, IsOptional, Matches } from 'class-validator';
import { Coded, GUIDE_LISTS, labelled } from '../code-lists/code-lists';
import { PageQueryDto } from '../common/pagination';
import { CODE_PATTERN } from '../common/validation';
import type { GuideEntry } from './guide-entry.entity';

export class ListGuidesQueryDto extends PageQueryDto {
  /** power 权力事项清单 · compliance 合规办事业务指南 · prohibited 违规禁办事项清单 · deferrable 容缺办理事项清单 */
  @IsOptional()
  @IsIn(Object.keys(GUIDE_LISTS), { message: `取值必须是以下之一：${Object.keys(GUIDE_LISTS).join('、')}` })
  list?: string;

  @IsOptional()
  @Matches(CODE_PATTERN, { message: '编码格式不正确' })
  departmentCode?: string;

  @IsOptional()
  @Matches(CODE_PATTERN, { message: '编码格式不正确' })
  matterCode?: string;
}

export class GuideResponse {
  id!: string;
  code!: string;
  title!: string;
  list!: Coded;
  department!: { code: string; name: string } | null;
  matter!: { id: string; code: string; name: string } | null;
  contact!: GuideEntry['contact'];
  conditions!: string | null;
  materials!: string[];
  steps!: string[];
  timeLimit!: string | null;
  fees!: string | null;
  place!: string | null;
  hours!: string | null;
  prohibitedConduct!: string[];
  deferrableMaterials!: string[];
  commitment!: string | null;
  complaintChannels!: GuideEntry['complaintChannels'];
  qrUrl!: string | null;
  handbookPage!: number | null;
  updatedAt!: string;
}

/** One page of GuideResponses. */
export class GuidePage {
  total!: number;
  page!: number;
  limit!: number;
  items!: GuideResponse[];
}

export function toGuideResponse(g: GuideEntry): GuideResponse {
  return {
    id: g.id,
    code: g.code,
    title: g.title,
    list: labelled(GUIDE_LISTS, g.list),
    department: g.department ? { code: g.department.code, name: g.department.name } : null,
    matter: g.matter && g.matter.status === 'published' ? { id: g.matter.id, code: g.matter.code, name: g.matter.name } : null,
    contact: g.contact,
    conditions: g.conditions,
    materials: g.materials,
    steps: g.steps,
    timeLimit: g.timeLimit,
    fees: g.fees,
    place: g.place,
    hours: g.hours,
    prohibitedConduct: g.prohibitedConduct,
    deferrableMaterials: g.deferrableMaterials,
    commitment: g.commitment,
    complaintChannels: g.complaintChannels,
    qrUrl: g.qrUrl,
    handbookPage: g.handbookPage,
    updatedAt: g.updatedAt.toISOString(),
  };
}
