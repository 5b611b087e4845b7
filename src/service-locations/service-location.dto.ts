import { IsIn, IsOptional, Matches } from 'class-validator';
import { LOCATION_LEVELS } from '../code-lists/code-lists';
import { PageQueryDto } from '../common/pagination';
import { CODE_PATTERN } from '../common/validation';
import type { ServiceLocation } from './service-location.entity';

export class ListLocationsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(LOCATION_LEVELS as unknown as string[], { message: `取值必须是以下之一：${LOCATION_LEVELS.join('、')}` })
  level?: string;

  @IsOptional()
  @Matches(CODE_PATTERN, { message: '编码格式不正确' })
  departmentCode?: string;
}

export class LocationResponse {
  id!: string;
  code!: string;
  name!: string;
  level!: string;
  regionCode!: string | null;
  department!: { code: string; name: string } | null;
  parent!: { code: string; name: string } | null;
  address!: string | null;
  hours!: string | null;
  phone!: string | null;
  location!: { lat: number; lng: number } | null;
  windows!: string[];
}

/** One page of LocationResponses. */
export class LocationPage {
  total!: number;
  page!: number;
  limit!: number;
  items!: LocationResponse[];
}

export function toLocationResponse(l: ServiceLocation): LocationResponse {
  return {
    id: l.id,
    code: l.code,
    name: l.name,
    level: l.level,
    regionCode: l.regionCode,
    department: l.department ? { code: l.department.code, name: l.department.name } : null,
    parent: l.parent ? { code: l.parent.code, name: l.parent.name } : null,
    address: l.address,
    hours: l.hours,
    phone: l.phone,
    location: l.lat !== null && l.lng !== null ? { lat: l.lat, lng: l.lng } : null,
    windows: l.windows,
  };
}
