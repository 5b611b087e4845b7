import { Injectable } from '@nestjs/common';
import { BundlesService } from '../../bundles/bundles.service';
import type { Page } from '../../common/pagination';
import { AppConfig } from '../../config/app-config';
import { DepartmentsService } from '../../departments/departments.service';
import { GuideEntriesService } from '../../guide-entries/guide-entries.service';
import { ListGuidesQueryDto } from '../../guide-entries/guide-entry.dto';
import { ServiceLocationsService } from '../../service-locations/service-locations.service';
import { ServiceMattersService } from '../../service-matters/service-matters.service';
import { ListMattersQueryDto } from '../../service-matters/service-matter.dto';

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** sitemap.xml: every published matter, department, guide entry, bundle and place — through the public list services. */
@Injectable()
export class SitemapService {
  private cached?: { at: number; xml: Promise<string> };

  constructor(
    private readonly matters: ServiceMattersService,
    private readonly departments: DepartmentsService,
    private readonly guides: GuideEntriesService,
    private readonly bundles: BundlesService,
    private readonly locations: ServiceLocationsService,
    private readonly config: AppConfig,
  ) {}

  /** Built at most every 10 minutes (a few dozen list pages), shared by concurrent requests. */
  xml(): Promise<string> {
    if (!this.cached || Date.now() - this.cached.at > 600_000) {
      const xml = this.build();
      this.cached = { at: Date.now(), xml };
      xml.catch(() => (this.cached = undefined));
    }
    return this.cached.xml;
  }

  private async build(): Promise<string> {
    const all = async <T>(list: (page: number) => Promise<Page<T>>): Promise<T[]> => {
      const out: T[] = [];
      for (let page = 1; ; page++) {
        const p = await list(page);
        out.push(...p.items);
        if (out.length >= p.total || p.items.length === 0) return out;
      }
    };
    const [matters, departments, guides, bundles, locations] = await Promise.all([
      all((page) => this.matters.list({ page, limit: 100 } as ListMattersQueryDto)),
      all((page) => this.departments.list({ page, limit: 100 })),
      all((page) => this.guides.list({ page, limit: 100 } as ListGuidesQueryDto)),
      all((page) => this.bundles.list({ page, limit: 100 })),
      all((page) => this.locations.list({ page, limit: 100 })),
    ]);
    const base = this.config.publicUrl;
    const url = (path: string, lastmod?: string) =>
      `<url><loc>${escapeXml(base + path)}</loc>${lastmod ? `<lastmod>${lastmod.slice(0, 10)}</lastmod>` : ''}</url>`;
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      url('/'),
      url('/guides'),
      ...matters.map((m) => url(`/matters/${m.code}`, m.updatedAt)),
      ...departments.map((d) => url(`/departments/${d.code}`, d.updatedAt)),
      ...guides.map((g) => url(`/guides/${g.code}`, g.updatedAt)),
      ...bundles.map((b) => url(`/bundles/${b.code}`)),
      ...locations.map((l) => url(`/locations/${l.code}`)),
      '</urlset>',
    ].join('\n');
  }
}
