import { ParseUUIDPipe } from '@nestjs/common';
import { AppError } from './app-error';

/** `@Param('id', UuidParam)`: a UUID, or 400 naming the field. */
export const UuidParam = new ParseUUIDPipe({ exceptionFactory: () => AppError.badRequest('id', '必须是 UUID') });
