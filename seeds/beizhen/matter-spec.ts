import { FeeKey, LawKey } from './laws';
import { LocKey } from './locations';

/**
 * The compact table format the matter tables are written in. A department's matters are groups of items; an item
 * inherits every field it does not set from its group. Materials are written as short strings:
 *   '?名称|何种情形需要'  非必要材料          '~名称'  容缺后补材料
 *   '$id' '$hkb' '$yyzz' '$fr' '$wts' '$sqb' …  common materials (see MATERIAL_MACROS in materials.ts)
 */
export type Flow = 'permit' | 'confirm' | 'benefit' | 'pay' | 'service' | 'instant' | 'record' | 'levy' | 'ruling' | 'reward' | 'check';
/** full = 全程网办 (0 visits), acc = 网上受理 (1 visit), pre = 网上预审 (1 visit) */
export type Online = 'full' | 'acc' | 'pre';
/** [legal, promised] in 工作日; a third element 'd' puts the legal limit in 自然日; legal null = no legal limit */
export type Lim = readonly [number | null, number] | readonly [number | null, number, 'd'];
export type Scope = '全国' | '跨省' | '跨市' | '跨县' | '全省' | '全市' | '未实现';
export type ResultType = '许可证' | '执照' | '资格证' | '资质证' | '批准文件' | '证明文件' | '其他';
export type Special = '现场勘验' | '听证' | '专家评审' | '检验检测' | '公示' | '其他';
export type Near = 't' | 'v';

export interface Common {
  /** 事项类型 code */
  t?: string;
  /** service objects as a digit string, e.g. '1', '25', '12359' */
  obj?: string;
  pt?: string[];
  ct?: string[];
  st?: string[];
  law?: LawKey[];
  flow?: Flow;
  lim?: Lim;
  m?: string[];
  res?: string | readonly [ResultType, string];
  fee?: FeeKey;
  vis?: number;
  vr?: string;
  scope?: Scope;
  online?: Online;
  loc?: LocKey;
  win?: string;
  cond?: string;
  sp?: Special[];
  jo?: string[];
  im?: string;
  ql?: string;
  faq?: (readonly [string, string])[];
  express?: boolean;
}

export interface ItemSpec extends Common {
  n: string;
  /** a 业务办理项 of this main item (consecutive items with the same main share one 基本编码) */
  main?: string;
  /** expand into 业务办理项 named `n（case）` */
  c?: string[];
  kw?: string[];
  near?: Near;
  /** replace the group's materials instead of adding to them */
  mo?: string[];
}

export interface GroupSpec extends Common {
  office: string;
  items: (ItemSpec | string)[];
}

export interface DeptMatters {
  dept: string;
  /** two-digit business-department segment of the 基本编码 */
  biz: string;
  groups: GroupSpec[];
}
