/**
 * The one registry of catalogue kinds: what each is called (in Chinese, in the audit trail, in 404 codes), which
 * table holds it, and whether it goes through review (workflow) or is reference data saved at once. Every module
 * that needs a kind's table, label or audit name reads it here.
 */
export const CATALOGUE_KINDS = ['departments', 'locations', 'matters', 'guides', 'bundles'] as const;
export type CatalogueKind = (typeof CATALOGUE_KINDS)[number];

/** Content reviewed before publication (drafts are revisions). */
export const WORKFLOW_KINDS = ['matters', 'guides', 'bundles'] as const satisfies readonly CatalogueKind[];
export type WorkflowKind = (typeof WORKFLOW_KINDS)[number];

/** The organisation's structure, kept by the system administrator and saved at once. */
export const REFERENCE_KINDS = ['departments', 'locations'] as const satisfies readonly CatalogueKind[];
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

export interface KindInfo {
  /** 中文名称, as clerks read it in messages. */
  label: string;
  /** The catalogue table. */
  table: string;
  /** Audit action prefix (`matter.publish`); upper-cased it names the 404 code (`MATTER_NOT_FOUND`). */
  audit: string;
}

export const KINDS: Record<CatalogueKind, KindInfo> = {
  departments: { label: '部门', table: 'departments', audit: 'department' },
  locations: { label: '服务场所', table: 'service_locations', audit: 'location' },
  matters: { label: '事项', table: 'service_matters', audit: 'matter' },
  guides: { label: '指南条目', table: 'guide_entries', audit: 'guide' },
  bundles: { label: '一件事', table: 'bundles', audit: 'bundle' },
};

/** The stable 404 code of a kind (MATTER_NOT_FOUND, LOCATION_NOT_FOUND …). */
export const notFoundCode = (kind: CatalogueKind) => `${KINDS[kind].audit.toUpperCase()}_NOT_FOUND`;
