import type { Servers } from '../../src/runtime/servers';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __banshiServers?: Servers }).__banshiServers?.stop();
}
