import { Global, Module } from '@nestjs/common';
import { AssetsController } from './assets.controller';
import { PageErrors } from './page-errors';
import { AssetRegistry } from './ui/assets';

/**
 * What every page needs (assets, HTML error pages). Global, so the portal and the console modules and the global
 * error filter can use it without importing it.
 */
@Global()
@Module({
  controllers: [AssetsController],
  providers: [{ provide: AssetRegistry, useFactory: () => new AssetRegistry() }, PageErrors],
  exports: [AssetRegistry, PageErrors],
})
export class WebModule {}
