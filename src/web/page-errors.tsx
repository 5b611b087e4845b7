import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { pageContext } from './page-request';
import { AssetRegistry } from './ui/assets';
import { renderDocument } from './ui/document';
import { ErrorPage } from './ui/error-page';

export const SITE_NAME = '北镇市政务服务办事指南';

/**
 * Turns an error on a page route into an HTML page (the global AppErrorFilter asks it for every path that
 * isPagePath() calls a page); API answers stay JSON.
 */
@Injectable()
export class PageErrors {
  constructor(
    private readonly assets: AssetRegistry,
    private readonly config: AppConfig,
  ) {}

  render(req: Request, status: number, message: string | undefined): string {
    return renderDocument(<ErrorPage ctx={pageContext(req, this.assets, this.config)} status={status} message={message} siteName={SITE_NAME} />);
  }
}
