import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import {
  ExchangeBundleDto,
  ExchangeDepartmentDto,
  ExchangeDocument,
  ExchangeDocumentHeaderDto,
  ExchangeGuideDto,
  ExchangeLocationDto,
  ExchangeMatterDto,
} from '../../src/exchange/exchange.dto';
import { CORPORATE_OBJECTS, GUIDE_LISTS } from '../../src/code-lists/code-lists';
import { flattenValidationErrors } from '../../src/common/validation';
import { buildBeizhenDemo } from '../../seeds/beizhen';

type Ctor = new () => object;

function problems<R extends object>(cls: Ctor, records: readonly R[], label: (r: R) => string): string[] {
  const out: string[] = [];
  for (const rec of records) {
    const errors: ValidationError[] = validateSync(plainToInstance(cls, rec), { whitelist: true, forbidNonWhitelisted: true });
    for (const p of flattenValidationErrors(errors)) out.push(`${label(rec)} ${p.field}: ${p.message}`);
  }
  return out;
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

describe('北镇市 demo seed', () => {
  let doc: ExchangeDocument;

  beforeAll(() => {
    doc = buildBeizhenDemo();
  });

  describe('published figures', () => {
    it('has 128 departments and units', () => {
      expect(doc.departments).toHaveLength(128);
    });

    it('has 968 published matters of exactly 32 in-centre departments', () => {
      expect(doc.matters).toHaveLength(968);
      expect(doc.matters.every((m) => m.status === 'published')).toBe(true);
      const withMatters = new Set(doc.matters.map((m) => m.departmentCode));
      expect(withMatters.size).toBe(32);
      const byCode = new Map(doc.departments.map((d) => [d.code, d]));
      for (const code of withMatters) expect(byCode.get(code)?.inCentre).toBe(true);
      expect(
        doc.departments
          .filter((d) => d.inCentre)
          .map((d) => d.code)
          .sort(),
      ).toEqual([...withMatters].sort());
    });

    it('has 186 nearby matters across exactly 14 departments', () => {
      const nearby = doc.matters.filter((m) => m.nearby);
      expect(nearby).toHaveLength(186);
      expect(new Set(nearby.map((m) => m.departmentCode)).size).toBe(14);
      for (const m of nearby) expect(m.nearbyLocationCodes?.length).toBeGreaterThan(0);
      for (const m of doc.matters.filter((x) => !x.nearby)) expect(m.nearbyLocationCodes ?? []).toHaveLength(0);
    });

    it('has 1528 guide entries compiled by all 128 units', () => {
      expect(doc.guides).toHaveLength(1528);
      expect(new Set(doc.guides.map((g) => g.departmentCode)).size).toBe(128);
      const lists = new Set(doc.guides.map((g) => g.list));
      expect([...lists].sort()).toEqual(Object.keys(GUIDE_LISTS).sort());
    });

    it('has at least ten “一件事” bundles', () => {
      expect(doc.bundles.length).toBeGreaterThanOrEqual(10);
      for (const b of doc.bundles) expect(b.matterCodes!.length).toBeGreaterThanOrEqual(2);
    });

    it('describes the region and the format', () => {
      expect(doc.format).toBe('banshi-exchange');
      expect(doc.version).toBe(1);
      expect(doc.region).toEqual({ code: '210782', name: '辽宁省锦州市北镇市' });
      expect(doc.source).toMatch(/演示/);
    });

    it('has every township and subdistrict as a unit with its own 便民服务中心', () => {
      const townships = doc.departments.filter((d) => d.kind === '乡镇街道');
      expect(townships.length).toBeGreaterThanOrEqual(15);
      for (const t of townships) {
        expect(t.regionCode).toMatch(/^210782\d{3}000$/);
        expect(doc.locations.some((l) => l.level === '乡镇(街道)便民服务中心' && l.departmentCode === t.code)).toBe(true);
      }
      expect(doc.locations.filter((l) => l.level === '市政务服务中心')).toHaveLength(1);
      expect(doc.locations.filter((l) => l.level === '分中心').length).toBeGreaterThanOrEqual(3);
      expect(doc.locations.filter((l) => l.level === '村(社区)代办点').length).toBeGreaterThanOrEqual(10);
    });
  });

  describe('uniqueness', () => {
    it('has unique codes per record kind', () => {
      expect(duplicates(doc.departments.map((d) => d.code))).toEqual([]);
      expect(duplicates(doc.locations.map((l) => l.code))).toEqual([]);
      expect(duplicates(doc.matters.map((m) => m.code))).toEqual([]);
      expect(duplicates(doc.guides.map((g) => g.code))).toEqual([]);
      expect(duplicates(doc.bundles.map((b) => b.code))).toEqual([]);
    });

    it('has unique matter names, department names and USCCs', () => {
      expect(duplicates(doc.matters.map((m) => m.name))).toEqual([]);
      expect(duplicates(doc.departments.map((d) => d.name))).toEqual([]);
      expect(duplicates(doc.departments.map((d) => d.uscc!))).toEqual([]);
    });

    it('has unique guide titles within each department', () => {
      const keys = doc.guides.map((g) => `${g.departmentCode}|${g.title}`);
      expect(duplicates(keys)).toEqual([]);
    });
  });

  describe('referential integrity', () => {
    it('resolves every reference', () => {
      const depts = new Set(doc.departments.map((d) => d.code));
      const locs = new Map(doc.locations.map((l) => [l.code, l]));
      const matters = new Set(doc.matters.map((m) => m.code));
      const bad: string[] = [];
      for (const d of doc.departments) if (d.parentCode && !depts.has(d.parentCode)) bad.push(`department ${d.code} parent ${d.parentCode}`);
      for (const l of doc.locations) {
        if (l.departmentCode && !depts.has(l.departmentCode)) bad.push(`location ${l.code} department ${l.departmentCode}`);
        if (l.parentCode && !locs.has(l.parentCode)) bad.push(`location ${l.code} parent ${l.parentCode}`);
      }
      for (const m of doc.matters) {
        if (!depts.has(m.departmentCode)) bad.push(`matter ${m.code} department`);
        for (const l of m.locations ?? []) if (!locs.has(l.locationCode)) bad.push(`matter ${m.code} location ${l.locationCode}`);
        for (const c of m.nearbyLocationCodes ?? []) {
          const l = locs.get(c);
          if (!l) bad.push(`matter ${m.code} nearby ${c}`);
          else if (l.level !== '乡镇(街道)便民服务中心' && l.level !== '村(社区)代办点') bad.push(`matter ${m.code} nearby ${c} is ${l.level}`);
        }
      }
      for (const g of doc.guides) {
        if (!depts.has(g.departmentCode)) bad.push(`guide ${g.code} department`);
        if (g.matterCode && !matters.has(g.matterCode)) bad.push(`guide ${g.code} matter ${g.matterCode}`);
      }
      for (const b of doc.bundles) {
        if (b.departmentCode && !depts.has(b.departmentCode)) bad.push(`bundle ${b.code} department`);
        for (const c of b.matterCodes ?? []) if (!matters.has(c)) bad.push(`bundle ${b.code} matter ${c}`);
      }
      expect(bad).toEqual([]);
    });

    it('links township points to their township and in-centre guide entries to their own matters', () => {
      const deptByCode = new Map(doc.departments.map((d) => [d.code, d]));
      for (const l of doc.locations.filter((x) => x.level === '乡镇(街道)便民服务中心')) {
        expect(deptByCode.get(l.departmentCode!)?.kind).toBe('乡镇街道');
      }
      const matterDept = new Map(doc.matters.map((m) => [m.code, m.departmentCode]));
      const inCentreGuides = doc.guides.filter((g) => deptByCode.get(g.departmentCode)!.inCentre);
      expect(inCentreGuides.length).toBeGreaterThan(0);
      for (const g of inCentreGuides) {
        expect(g.matterCode).toBeDefined();
        expect(matterDept.get(g.matterCode!)).toBe(g.departmentCode);
      }
    });
  });

  it('is deterministic', () => {
    expect(buildBeizhenDemo()).toEqual(doc);
  });

  describe('class-validator', () => {
    it('accepts the document header', () => {
      expect(problems(ExchangeDocumentHeaderDto, [doc], () => 'document')).toEqual([]);
    });
    it('accepts every department', () => {
      expect(problems(ExchangeDepartmentDto, doc.departments, (r) => r.code)).toEqual([]);
    });
    it('accepts every location', () => {
      expect(problems(ExchangeLocationDto, doc.locations, (r) => r.code)).toEqual([]);
    });
    it('accepts every matter', () => {
      expect(problems(ExchangeMatterDto, doc.matters, (r) => r.code)).toEqual([]);
    });
    it('accepts every guide entry', () => {
      expect(problems(ExchangeGuideDto, doc.guides, (r) => r.code)).toEqual([]);
    });
    it('accepts every bundle', () => {
      expect(problems(ExchangeBundleDto, doc.bundles, (r) => r.code)).toEqual([]);
    });
  });

  describe('departments', () => {
    it('carry national-shaped codes, Beizhen phones and addresses', () => {
      for (const d of doc.departments) {
        expect(d.code).toMatch(/^[0-9A-Za-z-]{1,64}$/);
        expect(d.uscc).toMatch(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/);
        expect(d.uscc!.slice(2, 8)).toBe('210782');
        expect(d.regionCode!.startsWith('210782')).toBe(true);
        expect(d.phone).toMatch(/^(0416-\d{7}|\d{5})$/);
        expect(d.complaintPhone).toMatch(/^0416-\d{7}$/);
        expect(d.complaintPhone).not.toBe(d.phone);
        expect(d.address).toMatch(/^北镇市/);
        if (d.kind === '政府工作部门' || d.kind === '乡镇街道') expect(d.uscc!.startsWith('11210782')).toBe(true);
      }
    });
  });

  describe('matter cross-field rules', () => {
    it('satisfy every importer rule', () => {
      const bad: string[] = [];
      const check = (m: ExchangeMatterDto, ok: boolean, rule: string) => {
        if (!ok) bad.push(`${m.name}: ${rule}`);
      };
      for (const m of doc.matters) {
        check(m, !m.charged || (m.fees!.length > 0 && m.fees!.every((f) => Boolean(f.basis))), 'charged needs fees with a basis');
        check(m, m.charged || (m.fees ?? []).length === 0, 'free matters have no fees');
        check(m, m.onSiteVisits! === 0 || Boolean(m.onSiteReason), 'visits need a reason');
        check(m, (m.promisedLimit!.value === 0) === (m.caseType === '1'), 'promised 0 ⇔ 即办件');
        const legal = m.legalLimit!;
        const promised = m.promisedLimit!;
        check(m, legal.value == null || legal.unit !== promised.unit || promised.value! <= legal.value, 'promised ≤ legal');
        check(m, legal.value != null || Boolean(legal.note), 'no legal limit needs a note');
        check(m, m.consult!.phone !== m.complaint!.phone, 'consult phone ≠ complaint phone');
        check(m, !(m.personalThemes ?? []).length || m.serviceObjects!.includes('1'), 'personal themes need 自然人');
        check(m, !(m.corporateThemes ?? []).length || m.serviceObjects!.some((o) => CORPORATE_OBJECTS.includes(o)), 'corporate themes need a legal person');
        check(m, !m.effectiveTo || m.effectiveFrom! <= m.effectiveTo, 'effectiveFrom ≤ effectiveTo');
        check(m, m.onSiteVisits! > 0 || m.handlingForms!.some((f) => f === '2' || f === '3' || f === '4'), '0 visits needs online or postal handling');
      }
      expect(bad).toEqual([]);
    });

    it('carry complete guide fields', () => {
      const bad: string[] = [];
      for (const m of doc.matters) {
        const missing = [
          'matterType',
          'baseCode',
          'exerciseLevels',
          'serviceObjects',
          'legalBasis',
          'conditions',
          'materials',
          'processDescription',
          'steps',
          'legalLimit',
          'promisedLimit',
          'caseType',
          'handlingForms',
          'onlineDepth',
          'onlineUrl',
          'locations',
          'consult',
          'complaint',
          'result',
          'crossRegionScope',
          'lifeStages',
          'keywords',
          'faqs',
          'redress',
        ].filter((k) => {
          const v = (m as unknown as Record<string, unknown>)[k];
          return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
        });
        if (typeof m.charged !== 'boolean') missing.push('charged');
        if (typeof m.onSiteVisits !== 'number') missing.push('onSiteVisits');
        if (!(m.personalThemes?.length || m.corporateThemes?.length)) missing.push('themes');
        if (m.serviceObjects!.includes('1') && !m.personalThemes?.length) missing.push('personalThemes');
        if (m.serviceObjects!.some((o) => CORPORATE_OBJECTS.includes(o)) && !m.corporateThemes?.length) missing.push('corporateThemes');
        if (missing.length) bad.push(`${m.name}: ${missing.join(', ')}`);
        for (const mat of m.materials!) {
          if (!mat.necessity || !mat.originality || !mat.medium || !mat.sourceChannel || mat.copies === undefined)
            bad.push(`${m.name}: material ${mat.name} incomplete`);
        }
      }
      expect(bad).toEqual([]);
    });

    it('give every 行政许可 at least one FAQ', () => {
      const permits = doc.matters.filter((m) => m.matterType === '01');
      expect(permits.length).toBeGreaterThan(100);
      for (const m of permits) expect(m.faqs!.length).toBeGreaterThan(0);
    });

    it('use the 实施编码 structure: USCC + level + 基本编码 (+ case)', () => {
      const uscc = new Map(doc.departments.map((d) => [d.code, d.uscc!]));
      for (const m of doc.matters) {
        expect(m.baseCode).toMatch(/^\d{12}$/);
        expect(m.baseCode!.slice(2, 4)).toBe(m.matterType);
        expect(m.code.startsWith(`${uscc.get(m.departmentCode)}4${m.baseCode}`)).toBe(true);
        expect([31, 33]).toContain(m.code.length);
        if (m.code.length === 33) expect(m.caseCode).toBe(m.code);
        expect(m.exerciseLevels).toEqual(['4']);
      }
    });

    it('mostly do not charge', () => {
      const charged = doc.matters.filter((m) => m.charged).length;
      expect(charged).toBeGreaterThan(0);
      expect(charged).toBeLessThan(doc.matters.length / 10);
    });

    it('place locations around 北镇', () => {
      for (const l of doc.locations) {
        expect(l.lat!).toBeGreaterThan(41.25);
        expect(l.lat!).toBeLessThan(41.9);
        expect(l.lng!).toBeGreaterThan(121.5);
        expect(l.lng!).toBeLessThan(122.15);
      }
    });
  });

  describe('guide entries', () => {
    it('fill the fields of their list', () => {
      const bad: string[] = [];
      for (const g of doc.guides) {
        if (!g.contact?.phone || !g.contact.window || !g.place || !g.hours || !g.qrUrl || !g.handbookPage) bad.push(`${g.code}: contact/place`);
        if (g.list !== 'prohibited' && !g.timeLimit) bad.push(`${g.code}: time limit`);
        if (!g.complaintChannels?.some((c) => c.phone === '12345')) bad.push(`${g.code}: 12345`);
        if (!g.complaintChannels?.some((c) => c.phone.startsWith('0416-'))) bad.push(`${g.code}: department supervision phone`);
        if (g.list === 'prohibited' && !g.prohibitedConduct?.length) bad.push(`${g.code}: prohibited conduct`);
        if (g.list === 'deferrable' && (!g.deferrableMaterials?.length || !g.commitment)) bad.push(`${g.code}: deferrable`);
        if (g.list !== 'prohibited' && (!g.materials?.length || !g.steps?.length || !g.conditions || !g.fees)) bad.push(`${g.code}: materials/steps`);
      }
      expect(bad).toEqual([]);
    });

    it('link deferrable entries of in-centre departments to matters that accept deferred materials', () => {
      const matters = new Map(doc.matters.map((m) => [m.code, m]));
      const deferrable = doc.guides.filter((g) => g.list === 'deferrable' && g.matterCode);
      expect(deferrable.length).toBeGreaterThan(20);
      for (const g of deferrable.filter((x) => matters.get(x.matterCode!)!.materials!.some((m) => m.necessity === '容缺后补'))) {
        const deferredNames = matters
          .get(g.matterCode!)!
          .materials!.filter((m) => m.necessity === '容缺后补')
          .map((m) => m.name);
        expect(deferredNames.length).toBeGreaterThan(0);
      }
    });
  });

  it('contains no placeholder text', () => {
    const text = JSON.stringify(doc);
    const hits = [...text.matchAll(/测试|lorem|todo|xxx|占位|示例文本/gi)].map((m) => text.slice(Math.max(0, m.index! - 30), m.index! + 20));
    expect(hits).toEqual([]);
  });
});
