// Row actions for a record type: the mutations whose input names the record by an
// id field of that type (cardId for Card, handoffId for Handoff, id for updateX).
import { namedType, label, type Schema } from "@/api/schema";

export interface RowAction {
  mutation: string;
  title: string;
  idField: string;
}

function lowerFirst(s: string): string {
  return s[0].toLowerCase() + s.slice(1);
}

export function rowActions(schema: Schema, typeName: string): RowAction[] {
  const idName = `${lowerFirst(typeName)}Id`;
  const out: RowAction[] = [];
  for (const m of schema.mutation.fields ?? []) {
    const input = m.args.find((a) => a.name === "input");
    if (!input) continue;
    const fields = schema.types.get(namedType(input.type))?.inputFields ?? [];
    const byIdName = fields.find((f) => f.name === idName);
    const byId = m.name.endsWith(typeName) && !m.name.startsWith("create") ? fields.find((f) => f.name === "id") : undefined;
    const idField = byIdName ?? byId;
    if (idField) out.push({ mutation: m.name, title: label(m.description, m.name), idField: idField.name });
  }
  return out;
}

/** Mutations that create a record of the type (createTalent, submitServiceRequest…). */
export function createActions(schema: Schema, typeName: string): RowAction[] {
  return (schema.mutation.fields ?? [])
    .filter((m) => m.name === `create${typeName}`)
    .map((m) => ({ mutation: m.name, title: label(m.description, m.name), idField: "" }));
}
