import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationError,
  ValidationOptions,
  ArrayUnique,
} from 'class-validator';

/**
 * Property decorators with Chinese messages. DTOs use these instead of bare class-validator decorators so that
 * every field-level error a clerk or integrator sees is in Chinese and names the field.
 */
/** Combines property decorators (kept free of @nestjs/common so DTOs load in plain unit tests). */
function applyDecorators(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

const opt = (message: string, each = false): ValidationOptions => ({ message, each });

/** Codes: 1–64 characters of [0-9A-Za-z-] (spec/domain.md §2). */
export const CODE_PATTERN = /^[0-9A-Za-z-]{1,64}$/;

/**
 * Bidirectional control characters: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), the
 * left-to-right / right-to-left marks (U+200E, U+200F) and the Arabic letter mark (U+061C). Invisible, they make text
 * display differently from what it is ("Trojan Source"): a name that reads as one department while it is another.
 * Chinese and Latin text never needs them, so every name, code and text field refuses them — here, in the
 * decorators every DTO uses (API bodies, exchange files and spreadsheet rows alike).
 */
export const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
export const BIDI_MESSAGE = '不能包含双向控制字符（U+202A–U+202E、U+2066–U+2069、U+200E、U+200F、U+061C），它们会让显示的文字与实际内容不一致';

function NoBidiControls(each = false) {
  return ValidateBy(
    { name: 'noBidiControls', validator: { validate: (value: unknown) => typeof value !== 'string' || !BIDI_CONTROLS.test(value) } },
    opt(BIDI_MESSAGE, each),
  );
}

function presence(optional: boolean) {
  return optional ? IsOptional() : IsNotEmpty(opt('不能为空'));
}

export function Text(max = 200, optional = true) {
  const decorators = [presence(optional), IsString(opt('必须是字符串')), NoBidiControls(), MaxLength(max, opt(`长度不能超过 ${max} 个字符`))];
  if (!optional) decorators.push(Matches(/\S/, opt('不能为空白')));
  return applyDecorators(...decorators);
}

export function Code(optional = false) {
  return applyDecorators(
    presence(optional),
    IsString(opt('必须是字符串')),
    NoBidiControls(),
    Matches(CODE_PATTERN, opt('编码只能由 1–64 位数字、字母和连字符组成')),
  );
}

export function OneOf(values: readonly string[], optional = true) {
  return applyDecorators(presence(optional), IsIn(values as string[], opt(`取值必须是以下之一：${values.join('、')}`)));
}

export function OneOfEach(values: readonly string[], maxItems = 20) {
  return applyDecorators(
    IsOptional(),
    IsArray(opt('必须是数组')),
    ArrayMaxSize(maxItems, opt(`最多 ${maxItems} 项`)),
    ArrayUnique(opt('不能有重复项')),
    IsIn(values as string[], opt(`每一项必须是以下之一：${values.join('、')}`, true)),
  );
}

export function TextList(maxItems = 50, maxLen = 200) {
  return applyDecorators(
    IsOptional(),
    IsArray(opt('必须是数组')),
    ArrayMaxSize(maxItems, opt(`最多 ${maxItems} 项`)),
    IsString(opt('每一项必须是字符串', true)),
    NoBidiControls(true),
    MaxLength(maxLen, opt(`每一项不能超过 ${maxLen} 个字符`, true)),
  );
}

export function CodeList(maxItems = 500) {
  return applyDecorators(
    IsOptional(),
    IsArray(opt('必须是数组')),
    ArrayMaxSize(maxItems, opt(`最多 ${maxItems} 项`)),
    ArrayUnique(opt('不能有重复项')),
    NoBidiControls(true),
    Matches(CODE_PATTERN, opt('每一项都必须是 1–64 位数字、字母和连字符组成的编码', true)),
  );
}

export function Int(min: number, max: number, optional = true) {
  return applyDecorators(presence(optional), IsInt(opt('必须是整数')), Min(min, opt(`不能小于 ${min}`)), Max(max, opt(`不能大于 ${max}`)));
}

export function Num(min: number, max: number, optional = true) {
  return applyDecorators(presence(optional), IsNumber({}, opt('必须是数字')), Min(min, opt(`不能小于 ${min}`)), Max(max, opt(`不能大于 ${max}`)));
}

export function Bool(optional = true) {
  return applyDecorators(presence(optional), IsBoolean(opt('必须是 true 或 false')));
}

export function DateOnly(optional = true) {
  return applyDecorators(
    presence(optional),
    IsISO8601({ strict: true }, opt('必须是 YYYY-MM-DD 格式的日期')),
    Matches(/^\d{4}-\d{2}-\d{2}$/, opt('必须是 YYYY-MM-DD 格式的日期')),
  );
}

export function Url(optional = true) {
  return applyDecorators(
    presence(optional),
    IsString(opt('必须是字符串')),
    MaxLength(500, opt('长度不能超过 500 个字符')),
    Matches(/^https?:\/\/[^\s]+$/, opt('必须是 http:// 或 https:// 开头的网址')),
  );
}

/** Telephone numbers as published: digits with area code, e.g. 0416-6612345, 12345, 400-xxx. */
export function Phone(optional = true) {
  return applyDecorators(
    presence(optional),
    IsString(opt('必须是字符串')),
    Matches(/^[0-9][0-9-]{2,19}(转[0-9]{1,6})?$/, opt('电话号码格式不正确（例：0416-6612345 或 12345）')),
  );
}

export function Nested(type: () => new () => object, options: { array?: boolean; optional?: boolean; maxItems?: number } = {}) {
  const { array = false, optional = true, maxItems = 200 } = options;
  const decorators = [presence(optional), ValidateNested({ each: array, message: '格式不正确' }), Type(type)];
  if (array) decorators.push(IsArray(opt('必须是数组')), ArrayMaxSize(maxItems, opt(`最多 ${maxItems} 项`)));
  else decorators.push(IsObject(opt('必须是对象')));
  return applyDecorators(...decorators);
}

/** One field-level problem, as returned in error `details` and printed by the importer. */
export interface FieldProblem {
  field: string;
  message: string;
}

const FALLBACK_MESSAGES: Record<string, string> = {
  whitelistValidation: '不允许的字段',
  nestedValidation: '格式不正确',
  isDefined: '不能为空',
};

/** Flattens class-validator's tree into `a.b[2].c` paths with Chinese messages. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const key = /^\d+$/.test(error.property) ? `[${error.property}]` : prefix ? `.${error.property}` : error.property;
    const field = `${prefix}${key}`;
    for (const [name, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field, message: /[\u4e00-\u9fff]/.test(message) ? message : (FALLBACK_MESSAGES[name] ?? `取值无效（${name}）`) });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}
