// Money as the API has it: the Fen scalar, whole fen (300000 = 3,000.00 元). Clerks read and
// type yuan; the conversion works on the digits, never through floating point.

/** Fen as yuan with two decimals and thousands separators: 300000 → "3,000.00". */
export function yuanText(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return "—";
  const sign = fen < 0 ? "-" : "";
  const whole = Math.floor(Math.abs(fen) / 100);
  const cents = String(Math.abs(fen) % 100).padStart(2, "0");
  return `${sign}${whole.toLocaleString("en-US")}.${cents}`;
}

const YUAN = /^(\d{1,13})(?:\.(\d{0,2}))?$/;

/**
 * What a clerk typed as yuan ("3000", "3,000.5", "0.01") in fen, or null when it is not an
 * amount of at most two decimals. Blank gives undefined (an optional amount left out).
 */
export function parseYuan(text: string | null | undefined): number | null | undefined {
  const cleaned = (text ?? "").replace(/[,，\s]/g, "").replace(/元$/, "");
  if (!cleaned) return undefined;
  const match = YUAN.exec(cleaned);
  if (!match) return null;
  const cents = (match[2] ?? "").padEnd(2, "0");
  return Number(match[1]) * 100 + Number(cents);
}

/** The message beside an amount field that does not parse. */
export const BAD_AMOUNT = "金额有误：以元为单位，最多两位小数";
