/** A "高效办成一件事" bundle with its published matters. */
export class BundleResponse {
  id!: string;
  code!: string;
  name!: string;
  description!: string | null;
  department!: { code: string; name: string } | null;
  sharedMaterials!: string[];
  lifeStages!: string[];
  matters!: { id: string; code: string; name: string }[];
}

/** One page of BundleResponses. */
export class BundlePage {
  total!: number;
  page!: number;
  limit!: number;
  items!: BundleResponse[];
}
