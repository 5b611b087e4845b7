import { Type, ValidationPipe } from '@nestjs/common';
import { AppError } from './app-error';
import { flattenValidationErrors } from './validation';

/**
 * Validate at the edge, once: unknown fields are refused, bodies and queries become DTO instances.
 * `expectedType` is for routes whose parameter type TypeScript cannot name (controllers made by a factory).
 */
export function createValidationPipe(expectedType?: Type<unknown>): ValidationPipe {
  return new ValidationPipe({
    expectedType,
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      const first = details[0];
      return new AppError(400, 'VALIDATION_FAILED', first ? `请求参数有误：${first.field} ${first.message}` : '请求参数有误', details);
    },
  });
}
