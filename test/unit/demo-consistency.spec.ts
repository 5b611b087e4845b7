import { ExchangeDocument } from '../../src/exchange/exchange.dto';
import { buildBeizhenDemo } from '../../seeds/beizhen';

/**
 * The demo city must not contradict itself where a citizen would notice: what an FAQ says versus the fields of
 * the same guide (copies, fees, visits, time limits), the window a matter sends people to versus the windows its
 * place and its department declare, and the phones a citizen is told to call.
 */

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const PHONE = /^(0416-\d{7}|12345)$/;

/** `二楼 人社窗口（25—28号）` → { stem: '人社窗口', numbers: [25, 26, 27, 28] }; a floor prefix is not part of the name. */
function parseWindow(text: string): { stem: string; numbers: number[] } {
  const bare = text.replace(/^(市政务服务中心)?[一二三四五]楼\s*/, '').trim();
  const stem = bare.replace(/（[^（）]*）$/, '');
  const range = bare.match(/（(\d+)(?:—(\d+))?号）$/);
  const numbers: number[] = [];
  if (range) for (let n = Number(range[1]); n <= Number(range[2] ?? range[1]); n++) numbers.push(n);
  return { stem, numbers };
}

/** The windows a department declares at the centre and its sub-centres (`centreWindows`, free text). */
function declaredWindows(text: string | undefined): { stem: string; numbers: number[] }[] {
  return (text ?? '').split(/[；，、]/).map((part) => parseWindow(part.replace(/^(市政务服务中心|[^（]*?分中心)/, '')));
}

describe('北镇市 demo data is consistent', () => {
  let doc: ExchangeDocument;
  beforeAll(() => {
    doc = buildBeizhenDemo();
  });

  it('parses windows as the checks below need', () => {
    expect(parseWindow('二楼 人社窗口（25—28号）')).toEqual({ stem: '人社窗口', numbers: [25, 26, 27, 28] });
    expect(parseWindow('社保窗口（6号）')).toEqual({ stem: '社保窗口', numbers: [6] });
    expect(parseWindow('婚姻登记处（二楼东侧）')).toEqual({ stem: '婚姻登记处', numbers: [] });
  });

  it('FAQs give the numbers of copies the materials list gives', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const m of doc.matters) {
      for (const faq of m.faqs ?? []) {
        for (const [said, count, what] of faq.answer.matchAll(/(\d+|[一二两三四五六七八九十])\s*[张份]([^，。；、（）]+)/g)) {
          const material = (m.materials ?? []).find((x) => what.includes(x.name));
          if (!material) continue;
          checked++;
          const n = CHINESE_DIGITS[count] ?? Number(count);
          if (material.copies !== n) problems.push(`${m.name}: FAQ “${said}” but ${material.name} copies ${material.copies}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('FAQs agree with the fee, visit and time-limit fields', () => {
    const problems: string[] = [];
    for (const m of doc.matters) {
      for (const { question, answer } of m.faqs ?? []) {
        if (/不收费|免费办理|免收/.test(answer) && m.charged) problems.push(`${m.name}: “${question}” says free, but charged`);
        if (/^收费/.test(answer) && !m.charged) problems.push(`${m.name}: “${question}” says charged, but not`);
        const visits = answer.match(/需要到现场(\d+)次/);
        if (visits && Number(visits[1]) !== m.onSiteVisits) problems.push(`${m.name}: ${visits[0]} but onSiteVisits ${m.onSiteVisits}`);
        if (/需要到现场吗/.test(question) && /^不需要/.test(answer) && m.onSiteVisits !== 0)
          problems.push(`${m.name}: no visit said, ${m.onSiteVisits} recorded`);
        const promised = answer.match(/承诺(\d+)个/);
        if (promised && Number(promised[1]) !== m.promisedLimit?.value) problems.push(`${m.name}: ${promised[0]} vs promisedLimit ${m.promisedLimit?.value}`);
        const legal = answer.match(/法定办结时限为?(\d+)个/);
        if (legal && Number(legal[1]) !== m.legalLimit?.value) problems.push(`${m.name}: ${legal[0]} vs legalLimit ${m.legalLimit?.value}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every matter is handled at a place where its department serves, at a window both declare', () => {
    const places = new Map(doc.locations.map((l) => [l.code, l]));
    const departments = new Map(doc.departments.map((d) => [d.code, d]));
    const problems: string[] = [];
    for (const m of doc.matters) {
      const department = departments.get(m.departmentCode)!;
      for (const at of m.locations ?? []) {
        const place = places.get(at.locationCode);
        if (!place) {
          problems.push(`${m.name}: unknown place ${at.locationCode}`);
          continue;
        }
        const placeName = place.name.replace(/^北镇市/, '');
        if (place.departmentCode !== department.code && !(department.centreWindows ?? '').includes(placeName)) {
          problems.push(`${m.name}: ${department.name} does not serve at ${place.name}`);
        }
        const window = parseWindow(at.window ?? '');
        const offered = (place.windows ?? []).map(parseWindow).filter((w) => w.stem === window.stem);
        if (!offered.some((w) => window.numbers.every((n) => w.numbers.includes(n)))) {
          problems.push(`${m.name}: window ${at.window} is not among ${place.name}'s windows`);
        }
        // At a sub-centre of its own (车驾管, 出入境, 不动产) the place's windows are the department's.
        if (place.departmentCode !== department.code) {
          const declared = declaredWindows(department.centreWindows).filter((w) => w.stem === window.stem);
          if (!declared.some((w) => window.numbers.every((n) => w.numbers.includes(n)))) {
            problems.push(`${m.name}: window ${at.window} is not among ${department.name}'s windows (${department.centreWindows})`);
          }
        }
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  it('no window number of a place belongs to two windows', () => {
    const problems: string[] = [];
    for (const place of doc.locations) {
      const owner = new Map<number, string>();
      for (const w of (place.windows ?? []).map(parseWindow)) {
        for (const n of w.numbers) {
          if (owner.has(n) && owner.get(n) !== w.stem) problems.push(`${place.name}: ${n}号 is both ${owner.get(n)} and ${w.stem}`);
          owner.set(n, w.stem);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every matter a consultation and a complaint phone, and every place and department a phone', () => {
    const problems: string[] = [];
    for (const m of doc.matters) {
      if (!PHONE.test(m.consult?.phone ?? '')) problems.push(`${m.name}: consult phone ${m.consult?.phone}`);
      if (!PHONE.test(m.complaint?.phone ?? '')) problems.push(`${m.name}: complaint phone ${m.complaint?.phone}`);
      for (const at of m.locations ?? []) if (!PHONE.test(at.phone ?? '')) problems.push(`${m.name}: window phone ${at.phone}`);
    }
    for (const place of doc.locations) if (!place.phone) problems.push(`${place.name}: no phone`);
    for (const d of doc.departments) if (!d.phone) problems.push(`${d.name}: no phone`);
    expect(problems).toEqual([]);
  });
});
