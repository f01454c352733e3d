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

/** A span of time as a clerk says it: 3 秒, 5 分钟, 2 小时 5 分, 3 天 2 小时. */
export function duration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `${s} 秒`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} 分钟`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} 小时 ${m % 60} 分` : `${h} 小时`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} 天 ${h % 24} 小时` : `${d} 天`;
}

/** A day as the API writes dates (2025-03-05), in the browser's own time zone. */
export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
