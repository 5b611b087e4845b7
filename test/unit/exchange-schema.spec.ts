import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import 'reflect-metadata';
import { readFileSync } from 'fs';
import { join } from 'path';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import {
  ChannelDto,
  ComplaintChannelDto,
  ExchangeBundleDto,
  ExchangeDepartmentDto,
  ExchangeDocumentHeaderDto,
  ExchangeGuideDto,
  ExchangeLocationDto,
  ExchangeMatterDto,
  FaqDto,
  FeeDto,
  GuideContactDto,
  LegalBasisDto,
  MaterialDto,
  MatterLocationDto,
  RedressDto,
  RegionDto,
  ResultDto,
  SpecialProcedureDto,
  StepDto,
  TimeLimitDto,
} from '../../src/exchange/exchange.dto';
import { ALL_CODE_LISTS, CORPORATE_OBJECTS, PERSONAL_OBJECTS } from '../../src/code-lists/code-lists';
import { flattenValidationErrors } from '../../src/common/validation';

/**
 * docs/exchange.schema.json is maintained by hand; this spec fails when it and the DTOs in src/exchange/exchange.dto.ts
 * drift apart (property names, required fields, and every constraint the decorators enforce), when a property lacks a
 * bilingual description, and when the examples in docs/exchange-format.md stop being valid.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;
type Cls = new () => object;
type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

const ROOT = join(__dirname, '..', '..');
const DOCS = join(ROOT, 'docs');
const readJson = (file: string): Json => JSON.parse(readFileSync(file, 'utf8'));
const schema: Json = readJson(join(DOCS, 'exchange.schema.json'));

/** `$defs` name → DTO class. `Document` is the schema root. */
const DEFS: Record<string, Cls> = {
  Document: ExchangeDocumentHeaderDto,
  Region: RegionDto,
  Department: ExchangeDepartmentDto,
  Location: ExchangeLocationDto,
  Matter: ExchangeMatterDto,
  Guide: ExchangeGuideDto,
  Bundle: ExchangeBundleDto,
  LegalBasis: LegalBasisDto,
  TimeLimit: TimeLimitDto,
  Material: MaterialDto,
  Fee: FeeDto,
  Step: StepDto,
  SpecialProcedure: SpecialProcedureDto,
  MatterLocation: MatterLocationDto,
  Channel: ChannelDto,
  Result: ResultDto,
  Faq: FaqDto,
  Redress: RedressDto,
  GuideContact: GuideContactDto,
  ComplaintChannel: ComplaintChannelDto,
};
const DEF_OF_CLASS = new Map<Cls, string>(Object.entries(DEFS).map(([name, cls]) => [cls, name]));

/** The record arrays of the document header are `unknown[]` in the DTO: each record is validated on its own. */
const RECORD_ARRAYS: Record<string, { def: string; cls: Cls }> = {
  departments: { def: 'Department', cls: ExchangeDepartmentDto },
  locations: { def: 'Location', cls: ExchangeLocationDto },
  matters: { def: 'Matter', cls: ExchangeMatterDto },
  guides: { def: 'Guide', cls: ExchangeGuideDto },
  bundles: { def: 'Bundle', cls: ExchangeBundleDto },
};

const schemaOf = (def: string): Json => (def === 'Document' ? schema : schema.$defs[def]);

function metadataByProperty(cls: Cls): Map<string, ValidationMetadata[]> {
  const byProp = new Map<string, ValidationMetadata[]>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
    byProp.set(m.propertyName, [...(byProp.get(m.propertyName) ?? []), m]);
  }
  return byProp;
}

const isOptional = (ms: ValidationMetadata[]) => ms.some((m) => m.type === 'conditionalValidation' && m.name === 'isOptional');

/** The class a nested property is transformed into (class-transformer `@Type`), found through the public API. */
function nestedClass(cls: Cls, prop: string, array: boolean): Cls {
  const instance = plainToInstance(cls, { [prop]: array ? [{}] : {} }) as Record<string, any>;
  return (array ? instance[prop][0] : instance[prop]).constructor;
}

