// The condition builder's model: rows of (field, operator, value, negate) joined by
// and/or, turned into the connection's filter input. Operators come from the filter
// input type itself (StringFilter has contains, DateFilter has gte/lte…).
import { namedType, label, type InputValue, type Schema } from "@/api/schema";
import { customWidget, loadCustomFields, type CustomFieldDef } from "@/api/customfields";

export const OPERATOR_LABELS: Record<string, string> = {
  eq: "等于",
  in: "属于",
  contains: "包含",
  startsWith: "开头是",
  gt: "大于",
  gte: "不小于",
  lt: "小于",
  lte: "不大于",
  between: "介于",
  is: "为",
};

export type Widget = "text" | "number" | "date" | "datetime" | "enum" | "id" | "boolean";

export interface FilterField {
  name: string;
  title: string;
  operators: string[];
  widget: Widget;
  enumType?: string;
  /** For ID fields: the root connection whose records the picker offers. */
  connection?: string;
  /** A bare scalar filter argument (no operator object), e.g. withinJurisdiction. */
  bare: boolean;
  /** A custom field (`customFields.<key>`): filtered through `custom: [{key, eq | in | gte | lte}]`. */
  custom?: boolean;
  /** Plain choices (a custom field's options). */
  options?: string[];
}

export interface Condition {
  field: string;
  operator: string;
  value: any;
  negate: boolean;
}

const COMBINATORS = new Set(["and", "or", "not", "custom"]);
const CUSTOM = "customFields.";

function widgetFor(schema: Schema, scalar: string): { widget: Widget; enumType?: string } {
  const t = schema.types.get(scalar);
  if (t?.kind === "ENUM") return { widget: "enum", enumType: t.name };
  switch (scalar) {
    case "Int":
    case "Float":
      return { widget: "number" };
    case "Date":
      return { widget: "date" };
    case "DateTime":
      return { widget: "datetime" };
    case "ID":
      return { widget: "id" };
    case "Boolean":
      return { widget: "boolean" };
    default:
      return { widget: "text" };
  }
}

/** employerId → employers; categoryId → talentCategories (the connection whose node type ends so). */
export function connectionForId(schema: Schema, fieldName: string): string | undefined {
  const stem = fieldName.replace(/Ids?$/, "");
  if (!stem || stem === "id") return undefined;
  const wanted = stem[0].toUpperCase() + stem.slice(1);
  const conns = schema.connections();
  const exact = conns.find((c) => schema.nodeType(c).name === wanted);
  return (exact ?? conns.find((c) => schema.nodeType(c).name.endsWith(wanted)))?.name;
}

/** The records an `id` input of a mutation names: updateTalent → talents, publishServiceItem → serviceItems. */
export function connectionForMutation(schema: Schema, mutation: string): string | undefined {
  const named = schema
    .connections()
    .map((c) => ({ c, type: schema.nodeType(c).name }))
    .filter((x) => mutation.toLowerCase().includes(x.type.toLowerCase()))
    .sort((a, b) => b.type.length - a.type.length);
  return named[0]?.c.name;
}

export function filterFields(schema: Schema, filterType: string, nodeType?: string): FilterField[] {
  const t = schema.types.get(filterType);
  const out: FilterField[] = [];
  for (const f of t?.inputFields ?? []) {
    if (COMBINATORS.has(f.name)) continue;
    out.push(filterField(schema, f, nodeType));
  }
  return out;
}

function filterField(schema: Schema, f: InputValue, nodeType?: string): FilterField {
  const typeName = namedType(f.type);
  const t = schema.types.get(typeName)!;
  const title = label(f.description, f.name);
  if (t.kind !== "INPUT_OBJECT") {
    const w = widgetFor(schema, typeName);
    return { name: f.name, title, operators: ["is"], bare: true, ...w };
  }
  const ops = (t.inputFields ?? []).map((x) => x.name);
  const operand = namedType(t.inputFields![0].type);
  const w = widgetFor(schema, operand);
  const operators = [...ops];
  if (ops.includes("gte") && ops.includes("lte")) operators.unshift("between");
  const field: FilterField = { name: f.name, title, operators, bare: false, ...w };
  if (w.widget === "id") {
    field.connection = f.name === "id" && nodeType ? undefined : connectionForId(schema, f.name);
  }
  return field;
}

