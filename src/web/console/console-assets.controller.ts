import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../../auth/access.decorator';
import { CONSOLE_CSS } from './console.css';

/** The console's one stylesheet (Express adds an ETag; If-None-Match answers 304). */
@ApiExcludeController()
@Controller('admin/assets')
export class ConsoleAssetsController {
  @Get('console.css')
  @Access('public')
  css(@Res() res: Response) {
    res.type('text/css').setHeader('Cache-Control', 'public, max-age=300');
    res.send(CONSOLE_CSS);
  }
}