/** A comparable summary of what one property accepts. */
interface Shape {
  types: string[];
  nullable: boolean;
  ref?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: Shape;
}

function clean(shape: Shape): Shape {
  return Object.fromEntries(Object.entries(shape).filter(([, v]) => v !== undefined)) as Shape;
}

const sortValues = (values: unknown[]) => [...values].sort((a, b) => String(a).localeCompare(String(b)));

function shapeFromSchema(p: Json): Shape {
  if (p.anyOf) {
    const ref = p.anyOf.find((s: Json) => s.$ref)?.$ref;
    const nullable = p.anyOf.some((s: Json) => s.type === 'null');
    expect(p.anyOf).toHaveLength(ref && nullable ? 2 : 1);
    return { types: ['object'], nullable, ref: ref?.replace('#/$defs/', '') };
  }
  if (p.$ref) return { types: ['object'], nullable: false, ref: p.$ref.replace('#/$defs/', '') };
  const all: string[] = Array.isArray(p.type) ? p.type : [p.type];
  const nullable = all.includes('null');
  const values = p.enum ? p.enum.filter((v: unknown) => v !== null) : undefined;
  if (p.enum && nullable) expect(p.enum).toContain(null); // a nullable enum must list null, or null is rejected
  return clean({
    types: all.filter((t) => t !== 'null').sort(),
    nullable,
    enum: values ? sortValues(values) : undefined,
    const: p.const,
    pattern: p.pattern,
    format: p.format,
    minLength: p.minLength,
    maxLength: p.maxLength,
    minimum: p.minimum,
    maximum: p.maximum,
    maxItems: p.maxItems,
    uniqueItems: p.uniqueItems,
    items: p.items ? shapeFromSchema(p.items) : undefined,
  });
}

function shapeFromMetadata(def: string, cls: Cls, prop: string, ms: ValidationMetadata[]): Shape {
  const optional = isOptional(ms);
  const find = (name: string, each: boolean) => ms.find((m) => m.name === name && !!m.each === each);
  const scalar = (each: boolean, nullable: boolean): Shape => {
    let types: string[] = [];
    const s: Partial<Shape> = {};
    if (find('isString', each)) types = ['string'];
    if (find('isInt', each)) types = ['integer'];
    if (find('isNumber', each)) types = ['number'];
    if (find('isBoolean', each)) types = ['boolean'];
    if (find('isIso8601', each)) {
      types = ['string'];
      s.format = 'date';
      s.pattern = '^\\d{4}-\\d{2}-\\d{2}$';
    }
    const matches = find('matches', each);
    if (matches) {
      types = ['string'];
      s.pattern = (matches.constraints[0] as RegExp).source;
    }
    const isIn = find('isIn', each);
    if (isIn) {
      types = ['string'];
      s.enum = sortValues(isIn.constraints[0] as unknown[]);
    }
    const equals = find('equals', each);
    if (equals) {
      types = [typeof equals.constraints[0] === 'number' ? 'integer' : 'string'];
      s.const = equals.constraints[0];
    }
    s.maxLength = find('maxLength', each)?.constraints[0];
    s.minimum = find('min', each)?.constraints[0];
    s.maximum = find('max', each)?.constraints[0];
    // IsNotEmpty on a required plain string is minLength 1 (patterns and enums already exclude '')
    if (!each && find('isNotEmpty', false) && types[0] === 'string' && !s.pattern && !s.enum) s.minLength = 1;
    if (types.length === 0) throw new Error(`${def}.${prop}: no type decorator the spec knows; extend shapeFromMetadata`);
    return clean({ types, nullable, ...s });
  };

  const nested = ms.some((m) => m.type === 'nestedValidation');
  const isArray = !!find('isArray', false);
  if (nested) {
    const ref = DEF_OF_CLASS.get(nestedClass(cls, prop, isArray));
    if (!ref) throw new Error(`${def}.${prop}: nested class has no $defs entry in this spec`);
    if (!isArray) return { types: ['object'], nullable: optional, ref };
    return clean({
      types: ['array'],
      nullable: optional,
      maxItems: find('arrayMaxSize', false)?.constraints[0],
      items: { types: ['object'], nullable: false, ref },
    });
  }
  if (isArray) {
    return clean({
      types: ['array'],
      nullable: optional,
      maxItems: find('arrayMaxSize', false)?.constraints[0],
      uniqueItems: find('arrayUnique', false) ? true : undefined,
      items: def === 'Document' ? { types: ['object'], nullable: false, ref: RECORD_ARRAYS[prop].def } : scalar(true, false),
    });
  }
  return scalar(false, optional);
}

