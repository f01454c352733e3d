// The custom fields (自定义字段) that apply in a jurisdiction, per record type, read once:
// columns, filters and forms of tools show them with their Chinese labels and widgets.
import { gql } from "./graphql";
import type { Widget } from "@/lib/filters";

export interface CustomFieldDef {
  key: string;
  label: string;
  kind: "TEXT" | "NUMBER" | "DATE" | "ENUM" | "BOOLEAN" | "ATTACHMENT";
  options: string[];
  required: boolean;
  personal: boolean;
}

/** Record types that carry custom fields. */
export const CUSTOM_TYPES = ["Talent", "Employer", "ServiceRequest"];

const cache = new Map<string, Promise<CustomFieldDef[]>>();

export function loadCustomFields(type: string, jurisdictionCode: string): Promise<CustomFieldDef[]> {
  if (!CUSTOM_TYPES.includes(type) || !jurisdictionCode) return Promise.resolve([]);
  const key = `${type}@${jurisdictionCode}`;
  if (!cache.has(key)) {
    const loaded = gql<{ defs: CustomFieldDef[] }>(
      `query ConsoleCustomFields($type: String!, $code: String!) {
        defs: customFieldDefinitions(type: $type, jurisdictionCode: $code) { key label kind options required personal } }`,
      { type, code: jurisdictionCode },
    )
      .then((d) => d.defs)
      .catch(() => {
        cache.delete(key);
        return [] as CustomFieldDef[];
      });
    cache.set(key, loaded);
  }
  return cache.get(key)!;
}

export function customWidget(def: CustomFieldDef): Widget {
  const widgets: Record<string, Widget> = { NUMBER: "number", DATE: "date", BOOLEAN: "boolean", ENUM: "enum" };
  return widgets[def.kind] ?? "text";
}

/** The record type whose custom fields a mutation's input sets: UpdateTalentInput → Talent. */
export function customTypeOfInput(inputType: string): string | undefined {
  return [...CUSTOM_TYPES].sort((a, b) => b.length - a.length).find((t) => inputType.includes(t));
}
