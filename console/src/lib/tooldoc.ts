// Tool documents (工具文档, /console/tool.schema.json): their types, new blocks, the GraphQL
// operation each data block stores (generated here from the block's properties, so the
// builder and the runner agree), and the variables a block runs with: its default filter,
// the filter bars aimed at it and the row selected in a linked block.
import { namedType, printType, type Schema } from "@/api/schema";
import { mutationText } from "@/lib/mutations";
import { selectionFor, valueAt } from "@/lib/selection";
import { buildFilter, type FilterField } from "@/lib/filters";

export type BlockType = "table" | "form" | "detail" | "chart" | "stat" | "text" | "filterBar";

export interface ToolColumn {
  path: string;
  title?: string;
  width?: number;
}
export interface RowActionDef {
  mutation: string;
  title: string;
  idField: string;
  operation: string;
}
export interface FilterBarField {
  field: string;
  title?: string;
  operator?: string;
  kind?: string;
  /** The value the bar opens with; "today" is the current day (China time). */
  default?: string | number | boolean;
}
export interface Block {
  key: string;
  type: BlockType;
  title?: string;
  width?: number;
  operation?: string;
  // table
  connection?: string;
  columns?: ToolColumn[];
  filter?: Record<string, any>;
  orderBy?: { field: string; direction?: "ASC" | "DESC" }[];
  pageSize?: number;
  export?: boolean;
  rowActions?: RowActionDef[];
  // form
  mutation?: string;
  fields?: any[];
  defaults?: Record<string, any>;
  hidden?: Record<string, any>;
  successMessage?: string;
  // detail
  nodeType?: string;
  related?: { field: string; title?: string; columns: ToolColumn[] }[];
  // chart
  kind?: "bar" | "line" | "pie";
  source?: { query: string; groupBy?: { field: string; period?: string }[]; mapping: { category: string; value: string; series?: string } };
  // stat
  value?: string;
  unit?: string;
  // text
  markdown?: string;
  // filterBar
  targets?: string[];
}
export interface Link {
  from: string;
  to: string;
  variables: Record<string, string>;
}
export interface ToolPage {
  key: string;
  title: string;
  blocks: Block[];
  links?: Link[];
}
export interface ToolDocument {
  format: 1;
  description?: string;
  pages: ToolPage[];
}

export const BLOCK_TYPES: { type: BlockType; title: string; hint: string }[] = [
  { type: "table", title: "表格", hint: "列表数据：选择列、默认筛选、排序、导出和行操作" },
  { type: "form", title: "表单", hint: "提交一个变更操作，例如修改人才的自定义字段" },
  { type: "detail", title: "详情", hint: "一条记录的字段与相关列表，常由表格选中行驱动" },
  { type: "chart", title: "图表", hint: "分组统计的柱状图、折线图或饼图" },
  { type: "stat", title: "指标", hint: "一个数字，例如符合条件的记录数" },
  { type: "text", title: "说明文字", hint: "Markdown 文字，例如办事指引" },
  { type: "filterBar", title: "筛选栏", hint: "让使用者输入条件，作用于本页的表格、图表和指标" },
];

export function blockTypeTitle(type: BlockType): string {
  return BLOCK_TYPES.find((b) => b.type === type)?.title ?? type;
}

export function emptyDocument(title = "首页"): ToolDocument {
  return { format: 1, pages: [{ key: "main", title, blocks: [newBlock("text", "intro")] }] };
}

export function newBlock(type: BlockType, key: string): Block {
  const title = blockTypeTitle(type);
  switch (type) {
    case "table":
      return { key, type, title, connection: "", columns: [], pageSize: 20, export: false, rowActions: [] };
    case "form":
      return { key, type, title, mutation: "", fields: [], successMessage: "提交成功" };
    case "detail":
      return { key, type, title, nodeType: "", fields: [] };
    case "chart":
      return { key, type, title, kind: "bar", source: { query: "", groupBy: [], mapping: { category: "labels", value: "count" } } };
    case "stat":
      return { key, type, title, connection: "", value: "list.totalCount", unit: "" };
    case "text":
      return { key, type, title: "说明", markdown: "在此填写说明。" };
    case "filterBar":
      return { key, type, title: "筛选", fields: [], targets: [] };
  }
}

