import { Prng } from './prng';

/**
 * 统一社会信用代码 (GB 32100—2015): 1 登记管理部门 + 1 机构类别 + 6 行政区划 + 9 组织机构代码 (GB 11714, with its
 * own check character) + 1 校验码. The demo codes are generated but carry correct check characters, so they look and
 * validate like real ones. They do not belong to the real units.
 */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** 登记管理部门 + 机构类别: 11 机关, 12 事业单位, 13 群团, 91 企业, 54 基层群众性自治组织. */
export type UsccPrefix = '11' | '12' | '13' | '91' | '54';

export function organisationCode(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i], 36) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return body8 + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

export function usccCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]) * USCC_WEIGHTS[i];
  const c = (31 - (sum % 31)) % 31;
  return USCC_CHARS[c];
}

export function makeUscc(prefix: UsccPrefix, division: string, rng: Prng): string {
  // 机关 and 事业单位 organisation codes in Liaoning mostly start with 0 or 1; enterprises' are broader.
  const lead = prefix === '91' ? '7' + String(rng.int(0, 9)) : prefix === '54' ? 'ME' : '0' + String(rng.int(0, 1));
  const body = lead + rng.digits(6);
  const first17 = prefix + division + organisationCode(body);
  return first17 + usccCheck(first17);
}
