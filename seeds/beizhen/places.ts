/**
 * 北镇市 townships and the villages/communities that host a 代办点.
 *
 * The 19 townships and subdistricts follow the current division of 北镇市 as published in public gazetteers
 * (5 街道, 11 镇, 3 乡; 沟帮子 and 广宁/富屯 were converted from 镇/乡 to 街道). The 12-digit codes follow the national
 * statistical scheme (街道 0xx, 镇 1xx, 乡 2xx) but only 大市镇 (210782101) is known to match; the others, the street
 * names and the coordinates (approximate township seats) are plausible demo values.
 */
export interface Township {
  code9: string;
  name: string;
  kind: '街道' | '镇' | '乡';
  lat: number;
  lng: number;
  street: string;
  /** villages / communities with a 代办点, the first being the seat */
  villages: string[];
}

export const TOWNSHIPS: readonly Township[] = [
  { code9: '210782001', name: '北镇街道', kind: '街道', lat: 41.5961, lng: 121.7928, street: '广宁大街', villages: ['鼓楼社区', '北关社区'] },
  { code9: '210782002', name: '富屯街道', kind: '街道', lat: 41.6405, lng: 121.7352, street: '富屯路', villages: ['富屯村'] },
  { code9: '210782003', name: '广宁街道', kind: '街道', lat: 41.6118, lng: 121.8136, street: '兴北路', villages: ['广宁社区'] },
  { code9: '210782004', name: '沟帮子街道', kind: '街道', lat: 41.3652, lng: 121.7874, street: '站前路', villages: ['站前社区', '沟帮子村'] },
  { code9: '210782005', name: '沙子河街道', kind: '街道', lat: 41.5748, lng: 121.8402, street: '沙河路', villages: ['沙子河村'] },
  { code9: '210782101', name: '大市镇', kind: '镇', lat: 41.7452, lng: 121.6903, street: '政府街', villages: ['大一村', '大东沟村'] },
  { code9: '210782102', name: '罗罗堡镇', kind: '镇', lat: 41.7051, lng: 121.8352, street: '中心街', villages: ['罗罗堡村'] },
  { code9: '210782103', name: '常兴店镇', kind: '镇', lat: 41.5553, lng: 121.7004, street: '青岩路', villages: ['常兴店村'] },
  { code9: '210782104', name: '正安镇', kind: '镇', lat: 41.6652, lng: 121.8803, street: '政府街', villages: ['正安村'] },
  { code9: '210782105', name: '闾阳镇', kind: '镇', lat: 41.4603, lng: 121.6352, street: '闾阳大街', villages: ['闾阳村'] },
  { code9: '210782106', name: '中安镇', kind: '镇', lat: 41.4802, lng: 121.7905, street: '中安街', villages: ['中安村'] },
  { code9: '210782107', name: '廖屯镇', kind: '镇', lat: 41.5451, lng: 121.9053, street: '政府街', villages: ['廖屯村'] },
  { code9: '210782108', name: '赵屯镇', kind: '镇', lat: 41.4152, lng: 121.9301, street: '中心街', villages: ['赵屯村'] },
  { code9: '210782109', name: '青堆子镇', kind: '镇', lat: 41.6152, lng: 122.0102, street: '政府街', villages: ['青堆子村'] },
  { code9: '210782110', name: '高山子镇', kind: '镇', lat: 41.3302, lng: 121.8752, street: '站前街', villages: ['高山子村', '赵家村'] },
  { code9: '210782111', name: '吴家镇', kind: '镇', lat: 41.5203, lng: 121.9801, street: '政府街', villages: ['吴家村'] },
  { code9: '210782201', name: '鲍家乡', kind: '乡', lat: 41.6402, lng: 121.6651, street: '政府街', villages: ['鲍家村'] },
  { code9: '210782202', name: '大屯乡', kind: '乡', lat: 41.5052, lng: 121.7253, street: '中心街', villages: ['大屯村'] },
  { code9: '210782203', name: '柳家乡', kind: '乡', lat: 41.7003, lng: 121.7652, street: '政府街', villages: ['柳家村'] },
];

export interface Village {
  /** 12-digit code: township code + 居委会 0xx / 村委会 2xx */
  code12: string;
  name: string;
  township: Township;
  isCommunity: boolean;
  lat: number;
  lng: number;
}

export function villages(): Village[] {
  const out: Village[] = [];
  for (const t of TOWNSHIPS) {
    let community = 0;
    let village = 0;
    t.villages.forEach((name, i) => {
      const isCommunity = name.endsWith('社区');
      const seq = isCommunity ? ++community : 200 + ++village;
      out.push({
        code12: `${t.code9}${String(seq).padStart(3, '0')}`,
        name,
        township: t,
        isCommunity,
        // seats sit next to the township office; other villages a few kilometres away
        lat: round(t.lat + (i === 0 ? 0.004 : 0.021 * (i % 2 ? 1 : -1))),
        lng: round(t.lng + (i === 0 ? -0.003 : 0.026)),
      });
    });
  }
  return out;
}

export function townshipGovernmentName(t: Township): string {
  return t.kind === '街道' ? `北镇市${t.name}办事处` : `北镇市${t.name}人民政府`;
}

function round(n: number): number {
  return Math.round(n * 10000) / 10000;
}

/** Streets of the urban area used for office addresses (plausible demo values). */
export const CITY_STREETS = [
  '广宁大街',
  '府前路',
  '中央大街',
  '鼓楼东街',
  '鼓楼西街',
  '解放路',
  '文化路',
  '新民路',
  '迎宾路',
  '双塔路',
  '闾山路',
  '兴北路',
  '建设路',
] as const;
