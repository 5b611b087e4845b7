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

/** One entry of a code list: the code and its label (lists without codes repeat the label as the code). */
export class CodedDto {
  code!: string;
  label!: string;
}

/** Life-cycle stages (人生阶段 / 企业阶段) by service object. */
export class LifeStagesDto {
  personal!: string[];
  corporate!: string[];
}

/** National theme lists (个人 / 法人) and the life-cycle stages. */
export class ThemesResponse {
  /** 个人主题. */
  personal!: CodedDto[];
  /** 法人主题. */
  corporate!: CodedDto[];
  lifeStages!: LifeStagesDto;
}

/** Every code list the API uses, each as code/label pairs. */
export class CodeListsResponse {
  matterTypes!: CodedDto[];
  exerciseLevels!: CodedDto[];
  serviceObjects!: CodedDto[];
  caseTypes!: CodedDto[];
  handlingForms!: CodedDto[];
  onlineDepths!: CodedDto[];
  personalThemes!: CodedDto[];
  corporateThemes!: CodedDto[];
  guideLists!: CodedDto[];
  powerSources!: CodedDto[];
  implementerNatures!: CodedDto[];
  limitUnits!: CodedDto[];
  crossRegionScopes!: CodedDto[];
  catalogueStatuses!: CodedDto[];
  materialNecessity!: CodedDto[];
  materialOriginality!: CodedDto[];
  materialMedium!: CodedDto[];
  materialSource!: CodedDto[];
  specialProcedures!: CodedDto[];
  resultTypes!: CodedDto[];
  personalLifeStages!: CodedDto[];
  corporateLifeStages!: CodedDto[];
  departmentKinds!: CodedDto[];
  locationLevels!: CodedDto[];
}
