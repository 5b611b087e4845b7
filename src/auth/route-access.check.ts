import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_KEY, Audience } from './access.decorator';

export interface RouteAccess {
  controller: string;
  handler: string;
  audience: Audience[] | null;
}

/**
 * Lists every route handler with its access declaration, and refuses to start the application when one has
 * none: the guard would deny it anyway (default deny), but a route nobody can reach is a mistake to catch early.
 */
@Injectable()
export class RouteAccessCheck implements OnModuleInit {
  private readonly logger = new Logger(RouteAccessCheck.name);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  routes(): RouteAccess[] {
    const out: RouteAccess[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!type) continue;
      for (const name of this.scanner.getAllMethodNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
        if (Reflect.getMetadata('method', handler) === undefined) continue; // not a route handler
        const audience = this.reflector.getAllAndOverride<Audience[] | undefined>(ACCESS_KEY, [handler, type]);
        out.push({ controller: type.name, handler: name, audience: audience?.length ? audience : null });
      }
    }
    return out;
  }

  onModuleInit(): void {
    const undeclared = this.routes().filter((r) => !r.audience);
    if (undeclared.length) {
      const list = undeclared.map((r) => `${r.controller}.${r.handler}`).join(', ');
      this.logger.error(`routes without @Access(): ${list}`);
      throw new Error(`every route must declare who may use it (@Access); missing on: ${list}`);
    }
  }
}
