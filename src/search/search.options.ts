export const SEARCH_OPTIONS = Symbol('SEARCH_OPTIONS');

export interface SearchOptions {
  indexPrefix: string;
  /** Run the change-log relay in this process. */
  sync: boolean;
}
