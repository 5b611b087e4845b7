export const SEARCH_OPTIONS = Symbol('SEARCH_OPTIONS');

export interface SearchOptions {
  indexPrefix: string;
  /** Run the change-log relay in this process. */
  sync: boolean;
  /** Cache search responses in this process (search-cache.service.ts). */
  cache?: boolean;
}
