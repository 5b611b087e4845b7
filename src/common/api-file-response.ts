import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';

/**
 * OpenAPI for a route that answers with a file or a stream rather than a JSON body (exports, the spreadsheet
 * template): its content types, each a binary body, and what the file is. `@Res()` handlers return nothing the
 * swagger plugin could describe, so they say it here.
 */
export function ApiFileResponse(description: string, ...contentTypes: string[]) {
  return applyDecorators(
    ApiProduces(...contentTypes),
    ApiOkResponse({
      description,
      content: Object.fromEntries(contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
    }),
  );
}
