// Row actions for a record type: the mutations whose input names such a record by an id
// field — `cardId` for Card, `revocationId` for CardRevocation (the type ends so),
// `successionId` for SpecialistSuccession, or plain `id` when the mutation is named
// after the type (updateTalent, markTalentLeft, publishServiceItem).
import { namedType, label, type Schema } from "@/api/schema";

export interface RowAction {
  mutation: string;
  title: string;
  idField: string;
}

function capitalized(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

function namesType(fieldName: string, mutationName: string, typeName: string): boolean {
  if (fieldName === "id") return mutationName.includes(typeName) && !mutationName.startsWith("create");
  const stem = fieldName.endsWith("Id") ? fieldName.slice(0, -2) : "";
  return !!stem && typeName.endsWith(capitalized(stem));
}

export function rowActions(schema: Schema, typeName: string): RowAction[] {
  const out: RowAction[] = [];
  for (const m of schema.mutation.fields ?? []) {
    const input = m.args.find((a) => a.name === "input");
    if (!input) continue;
    const fields = schema.types.get(namedType(input.type))?.inputFields ?? [];
    const idField = fields.find(
      (f) => f.type.kind === "NON_NULL" && namedType(f.type) === "ID" && namesType(f.name, m.name, typeName),
    );
    if (idField) out.push({ mutation: m.name, title: label(m.description, m.name), idField: idField.name });
  }
  return out;
}

/** Mutations that create a record of the type (createTalent, createEmployer…). */
export function createActions(schema: Schema, typeName: string): RowAction[] {
  return (schema.mutation.fields ?? [])
    .filter((m) => m.name === `create${typeName}`)
    .map((m) => ({ mutation: m.name, title: label(m.description, m.name), idField: "" }));
}