/** A block key not yet used on the page: table1, table2… */
export function freshKey(page: ToolPage, type: BlockType): string {
  const used = new Set(page.blocks.map((b) => b.key));
  for (let i = 1; ; i++) if (!used.has(`${type}${i}`)) return `${type}${i}`;
}

function argType(schema: Schema, root: "Query" | "Mutation", field: string, arg: string): string | null {
  const a = schema.field(root, field)?.args.find((x) => x.name === arg);
  return a ? printType(a.type) : null;
}

/** A root field's call with the variables it accepts among `wanted`: ($filter: TalentFilter …) and (filter: $filter …). */
function call(schema: Schema, field: string, wanted: string[]): { defs: string; args: string } {
  const present = wanted.filter((w) => argType(schema, "Query", field, w));
  const defs = present.map((w) => `$${w}: ${argType(schema, "Query", field, w)}`).join(", ");
  const args = present.map((w) => `${w}: $${w}`).join(", ");
  return { defs: defs ? `(${defs})` : "", args: args ? `(${args})` : "" };
}

function literal(value: any): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (value && typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${literal(v)}`)
      .join(", ")}}`;
  return /^[A-Z][A-Z0-9_]*$/.test(String(value)) ? String(value) : JSON.stringify(value);
}

function selectionPaths(columns: ToolColumn[]): string[] {
  return columns.map((c) => c.path);
}

export function nodeTypeOf(schema: Schema, connection: string): string {
  const conn = schema.field("Query", connection);
  return conn ? schema.nodeType(conn).name : "";
}

/** The operation a data block runs, from its properties; null for blocks that run none. */
export function blockOperation(schema: Schema, block: Block): string | null {
  switch (block.type) {
    case "table": {
      if (!block.connection || !block.columns?.length) return null;
      const c = call(schema, block.connection, ["filter", "first", "offset", "orderBy"]);
      const sel = selectionFor(schema, nodeTypeOf(schema, block.connection), selectionPaths(block.columns));
      return `query ToolTable${c.defs} { list: ${block.connection}${c.args} { totalCount nodes ${sel} } }`;
    }
    case "stat": {
      if (!block.connection) return null;
      const c = call(schema, block.connection, ["filter"]);
      const args = c.args ? c.args.replace(/\)$/, ", first: 1)") : "(first: 1)";
      return `query ToolStat${c.defs} { list: ${block.connection}${args} { totalCount } }`;
    }
    case "chart": {
      const source = block.source;
      if (!source?.query) return null;
      const c = call(schema, source.query, ["filter"]);
      const group = source.groupBy?.length ? `groupBy: ${literal(source.groupBy)}` : "";
      const args = [c.args.slice(1, -1), group].filter(Boolean).join(", ");
      return `query ToolChart${c.defs} { rows: ${source.query}${args ? `(${args})` : ""} { keys labels count } }`;
    }
    case "detail": {
      if (!block.nodeType || !block.fields?.length) return null;
      const paths = selectionPaths(block.fields);
      const sel = selectionFor(schema, block.nodeType, paths).slice(1, -1);
      const related = (block.related ?? [])
        .map((r) => {
          const f = schema.field(block.nodeType!, r.field);
          if (!f) return "";
          const t = schema.type(namedType(f.type));
          const nodes = t.fields?.find((x) => x.name === "nodes");
          const item = nodes ? namedType(nodes.type) : t.name;
          const inner = selectionFor(schema, item, selectionPaths(r.columns));
          return nodes ? `${r.field} { nodes ${inner} }` : `${r.field} ${inner}`;
        })
        .join(" ");
      return `query ToolDetail($id: ID!) { node(id: $id) { ... on ${block.nodeType} { ${sel} ${related} } } }`;
    }
    case "form":
      return block.mutation ? mutationText(schema, block.mutation, "ToolForm").text : null;
    default:
      return null;
  }
}

