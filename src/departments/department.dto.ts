import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DEPARTMENT_KINDS } from '../code-lists/code-lists';
import { PageQueryDto } from '../common/pagination';
import { QueryBool } from '../common/query-params';
import type { Department } from './department.entity';

export class ListDepartmentsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(DEPARTMENT_KINDS as unknown as string[], { message: `取值必须是以下之一：${DEPARTMENT_KINDS.join('、')}` })
  kind?: string;

  @IsOptional()
  @QueryBool()
  @IsBoolean({ message: '必须是 true 或 false' })
  inCentre?: boolean;

  /** Name contains */
  @IsOptional()
  @IsString()
  @MaxLength(50, { message: '长度不能超过 50 个字符' })
  q?: string;
}

export class DepartmentResponse {
  id!: string;
  code!: string;
  name!: string;
  shortName!: string | null;
  aliases!: string[];
  uscc!: string | null;
  regionCode!: string | null;
  kind!: string | null;
  parent!: { code: string; name: string } | null;
  inCentre!: boolean;
  centreWindows!: string | null;
  phone!: string | null;
  complaintPhone!: string | null;
  address!: string | null;
  matterCount?: number;
  updatedAt!: string;
}

/** One page of DepartmentResponses. */
export class DepartmentPage {
  total!: number;
  page!: number;
  limit!: number;
  items!: DepartmentResponse[];
}

/** A department with its published matters. */
export class DepartmentDetail extends DepartmentResponse {
  matters!: { id: string; code: string; name: string }[];
}

export function toDepartmentResponse(d: Department, matterCount?: number): DepartmentResponse {
  return {
    id: d.id,
    code: d.code,
    name: d.name,
    shortName: d.shortName,
    aliases: d.aliases,
    uscc: d.uscc,
    regionCode: d.regionCode,
    kind: d.kind,
    parent: d.parent ? { code: d.parent.code, name: d.parent.name } : null,
    inCentre: d.inCentre,
    centreWindows: d.centreWindows,
    phone: d.phone,
    complaintPhone: d.complaintPhone,
    address: d.address,
    ...(matterCount === undefined ? {} : { matterCount }),
    updatedAt: d.updatedAt.toISOString(),
  };
}
