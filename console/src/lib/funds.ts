// What the 人才资金 pages share (and the 专家服务基层 ones borrow): status colours, a mutation
// run with its userErrors sorted onto the form's fields, and this month as the API writes it.
import { gql, type FieldError } from "@/api/graphql";

type TagType = "primary" | "success" | "warning" | "info" | "danger";

export const POLICY_TAGS: Record<string, TagType> = { DRAFT: "info", PUBLISHED: "success", RETIRED: "warning" };
export const APPLICATION_TAGS: Record<string, TagType> = {
  COUNTY_REVIEW: "warning",
  CITY_REVIEW: "warning",
  APPROVED: "success",
  REJECTED: "danger",
};
export const ENTITLEMENT_TAGS: Record<string, TagType> = { ACTIVE: "success", STOPPED: "danger", ENDED: "info" };
export const BATCH_TAGS: Record<string, TagType> = { DRAFT: "warning", APPROVED: "primary", SETTLED: "success" };
export const PAYMENT_TAGS: Record<string, TagType> = { PENDING: "warning", PAID: "success", FAILED: "danger" };
export const RECOVERY_TAGS: Record<string, TagType> = { OPEN: "danger", SETTLED: "success", WRITTEN_OFF: "info" };

export interface SortedErrors {
  /** Messages by form field (the last part of the error's path, e.g. input.amountFen → amountFen). */
  fields: Record<string, string>;
  /** Messages no shown field claims, one per line. */
  general: string[];
}

/** The server's userErrors beside the fields the form shows (`shown`), the rest as general messages. */
export function sortErrors(errors: FieldError[], shown: string[]): SortedErrors {
  const out: SortedErrors = { fields: {}, general: [] };
  for (const e of errors) {
    const name = (e.field ?? "").split(".").filter((p) => p !== "input").pop() ?? "";
    if (name && shown.includes(name) && !out.fields[name]) out.fields[name] = e.message;
    else out.general.push(e.message);
  }
  return out;
}

/** The month the API pays for, YYYY-MM, in the browser's time zone (the clerk's own month). */
export function thisMonth(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
}

/** Reads a picked file as base64 (the API's fileBase64 inputs), without the data: prefix. */
export function fileAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] ?? "");
    reader.onerror = () => reject(new Error("无法读取文件"));
    reader.readAsDataURL(file);
  });
}

/**
 * Runs a fund mutation (`applyForFund` takes `ApplyForFundInput`) and returns its payload:
 * `returns` (a selection of it) and its userErrors.
 */
export async function fundMutation(mutation: string, input: Record<string, any>, returns = ""): Promise<any> {
  const type = `${mutation[0].toUpperCase()}${mutation.slice(1)}Input`;
  const data = await gql(
    `mutation ConsoleFunds($input: ${type}!) { result: ${mutation}(input: $input) { ${returns} userErrors { field code message } } }`,
    { input },
  );
  return data.result;
}