const CJK = /[\u4e00-\u9fff]/;

describe('docs/exchange.schema.json ↔ exchange DTOs', () => {
  it('is a draft 2020-12 schema whose $defs are exactly the DTO classes', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.$defs).sort()).toEqual(
      Object.keys(DEFS)
        .filter((d) => d !== 'Document')
        .sort(),
    );
  });

  describe.each(Object.entries(DEFS))('%s', (def, cls) => {
    const node = schemaOf(def);
    const metadata = metadataByProperty(cls);

    it('has the same property names as the DTO', () => {
      expect(Object.keys(node.properties).sort()).toEqual([...metadata.keys()].sort());
    });

    it('requires exactly the fields without @IsOptional', () => {
      const required = [...metadata].filter(([, ms]) => !isOptional(ms)).map(([p]) => p);
      expect([...(node.required ?? [])].sort()).toEqual(required.sort());
    });

    it('forbids unknown fields and describes itself in Chinese and English', () => {
      expect(node.type).toBe('object');
      expect(node.additionalProperties).toBe(false);
      expect(node.description).toMatch(CJK);
      expect(node.description).toContain(' / ');
    });

    it('mirrors every decorator constraint', () => {
      for (const [prop, ms] of metadata) {
        const p = node.properties[prop];
        if (!p) continue; // reported by the property-name test
        expect({ [`${def}.${prop}`]: shapeFromSchema(p) }).toEqual({
          [`${def}.${prop}`]: shapeFromMetadata(def, cls, prop, ms),
        });
      }
    });

    it('describes every property as "中文 / English" with an x-label-zh', () => {
      for (const [prop, p] of Object.entries<Json>(node.properties)) {
        const where = `${def}.${prop}`;
        expect({ where, zh: CJK.test(p.description ?? '') }).toEqual({ where, zh: true });
        expect({ where, bilingual: String(p.description).includes(' / ') }).toEqual({ where, bilingual: true });
        const [zh, en] = String(p.description).split(' / ');
        expect({ where, zh: CJK.test(zh), en: /[A-Za-z]/.test(en ?? '') }).toEqual({ where, zh: true, en: true });
        expect({ where, label: typeof p['x-label-zh'] === 'string' && CJK.test(p['x-label-zh']) }).toEqual({ where, label: true });
      }
    });

    it('lists every code (with its label) in the Chinese description', () => {
      for (const [prop, p] of Object.entries<Json>(node.properties)) {
        const zh = String(p.description).split(' / ')[0];
        const labels: Record<string, string> | undefined = p['x-code-labels'];
        const values: unknown[] = (p.enum ?? p.items?.enum ?? []).filter((v: unknown) => v !== null);
        for (const v of values) expect({ where: `${def}.${prop}`, listed: zh.includes(String(v)) }).toEqual({ where: `${def}.${prop}`, listed: true });
        for (const [code, label] of Object.entries(labels ?? {})) {
          expect({ where: `${def}.${prop}`, listed: zh.includes(`${code} ${label}`) }).toEqual({ where: `${def}.${prop}`, listed: true });
        }
      }
    });
  });

  it('x-code-labels agree with src/code-lists', () => {
    const lists: Record<string, Record<string, string>> = {};
    for (const list of Object.values(ALL_CODE_LISTS))
      if (!Array.isArray(list)) lists[JSON.stringify(sortValues(Object.keys(list)))] = list as Record<string, string>;
    let seen = 0;
    for (const def of Object.keys(DEFS)) {
      for (const [prop, p] of Object.entries<Json>(schemaOf(def).properties)) {
        const labels = p['x-code-labels'];
        if (!labels) continue;
        seen++;
        if (def === 'Matter' && prop === 'matterType') {
          expect(labels).toEqual(ALL_CODE_LISTS.matterTypes);
          continue;
        }
        const values = sortValues((p.enum ?? p.items?.enum).filter((v: unknown) => v !== null));
        expect({ where: `${def}.${prop}`, labels }).toEqual({ where: `${def}.${prop}`, labels: lists[JSON.stringify(values)] });
      }
    }
    expect(seen).toBeGreaterThanOrEqual(9);
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Examples: docs/examples/*.json, the same JSON as in docs/exchange-format.md

const EXAMPLES = ['minimal.json', 'full.json'];
const example = (name: string): Json => readJson(join(DOCS, 'examples', name));
const OPTIONS = { whitelist: true, forbidNonWhitelisted: true };

/** Every DTO problem in a document, as "matters[0].fees[1].name: message". */
function dtoProblems(doc: Json): string[] {
  const out = flattenValidationErrors(validateSync(plainToInstance(ExchangeDocumentHeaderDto, doc), OPTIONS)).map((p) => `${p.field}: ${p.message}`);
  for (const [key, { cls }] of Object.entries(RECORD_ARRAYS)) {
    const records: Json[] = Array.isArray(doc?.[key]) ? doc[key] : [];
    records.forEach((rec, i) => {
      for (const p of flattenValidationErrors(validateSync(plainToInstance(cls, rec) as object, OPTIONS))) {
        out.push(`${key}[${i}].${p.field}: ${p.message}`);
      }
    });
  }
  return out;
}

/** The JSON Schema checks, with ajv (a direct dev dependency: these checks must never be skipped). */
function loadAjv(): (doc: Json) => string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addKeyword('x-label-zh');
  ajv.addKeyword('x-code-labels');
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (doc: Json) => (validate(doc) ? [] : (validate.errors ?? []).map((e: Json) => `${e.instancePath} ${e.message}`));
}
const schemaProblems = loadAjv();

describe('examples', () => {
  it.each(EXAMPLES)('%s is valid for the DTOs', (name) => {
    expect(dtoProblems(example(name))).toEqual([]);
  });

  it.each(EXAMPLES)('%s is valid for the JSON Schema', (name) => {
    expect(schemaProblems(example(name))).toEqual([]);
  });

  it('are the JSON shown in docs/exchange-format.md', () => {
    const md = readFileSync(join(DOCS, 'exchange-format.md'), 'utf8');
    const shown = [...md.matchAll(/<!-- example: examples\/([\w.-]+) -->\s*```json\n([\s\S]*?)\n```/g)];
    expect(shown.map((m) => m[1]).sort()).toEqual([...EXAMPLES].sort());
    for (const [, name, json] of shown) expect({ name, doc: JSON.parse(json) }).toEqual({ name, doc: example(name) });
  });

  it('the full example follows the cross-field rules the guide documents', () => {
    const doc = example('full.json');
    const codes = (key: string) => new Set<string>((doc[key] ?? []).map((r: Json) => r.code));
    const departments = codes('departments');
    const locations = codes('locations');
    const matters = codes('matters');
    const broken: string[] = [];
    const check = (ok: unknown, what: string) => {
      if (!ok) broken.push(what);
    };
    for (const d of doc.departments) check(!d.parentCode || departments.has(d.parentCode), `${d.code} parentCode`);
    for (const l of doc.locations) {
      check(!l.departmentCode || departments.has(l.departmentCode), `${l.code} departmentCode`);
      check(!l.parentCode || locations.has(l.parentCode), `${l.code} parentCode`);
      check((l.lat === undefined) === (l.lng === undefined), `${l.code} lat/lng together`);
    }
    for (const m of doc.matters) {
      check(departments.has(m.departmentCode), `${m.code} departmentCode`);
      for (const l of m.locations ?? []) check(locations.has(l.locationCode), `${m.code} locationCode ${l.locationCode}`);
      for (const c of m.nearbyLocationCodes ?? []) check(locations.has(c), `${m.code} nearbyLocationCodes ${c}`);
      if (m.charged) check(m.fees?.length > 0 && m.fees.some((f: Json) => f.basis), `${m.code} charged ⇒ fee with basis`);
      if (m.onSiteVisits > 0) check(m.onSiteReason, `${m.code} onSiteVisits ⇒ onSiteReason`);
      if (m.promisedLimit?.value !== undefined && m.caseType) {
        check((m.promisedLimit.value === 0) === (m.caseType === '1'), `${m.code} promisedLimit 0 ⇔ 即办件`);
      }
      if (m.legalLimit?.value != null && m.promisedLimit?.value != null && m.legalLimit.unit === m.promisedLimit.unit) {
        check(m.promisedLimit.value <= m.legalLimit.value, `${m.code} promised ≤ legal`);
      }
      if (m.consult?.phone && m.complaint?.phone) check(m.consult.phone !== m.complaint.phone, `${m.code} consult ≠ complaint`);
      const objects: string[] = m.serviceObjects ?? [];
      if (m.personalThemes?.length)
        check(
          objects.some((o) => PERSONAL_OBJECTS.includes(o)),
          `${m.code} personal themes`,
        );
      if (m.corporateThemes?.length)
        check(
          objects.some((o) => CORPORATE_OBJECTS.includes(o)),
          `${m.code} corporate themes`,
        );
      if (m.effectiveFrom && m.effectiveTo) check(m.effectiveFrom <= m.effectiveTo, `${m.code} effective dates`);
    }
    for (const g of doc.guides ?? []) {
      check(departments.has(g.departmentCode), `${g.code} departmentCode`);
      check(!g.matterCode || matters.has(g.matterCode), `${g.code} matterCode`);
    }
    for (const b of doc.bundles ?? []) {
      check(!b.departmentCode || departments.has(b.departmentCode), `${b.code} departmentCode`);
      for (const c of b.matterCodes ?? []) check(matters.has(c), `${b.code} matterCodes ${c}`);
    }
    expect(broken).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Parity: the DTOs and the schema accept and reject the same edge cases

describe('DTOs and schema agree on edge cases', () => {
  const full = example('full.json');
  const matter = full.matters[0];
  const docWith = (key: string, record: Json): Json => ({ format: 'banshi-exchange', version: 1, [key]: [record] });
  const withMatter = (patch: Json) => docWith('matters', { ...matter, ...patch });

  const rejected: [string, Json][] = [
    ['an unknown matter field', withMatter({ foo: 1 })],
    ['an unknown material field', withMatter({ materials: [{ name: '户口簿', order: 1 }] })],
    ['an unknown document field', { format: 'banshi-exchange', version: 1, extra: true }],
    ['another format', { format: 'other', version: 1 }],
    ['version 2', { format: 'banshi-exchange', version: 2 }],
    ['a missing version', { format: 'banshi-exchange' }],
    ['a matter type outside the national and local ranges', withMatter({ matterType: '40' })],
    ['a numeric matter type', withMatter({ matterType: 1 })],
    ['a code with a space', withMatter({ code: '210782 GAJ' })],
    ['an empty name', withMatter({ name: '' })],
    ['a null required field', withMatter({ name: null })],
    ['a missing departmentCode', withMatter({ departmentCode: undefined })],
    ['a malformed phone', withMatter({ consult: { phone: '咨询电话' } })],
    ['too many visits', withMatter({ onSiteVisits: 11 })],
    ['fractional visits', withMatter({ onSiteVisits: 1.5 })],
    ['a repeated exercise level', withMatter({ exerciseLevels: ['4', '4'] })],
    ['an unknown service object', withMatter({ serviceObjects: ['7'] })],
    ['a negative time limit', withMatter({ legalLimit: { value: -1, unit: '工作日' } })],
    ['an unknown time unit', withMatter({ legalLimit: { value: 1, unit: '月' } })],
    ['too many fees', withMatter({ fees: Array.from({ length: 51 }, (_, i) => ({ name: `费${i}`, standard: '1 元' })) })],
    ['a fee without a standard', withMatter({ fees: [{ name: '工本费' }] })],
    ['a keyword longer than 50', withMatter({ keywords: ['长'.repeat(51)] })],
    ['an unknown status', withMatter({ status: 'deleted' })],
    ['a non-http url', withMatter({ onlineUrl: 'ftp://example.com/x' })],
    ['an unknown personal theme', withMatter({ personalThemes: ['080'] })],
    ['a date with slashes', withMatter({ effectiveFrom: '2024/01/01' })],
    ['a short USCC', docWith('departments', { code: 'D1', name: '某局', uscc: '123' })],
    ['a 9-digit region code', docWith('departments', { code: 'D1', name: '某局', regionCode: '210782101' })],
    ['an unknown location level', docWith('locations', { code: 'L1', name: '某中心', level: '县级中心' })],
    ['a latitude above 90', docWith('locations', { code: 'L1', name: '某中心', level: '分中心', lat: 91 })],
    ['an unknown guide list', docWith('guides', { code: 'G1', title: '某事项', departmentCode: 'D1', list: 'other' })],
    [
      'a complaint channel without phone',
      docWith('guides', { code: 'G1', title: '某', departmentCode: 'D1', list: 'power', complaintChannels: [{ name: '12345' }] }),
    ],
    ['a repeated bundle matter code', docWith('bundles', { code: 'B1', name: '一件事', matterCodes: ['M1', 'M1'] })],
    ['a handbook page 0', docWith('guides', { code: 'G1', title: '某', departmentCode: 'D1', list: 'power', handbookPage: 0 })],
  ];
  const accepted: [string, Json][] = [
    ['null optional fields', withMatter({ caseName: null, materials: null, caseType: null, consult: null, effectiveTo: null })],
    ['no statutory limit (value null)', withMatter({ legalLimit: { value: null, note: '法律法规未规定办结时限' } })],
    ['a local matter type', withMatter({ matterType: '31' })],
    ['an empty optional text', withMatter({ quantityLimit: '' })],
    ['a phone with an extension', withMatter({ consult: { phone: '0416-6612345转8001' } })],
    ['a 12-digit region code', docWith('departments', { code: 'D1', name: '某局', regionCode: '210782101000' })],
    ['a 64-character code', withMatter({ code: 'A'.repeat(64) })],
    ['a document without record arrays', { format: 'banshi-exchange', version: 1 }],
  ];

  it.each(rejected)('the DTOs reject %s', (_, doc) => {
    expect(dtoProblems(doc)).not.toEqual([]);
  });
  it.each(rejected)('the schema rejects %s', (_, doc) => {
    expect(schemaProblems(doc)).not.toEqual([]);
  });
  it.each(accepted)('the DTOs accept %s', (_, doc) => {
    expect(dtoProblems(doc)).toEqual([]);
  });
  it.each(accepted)('the schema accepts %s', (_, doc) => {
    expect(schemaProblems(doc)).toEqual([]);
  });
});
