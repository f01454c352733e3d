// What the 专家服务基层 pages share: record status colours, the year the demo's (and most)
// service lies in, and the designated counties a record may name.
import { gql } from "@/api/graphql";

type TagType = "primary" | "success" | "warning" | "info" | "danger";

export const SERVICE_TAGS: Record<string, TagType> = { RECORDED: "warning", CONFIRMED: "success", REJECTED: "danger" };

/** Required days of grassroots service a year unless the listing says otherwise. */
export const REQUIRED_DAYS = 15;

export function thisYear(): number {
  return new Date().getFullYear();
}

/** The years a picker offers: this one and the four before it. */
export function recentYears(): number[] {
  const now = thisYear();
  return [0, 1, 2, 3, 4].map((n) => now - n);
}

export interface Area {
  id: string;
  kind: string;
  note: string | null;
  createdAt: string;
  jurisdiction: { code: string; name: string } | null;
}

export const AREA_FIELDS = "id kind note createdAt jurisdiction { code name }";

/** The counties designated as grassroots areas (public reference: every user may read them). */
export async function loadAreas(): Promise<Area[]> {
  const data = await gql(
    `query GrassrootsAreas { grassrootsAreas(first: 100, orderBy: [{ field: CODE }]) { nodes { ${AREA_FIELDS} } } }`,
  );
  return data.grassrootsAreas.nodes;
}
