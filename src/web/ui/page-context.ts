import type { AssetRegistry } from './assets';

/** What every page needs besides its data: where its assets are, the public address, and the visitor's choices. */
export interface PageContext {
  assets: AssetRegistry;
  /** PUBLIC_URL (no trailing slash): canonical links, sitemap, QR codes. */
  publicUrl: string;
  /** The request path with its query string (for the 长辈版 switch to come back to). */
  path: string;
  /** 长辈版 (larger text and targets, high contrast), from the `elder` cookie. */
  elder: boolean;
  requestId?: string;
}
