// Column paths ("name", "jurisdiction.name") ⇄ GraphQL selection sets and row values.
import { namedType, isList, label, type FullType, type Schema } from "@/api/schema";
import type { CustomFieldDef } from "@/api/customfields";

export interface Column {
  path: string;
  title: string;
  /** For enum columns: the enum type, so cells show its Chinese label. */
  enumType?: string;
  scalar: string;
}

const LEAF_KINDS = new Set(["SCALAR", "ENUM"]);

function leafColumns(schema: Schema, type: FullType, prefix: string, titlePrefix: string): Column[] {
  const out: Column[] = [];
  for (const f of type.fields ?? []) {
    if (f.args.some((a) => a.type.kind === "NON_NULL")) continue;
    const t = schema.types.get(namedType(f.type));
    // Global IDs and JSON blobs mean nothing to a clerk: records link by name instead.
    if (!t || !LEAF_KINDS.has(t.kind) || isList(f.type) || t.name === "JSON" || t.name === "ID") continue;
    out.push({
      path: prefix + f.name,
      // "所在区划 / 名称" reads better as "所在区划"
      title: titlePrefix && f.name === "name" ? titlePrefix.replace(/ \/ $/, "") : titlePrefix + label(f.description, f.name),
      enumType: t.kind === "ENUM" ? t.name : undefined,
      scalar: t.name,
    });
  }
  return out;
}

/** Every column a table of `type` may show: its own leaves and one level of related objects. */
export function columnCandidates(schema: Schema, type: FullType): Column[] {
  const out = leafColumns(schema, type, "", "");
  for (const f of type.fields ?? []) {
    const t = schema.types.get(namedType(f.type));
    if (!t || t.kind !== "OBJECT" || isList(f.type) || t.name.endsWith("Connection")) continue;
    if (f.args.some((a) => a.type.kind === "NON_NULL")) continue;
    out.push(...leafColumns(schema, t, `${f.name}.`, `${label(f.description, f.name)} / `));
  }
  return out;
}

/** `["name", "jurisdiction.name"]` on Talent → `{ id name jurisdiction { id name } }` (ids where the type has one). */
export function selectionFor(schema: Schema, typeName: string, paths: string[]): string {
  const tree: Record<string, any> = {};
  for (const path of paths) {
    let node = tree;
    for (const part of path.split(".")) node = node[part] ??= {};
  }
  const render = (type: string, node: Record<string, any>): string => {
    const fields = schema.types.get(type)?.fields ?? [];
    const parts = fields.some((f) => f.name === "id") && !("id" in node) ? ["id"] : [];
    for (const [k, v] of Object.entries(node)) {
      const f = fields.find((x) => x.name === k);
      if (!f) continue;
      // customFields.<key> selects the JSON object: a scalar takes no selection
      const kind = schema.types.get(namedType(f.type))?.kind;
      const composite = kind === "OBJECT" || kind === "INTERFACE";
      parts.push(Object.keys(v).length && composite ? `${k} { ${render(namedType(f.type), v)} }` : k);
    }
    return parts.join(" ");
  };
  return `{ ${render(typeName, tree)} }`;
}

export function valueAt(row: any, path: string): any {
  return path.split(".").reduce((v, k) => (v == null ? v : v[k]), row);
}

/** createdAt → CREATED_AT, the naming of the *OrderField enums. */
export function orderFieldName(path: string): string {
  return path.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

/** What a column path ends on: Talent + "activeCard.tier.code" → String; custom fields are JSON values. */
export function columnAt(schema: Schema, typeName: string, path: string): { scalar: string; enumType?: string } {
  let type = typeName;
  for (const part of path.split(".")) {
    if (type === "JSON") return { scalar: "JSON" };
    const f = schema.field(type, part);
    if (!f) return { scalar: "String" };
    type = namedType(f.type);
  }
  const t = schema.types.get(type);
  return t?.kind === "ENUM" ? { scalar: type, enumType: type } : { scalar: type };
}


/** The custom fields as columns (`customFields.<key>`), under their Chinese labels. */
export function customColumns(defs: CustomFieldDef[]): Column[] {
  const scalars: Record<string, string> = { NUMBER: "Float", DATE: "Date", BOOLEAN: "Boolean" };
  return defs.map((d) => ({ path: `customFields.${d.key}`, title: d.label, scalar: scalars[d.kind] ?? "String" }));
}
