import { InitialSchema1764300000000 } from './1764300000000-initial-schema';

/** Every migration, in order. Migrations are classes so the same list works compiled and under ts-jest. */
export const MIGRATIONS: Function[] = [InitialSchema1764300000000];
