/** Published counts: for the demo data 968 matters, 186 nearby, 1528 guide entries. */
export class CatalogueStats {
  departments!: number;
  /** Departments with windows in the service centre. */
  inCentreDepartments!: number;
  locations!: number;
  matters!: number;
  /** Departments with at least one published matter. */
  matterDepartments!: number;
  nearbyMatters!: number;
  nearbyDepartments!: number;
  guides!: number;
  /** Units that compiled at least one guide entry. */
  guideUnits!: number;
  bundles!: number;
}
