import { Module } from '@nestjs/common';
import { ERROR_PAGES } from '../common/error.filter';
import { AssetsController } from './assets.controller';
import { PageErrors } from './page-errors';
import { AssetRegistry } from './ui/assets';

/**
 * What every page needs (assets, HTML error pages). Imported by the page modules (portal, console) and by the app
 * module, whose global error filter renders page errors through ERROR_PAGES.
 */
@Module({
  controllers: [AssetsController],
  providers: [{ provide: AssetRegistry, useFactory: () => new AssetRegistry() }, PageErrors, { provide: ERROR_PAGES, useExisting: PageErrors }],
  exports: [AssetRegistry, PageErrors, ERROR_PAGES],
})
export class WebModule {}
