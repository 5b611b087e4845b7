import { ExchangeLocationDto } from '../../src/exchange/exchange.dto';
import { CENTRE_ADDRESS, DeptInfo } from './departments';
import { TOWNSHIPS, villages } from './places';
import { Prng } from './prng';

export const HOURS_CENTRE = '周一至周五 8:30-11:30，13:30-17:00（法定节假日除外；周六 9:00-12:00 延时服务）';
export const HOURS_TOWNSHIP = '周一至周五 8:30-11:30，13:30-16:30（法定节假日除外）';
export const HOURS_VILLAGE = '周一至周五 8:30-11:30，13:30-16:00；农忙季节可预约上门代办';

export type LocKey = 'zx' | 'bdc' | 'sb' | 'cjg' | 'crj';

export const LOCATION_CODES: Record<LocKey, string> = {
  zx: 'BZ-ZWZX',
  bdc: 'BZ-FZX-BDC',
  sb: 'BZ-FZX-SBYB',
  cjg: 'BZ-FZX-CJG',
  crj: 'BZ-FZX-CRJ',
};

export const townshipPointCode = (code9: string): string => `BZ-BMZX-${code9}`;
export const villagePointCode = (code12: string): string => `BZ-DBD-${code12}`;

export interface BuiltLocations {
  records: ExchangeLocationDto[];
  townshipPoints: string[];
  villagePoints: string[];
  address: Record<LocKey, string>;
  phone: Record<LocKey, string>;
}

const FLOORS = ['一楼', '二楼', '三楼'];

/** `三楼 工程建设项目审批窗口（37—40号）` covers `三楼 工程建设项目审批窗口（40号）`. */
function covers(window: string, other: string): boolean {
  const parse = (w: string) => {
    const [, stem, from, to] = w.match(/^(.*?)(?:（(\d+)(?:—(\d+))?号）)?$/)!;
    return { stem, from: Number(from ?? 0), to: Number(to ?? from ?? 0) };
  };
  const a = parse(window);
  const b = parse(other);
  return a.stem === b.stem && a.from <= b.from && b.to <= a.to;
}

/**
 * The centre's windows: its own, plus every window an in-centre department declares at the centre (DeptSpec.windows,
 * e.g. `市政务服务中心一楼企业开办专区（5—12号）、食品药品许可窗口（13—14号）`), so that the two never disagree.
 * A segment naming a sub-centre (…分中心…) is not at the centre; a segment without a place continues the previous one.
 */
function centreWindows(depts: Map<string, DeptInfo>): string[] {
  const windows = ['一楼 综合受理窗口（无差别受理）', '一楼 帮办代办窗口', '一楼 “办不成事”反映窗口'];
  for (const { spec } of depts.values()) {
    let atCentre = false;
    let floor = '';
    for (const part of (spec.windows ?? '').split(/[；，、]/)) {
      if (part.startsWith('市政务服务中心')) {
        atCentre = true;
        floor = part.match(/^市政务服务中心([一二三]楼)/)?.[1] ?? floor;
      } else if (part.includes('分中心')) {
        atCentre = false;
      }
      const name = part.replace(/^市政务服务中心([一二三]楼)?/, '');
      // A department sharing another's window (人防办 at 工程建设项目审批窗口 40号) adds nothing.
      if (atCentre && name && !windows.some((w) => covers(w, `${floor} ${name}`))) windows.push(`${floor} ${name}`);
    }
  }
  const first = (w: string) => Number(w.match(/（(\d+)/)?.[1] ?? 0);
  return windows.sort((a, b) => FLOORS.indexOf(a.slice(0, 2)) - FLOORS.indexOf(b.slice(0, 2)) || first(a) - first(b));
}

