// The text of a mutation run from a form: `mutation …($input: XInput!) { result: x(input: $input)
// { <returned ids and values> userErrors { field code message } } }`. Generic forms and tool
// blocks (forms, row actions) use this one generator, so a tool's stored operation is
// exactly what the form would have sent.
import { namedType, printType, type Schema } from "@/api/schema";

export interface MutationText {
  text: string;
  /** mutation(input: XInput!) rather than plain arguments */
  wrapped: boolean;
  inputType: string;
}

export function mutationText(schema: Schema, mutation: string, operationName = "ConsoleForm"): MutationText {
  const m = schema.field("Mutation", mutation);
  if (!m) throw new Error(`no mutation ${mutation}`);
  const input = m.args.length === 1 && m.args[0].name === "input" ? m.args[0] : null;
  const payloadType = schema.type(namedType(m.type));
  // Whatever the payload returns besides userErrors: records by id, values as they are
  // (a new API token's secret is shown once).
  const extra = (payloadType.fields ?? [])
    .filter((f) => f.name !== "userErrors")
    .map((f) => {
      const t = schema.types.get(namedType(f.type));
      if (t?.kind === "OBJECT") return t.fields?.some((x) => x.name === "id") ? `${f.name} { id }` : "";
      return t?.kind === "SCALAR" || t?.kind === "ENUM" ? f.name : "";
    })
    .filter(Boolean)
    .join(" ");
  const errors = "userErrors { field code message }";
  if (input) {
    const inputType = namedType(input.type);
    return {
      text: `mutation ${operationName}($input: ${inputType}!) { result: ${mutation}(input: $input) { ${extra} ${errors} } }`,
      wrapped: true,
      inputType,
    };
  }
  const defs = m.args.map((a) => `$${a.name}: ${printType(a.type)}`).join(", ");
  const call = m.args.map((a) => `${a.name}: $${a.name}`).join(", ");
  return {
    text: `mutation ${operationName}${defs ? `(${defs})` : ""} { result: ${mutation}${call ? `(${call})` : ""} { ${extra} ${errors} } }`,
    wrapped: false,
    inputType: "",
  };
}
