// How a value looks in a cell: enums by their Chinese label, booleans 是/否, times local.
import type { Schema } from "@/api/schema";

export function formatValue(schema: Schema | null, value: any, scalar?: string, enumType?: string): string {
  if (value === null || value === undefined || value === "") return "—";
  if (enumType && schema) return schema.enumLabel(enumType, value);
  if (typeof value === "boolean") return value ? "是" : "否";
  if (scalar === "DateTime") return new Date(value).toLocaleString("zh-CN", { hour12: false });
  if (Array.isArray(value)) return value.join("、");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Amounts in fen (分) shown in yuan. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return "—";
  return (fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
