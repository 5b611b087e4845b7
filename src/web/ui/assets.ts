import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

export interface Asset {
  /** The file name as written in src/web/assets (portal.css). */
  name: string;
  /** Versioned URL: /assets/portal.3f2a9c1d.css — the hash changes whenever the content does. */
  url: string;
  body: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Where the static files are: next to the compiled code (nest-cli.json copies src/web/assets to dist/src/web/assets),
 * or the sources themselves when running from TypeScript (unit tests).
 */
export const ASSET_DIR = join(__dirname, '..', 'assets');

/**
 * The portal's and console's static files (CSS, small ES modules), read once at start and served from memory by
 * AssetsController with content-hashed URLs, a strong ETag and a one-year immutable cache. Pages link them through
 * `assets.url('portal.css')`, so a deploy that changes a file changes its URL and no browser keeps a stale copy.
 */
export class AssetRegistry {
  private readonly byName = new Map<string, Asset>();
  private readonly byUrl = new Map<string, Asset>();

  constructor(dir: string = ASSET_DIR) {
    if (!existsSync(dir)) throw new Error(`static assets missing: ${dir} (nest build copies them from src/web/assets)`);
    for (const file of readdirSync(dir).sort()) {
      const ext = extname(file);
      const type = TYPES[ext];
      if (!type) continue;
      const body = readFileSync(join(dir, file));
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
      const base = file.slice(0, -ext.length);
      const asset: Asset = { name: file, url: `/assets/${base}.${hash}${ext}`, body, type, etag: `"${hash}"` };
      this.byName.set(file, asset);
      this.byUrl.set(asset.url, asset);
    }
  }

  /** The versioned URL of a file; throws for a file that does not exist, so a typo fails the first render. */
  url(name: string): string {
    const asset = this.byName.get(name);
    if (!asset) throw new Error(`unknown asset ${name}`);
    return asset.url;
  }

  /** The asset a request path names, if any (only exact versioned URLs). */
  find(path: string): Asset | undefined {
    return this.byUrl.get(path);
  }

  all(): Asset[] {
    return [...this.byName.values()];
  }
}
