// 数据源 (the province's sources): their states and failure kinds as the console names them.
// A source's failures are filed by code; the message beside it is the technical detail.

/** Tag colours of SourceStatus (labels come from the schema: 同步中 / 已暂停 / 契约不兼容). */
export const SOURCE_STATUS_TAGS: Record<string, "success" | "info" | "danger"> = {
  ACTIVE: "success",
  PAUSED: "info",
  REFUSED: "danger",
};

const ERROR_LABELS: Record<string, string> = {
  UNREACHABLE: "无法连接",
  UNAUTHORIZED: "令牌被拒绝",
  SOURCE_ERROR: "数据源报错",
  CONTRACT: "契约不兼容",
  OUT_OF_JURISDICTION: "超出负责辖区",
  BAD_RECORD: "记录无效",
};

export function sourceErrorLabel(code: string): string {
  return ERROR_LABELS[code] ?? code;
}

/** `lastError` ("UNREACHABLE: ConnectError: …") as its kind in Chinese and the detail. */
export function splitLastError(text: string | null): { label: string; detail: string } | null {
  if (!text) return null;
  const match = /^([A-Z_]+): (.*)$/s.exec(text);
  return match ? { label: sourceErrorLabel(match[1]), detail: match[2] } : { label: "", detail: text };
}