/** The custom fields as filter fields (their values compare as the custom filter allows). */
export function customFilterFields(defs: CustomFieldDef[]): FilterField[] {
  return defs
    .filter((d) => d.kind !== "ATTACHMENT")
    .map((d) => {
      const widget = customWidget(d);
      const ordered = d.kind === "NUMBER" || d.kind === "DATE";
      return {
        name: CUSTOM + d.key,
        title: d.label,
        operators: ordered ? ["eq", "between", "in", "gte", "lte"] : widget === "boolean" ? ["eq"] : ["eq", "in"],
        widget,
        options: d.kind === "ENUM" ? d.options : undefined,
        bare: false,
        custom: true,
      };
    });
}

/** A list's filter fields: its filter type's, and the custom fields that apply where the viewer works. */
export async function listFilterFields(
  schema: Schema,
  filterType: string,
  nodeType: string,
  jurisdictionCode: string,
): Promise<FilterField[]> {
  const own = filterFields(schema, filterType, nodeType);
  const takesCustom = schema.types.get(filterType)?.inputFields?.some((f) => f.name === "custom");
  return takesCustom ? [...own, ...customFilterFields(await loadCustomFields(nodeType, jurisdictionCode))] : own;
}

function isEmpty(value: any): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length);
}

function conditionFilter(c: Condition, field: FilterField): Record<string, any> | null {
  if (isEmpty(c.value)) return null;
  let inner: any;
  if (field.bare) inner = c.value;
  else if (c.operator === "between") {
    const [from, to] = c.value as [any, any];
    inner = {};
    if (!isEmpty(from)) inner.gte = from;
    if (!isEmpty(to)) inner.lte = to;
  } else inner = { [c.operator]: c.value };
  const filter = field.custom ? { custom: [{ key: c.field.slice(CUSTOM.length), ...inner }] } : { [c.field]: inner };
  return c.negate ? { not: filter } : filter;
}

/** The filter input for the conditions, or null when none is filled in. */
export function buildFilter(
  conditions: Condition[],
  fields: FilterField[],
  join: "and" | "or",
  fixed: Record<string, any> | null = null,
): Record<string, any> | null {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const parts = conditions
    .map((c) => (byName.has(c.field) ? conditionFilter(c, byName.get(c.field)!) : null))
    .filter((x): x is Record<string, any> => x !== null);
  const user = parts.length === 0 ? null : parts.length === 1 ? parts[0] : { [join]: parts };
  if (fixed && user) return { and: [fixed, user] };
  return fixed ?? user;
}

export function defaultOperator(field: FilterField): string {
  for (const op of ["contains", "between", "eq", "in", "is"]) if (field.operators.includes(op)) return op;
  return field.operators[0];
}

/** The conditions a filter built by `buildFilter` came from (a saved tool's default filter,
 * reopened in the builder); null when it has another shape. */
export function conditionsFromFilter(
  filter: Record<string, any> | null | undefined,
  fields: FilterField[],
): { conditions: Condition[]; join: "and" | "or" } | null {
  if (!filter || !Object.keys(filter).length) return { conditions: [], join: "and" };
  const join: "and" | "or" = "or" in filter ? "or" : "and";
  const parts: any[] = Object.keys(filter).length === 1 && (filter.and || filter.or) ? filter.and ?? filter.or : [filter];
  const conditions: Condition[] = [];
  for (const part of parts) {
    const negate = Object.keys(part).length === 1 && "not" in part;
    const inner = negate ? part.not : part;
    let entries = Object.entries(inner ?? {});
    if (entries.length !== 1) return null;
    if (entries[0][0] === "custom") {
      const list = entries[0][1] as any[];
      if (!Array.isArray(list) || list.length !== 1) return null;
      const { key, ...ops } = list[0];
      entries = [[CUSTOM + key, ops]];
    }
    const [name, value] = entries[0] as [string, any];
    const field = fields.find((f) => f.name === name);
    if (!field) return null;
    if (field.bare) conditions.push({ field: name, operator: "is", value, negate });
    else {
      const ops = Object.keys(value ?? {});
      if (ops.length === 2 && ops.includes("gte") && ops.includes("lte"))
        conditions.push({ field: name, operator: "between", value: [value.gte, value.lte], negate });
      else if (ops.length === 1) conditions.push({ field: name, operator: ops[0], value: value[ops[0]], negate });
      else return null;
    }
  }
  return { conditions, join };
}
