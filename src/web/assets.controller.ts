import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access } from '../auth/access.decorator';
import { AppError } from '../common/app-error';
import { AssetRegistry } from './ui/assets';

/** Static files of the pages, from memory: content-hashed URLs, strong ETag, cached for a year (immutable). */
@ApiExcludeController()
@Access('public')
@Controller('assets')
export class AssetsController {
  constructor(private readonly assets: AssetRegistry) {}

  @Get(':file')
  file(@Param('file') _file: string, @Req() req: Request, @Res() res: Response): void {
    const asset = this.assets.find(req.path);
    if (!asset) throw new AppError(404, 'ASSET_NOT_FOUND', '文件不存在');
    res.setHeader('Content-Type', asset.type);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('ETag', asset.etag);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.headers['if-none-match'] === asset.etag) {
      res.status(304).end();
      return;
    }
    res.status(200).end(req.method === 'HEAD' ? undefined : asset.body);
  }
}
