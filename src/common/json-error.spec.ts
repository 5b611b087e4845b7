import { locateJsonError, malformedJsonBody } from './json-error';

/** What body-parser throws for a bad JSON body (Nest's Express adapter passes it on as the `cause` of a 400). */
function bodyParserError(text: string): SyntaxError {
  try {
    JSON.parse(text);
  } catch (e) {
    return Object.assign(e as SyntaxError, { type: 'entity.parse.failed', status: 400, body: text });
  }
  throw new Error('valid JSON');
}

describe('malformed JSON bodies', () => {
  // docs/integration.md's key-creation example as it used to read: pasting it gave 400 "请求有误" and no details.
  const pasted = '{\n  "name": "辽宁省政务服务平台",\n  "scopes": ["read:drafts"],            // read:published 总是包含\n}';

  it('answer MALFORMED_BODY with the line and column where the JSON broke', () => {
    const body = malformedJsonBody(bodyParserError(pasted))!;
    expect(body).toMatchObject({ statusCode: 400, code: 'MALFORMED_BODY', details: { line: 3, column: 41 } });
    expect(pasted.split('\n')[2][40]).toBe('/');
    expect(body.message).toContain('第 3 行第 41 列');
  });

  it('locates the error without V8 telling the position', () => {
    expect(locateJsonError(pasted, 'Unexpected token')).toEqual(locateJsonError(pasted, bodyParserError(pasted).message));
    expect(locateJsonError('{"a": [1, 2,]}', '')).toEqual({ position: 12, line: 1, column: 13 });
    expect(locateJsonError('{"a": 1', '')).toEqual({ position: 7, line: 1, column: 8 });
  });

  it('leave other errors alone', () => {
    expect(malformedJsonBody(new Error('x'))).toBeUndefined();
    expect(malformedJsonBody(Object.assign(new Error('too large'), { type: 'entity.too.large' }))).toBeUndefined();
  });
});