export function buildLocations(depts: Map<string, DeptInfo>): BuiltLocations {
  const rng = new Prng('beizhen-locations');
  const dept = (key: string): DeptInfo => {
    const x = depts.get(key);
    if (!x) throw new Error(`unknown department ${key}`);
    return x;
  };
  const centreCode = LOCATION_CODES.zx;
  const address: Record<LocKey, string> = {
    zx: CENTRE_ADDRESS,
    bdc: '北镇市北镇街道闾山路 66 号（不动产登记分中心）',
    sb: '北镇市北镇街道解放路 118 号（社会保险和医疗保障服务大厅）',
    cjg: '北镇市北镇街道迎宾路 201 号（公安交通管理车驾管服务大厅）',
    crj: '北镇市北镇街道中央大街 52 号（公安出入境接待大厅）',
  };
  const phone: Record<LocKey, string> = {
    zx: dept('zwzx').phone,
    bdc: dept('bdc').phone,
    sb: dept('sb').phone,
    cjg: `0416-66${rng.digits(5)}`,
    crj: `0416-66${rng.digits(5)}`,
  };
  const records: ExchangeLocationDto[] = [
    {
      code: centreCode,
      name: '北镇市政务服务中心',
      level: '市政务服务中心',
      regionCode: '210782',
      departmentCode: dept('zwzx').code,
      address: address.zx,
      hours: HOURS_CENTRE,
      phone: phone.zx,
      lat: 41.5958,
      lng: 121.7936,
      windows: centreWindows(depts),
      status: 'published',
    },
    {
      code: LOCATION_CODES.bdc,
      name: '北镇市不动产登记分中心',
      level: '分中心',
      regionCode: '210782',
      departmentCode: dept('bdc').code,
      parentCode: centreCode,
      address: address.bdc,
      hours: HOURS_CENTRE,
      phone: phone.bdc,
      lat: 41.5987,
      lng: 121.7862,
      windows: ['一楼 综合受理窗口（1—10号）', '一楼 税费缴纳窗口', '一楼 发证窗口', '二楼 档案查询窗口'],
      status: 'published',
    },
    {
      code: LOCATION_CODES.sb,
      name: '北镇市社会保险和医疗保障分中心',
      level: '分中心',
      regionCode: '210782',
      departmentCode: dept('sb').code,
      parentCode: centreCode,
      address: address.sb,
      hours: HOURS_CENTRE,
      phone: phone.sb,
      lat: 41.5932,
      lng: 121.7975,
      windows: ['一楼 社保窗口（1—8号）', '二楼 医保窗口（9—14号）', '一楼 社会保障卡服务窗口'],
      status: 'published',
    },
    {
      code: LOCATION_CODES.cjg,
      name: '北镇市公安车驾管分中心',
      level: '分中心',
      regionCode: '210782',
      departmentCode: dept('ga').code,
      parentCode: centreCode,
      address: address.cjg,
      hours: HOURS_CENTRE,
      phone: phone.cjg,
      lat: 41.5891,
      lng: 121.8093,
      windows: ['机动车登记窗口', '驾驶证业务窗口', '机动车查验区'],
      status: 'published',
    },
    {
      code: LOCATION_CODES.crj,
      name: '北镇市公安出入境接待分中心',
      level: '分中心',
      regionCode: '210782',
      departmentCode: dept('ga').code,
      parentCode: centreCode,
      address: address.crj,
      hours: HOURS_CENTRE,
      phone: phone.crj,
      lat: 41.5969,
      lng: 121.7901,
      windows: ['出入境受理窗口（1—2号）', '自助签注区', '证件领取窗口'],
      status: 'published',
    },
  ];

  const townshipPoints: string[] = [];
  for (const t of TOWNSHIPS) {
    const gov = dept(`t${t.code9}`);
    const code = townshipPointCode(t.code9);
    townshipPoints.push(code);
    records.push({
      code,
      name: `北镇市${t.name}便民服务中心`,
      level: '乡镇(街道)便民服务中心',
      regionCode: `${t.code9}000`,
      departmentCode: gov.code,
      parentCode: centreCode,
      address: gov.address,
      hours: HOURS_TOWNSHIP,
      phone: gov.phone,
      lat: t.lat,
      lng: t.lng,
      windows: ['综合受理窗口', '社会保障和民政服务窗口', '退役军人服务站窗口', '农业农村服务窗口'],
      status: 'published',
    });
  }

  const villagePoints: string[] = [];
  for (const v of villages()) {
    const unit = depts.get(`v${v.code12}`);
    const code = villagePointCode(v.code12);
    villagePoints.push(code);
    records.push({
      code,
      name: `北镇市${v.township.name}${v.name}代办点`,
      level: '村(社区)代办点',
      regionCode: v.code12,
      departmentCode: (unit ?? dept(`t${v.township.code9}`)).code,
      parentCode: townshipPointCode(v.township.code9),
      address: `北镇市${v.township.name}${v.name}${v.isCommunity ? '社区服务站' : '村部'}`,
      hours: HOURS_VILLAGE,
      phone: unit?.phone ?? `0416-6${rng.digits(6)}`,
      lat: v.lat,
      lng: v.lng,
      windows: [v.isCommunity ? '社区便民服务窗口' : '村级代办员工位'],
      status: 'published',
    });
  }
  return { records, townshipPoints, villagePoints, address, phone };
}