export function rowActionOperation(schema: Schema, mutation: string): string {
  return mutationText(schema, mutation, "ToolAction").text;
}

/** Every block's operation regenerated from its properties (before saving or previewing). */
export function withOperations(schema: Schema, doc: ToolDocument): ToolDocument {
  const copy: ToolDocument = JSON.parse(JSON.stringify(doc));
  for (const page of copy.pages)
    for (const block of page.blocks) {
      const op = blockOperation(schema, block);
      if (op) block.operation = op;
      else delete block.operation;
      for (const a of block.rowActions ?? []) a.operation = rowActionOperation(schema, a.mutation);
    }
  return copy;
}

/** Where a block's operation sits in the document: the key of its trusted hash. */
export function operationPath(pageIndex: number, blockIndex: number, rowAction?: number): string {
  const block = `pages[${pageIndex}].blocks[${blockIndex}]`;
  return rowAction === undefined ? `${block}.operation` : `${block}.rowActions[${rowAction}].operation`;
}

/** The connection-like root field whose filter a block's `$filter` is (for filter bars). */
export function filterTypeOf(schema: Schema, block: Block): string | null {
  const root = block.type === "chart" ? block.source?.query : block.connection;
  if (!root) return null;
  const a = schema.field("Query", root)?.args.find((x) => x.name === "filter");
  return a ? namedType(a.type) : null;
}

/** One filter-bar value as a condition: a date on a date-time field means that whole day (China time). */
export function barCondition(field: FilterField, value: any, operator?: string): Record<string, any> | null {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return null;
  if (field.widget === "datetime" && (operator === "day" || /^\d{4}-\d{2}-\d{2}$/.test(String(value)))) {
    const day = String(value).slice(0, 10);
    const next = new Date(`${day}T00:00:00+08:00`);
    next.setUTCDate(next.getUTCDate() + 1);
    const end = `${next.toISOString().slice(0, 10)}T00:00:00+08:00`;
    return { [field.name]: { gte: `${day}T00:00:00+08:00`, lt: end } };
  }
  const op = operator && operator !== "day" ? operator : field.operators.includes("eq") ? "eq" : field.operators[0];
  return buildFilter([{ field: field.name, operator: op, value, negate: false }], [field], "and");
}

/** A block's filter: its default and everything aimed at it (filter bars, a linked row). */
export function combinedFilter(parts: (Record<string, any> | null | undefined)[]): Record<string, any> | null {
  const present = parts.filter((p): p is Record<string, any> => !!p && Object.keys(p).length > 0);
  if (!present.length) return null;
  return present.length === 1 ? present[0] : { and: present };
}

/** The values a linked row gives its target: { serviceRequestId: row.id } → filter { serviceRequestId: { eq } }. */
export function linkValues(link: Link, row: any): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [name, path] of Object.entries(link.variables)) out[name] = valueAt(row, path);
  return out;
}

export function linkFilter(values: Record<string, any>, fields: FilterField[]): Record<string, any> | null {
  const parts = Object.entries(values).map(([name, value]) => {
    const f = fields.find((x) => x.name === name);
    if (!f) return null;
    return f.bare ? { [name]: value } : { [name]: f.operators.includes("eq") ? { eq: value } : value };
  });
  return combinedFilter(parts);
}

/** A filter-bar field's opening value: "today" → 2026-12-03 in China time. */
export function barDefault(f: FilterBarField): any {
  if (f.default === "today") return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return f.default ?? null;
}

/** A filter bar's filter for the given values (its fields resolved against `available`). */
export function barFilter(bar: Block, available: FilterField[], values: Record<string, any>): Record<string, any> | null {
  const parts = ((bar.fields ?? []) as FilterBarField[]).map((f) => {
    const field = available.find((a) => a.name === f.field);
    return field ? barCondition(field, values[f.field], f.operator) : null;
  });
  return combinedFilter(parts);
}
