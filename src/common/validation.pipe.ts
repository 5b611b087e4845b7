import { ValidationPipe } from '@nestjs/common';
import { AppError } from './app-error';
import { flattenValidationErrors } from './validation';

/** Validate at the edge, once: unknown fields are refused, bodies and queries become DTO instances. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
