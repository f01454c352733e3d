// The live schema, read once per session by introspection: the generic pages build
// their filters, columns and forms from it, and enum pickers show the Chinese
// description of each value (审核中 rather than IN_REVIEW).
import { gql } from "./graphql";

export interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
export interface InputValue {
  name: string;
  description: string | null;
  type: TypeRef;
  defaultValue: string | null;
}
export interface Field {
  name: string;
  description: string | null;
  args: InputValue[];
  type: TypeRef;
}
export interface FullType {
  kind: string;
  name: string;
  description: string | null;
  fields: Field[] | null;
  inputFields: InputValue[] | null;
  enumValues: { name: string; description: string | null }[] | null;
}

const TYPE_REF = "kind name ofType { kind name ofType { kind name ofType { kind name } } }";
const INTROSPECTION = `query ConsoleSchema { __schema {
  queryType { name } mutationType { name }
  types { kind name description
    fields { name description type { ${TYPE_REF} } args { name description defaultValue type { ${TYPE_REF} } } }
    inputFields { name description defaultValue type { ${TYPE_REF} } }
    enumValues { name description } } } }`;

export class Schema {
  readonly types = new Map<string, FullType>();
  constructor(types: FullType[]) {
    for (const t of types) this.types.set(t.name, t);
  }
  type(name: string): FullType {
    const t = this.types.get(name);
    if (!t) throw new Error(`unknown type ${name}`);
    return t;
  }
  field(typeName: string, fieldName: string): Field | undefined {
    return this.types.get(typeName)?.fields?.find((f) => f.name === fieldName);
  }
  get query(): FullType {
    return this.type("Query");
  }
  get mutation(): FullType {
    return this.type("Mutation");
  }
  /** Root fields that return a relay connection (lists with totalCount and paging). */
  connections(): Field[] {
    return (this.query.fields ?? []).filter((f) => {
      const t = this.types.get(namedType(f.type));
      return !!t && t.name.endsWith("Connection") && !!t.fields?.some((x) => x.name === "totalCount");
    });
  }
  /** The node type of a connection field (TalentConnection → Talent). */
  nodeType(connection: Field): FullType {
    const conn = this.type(namedType(connection.type));
    const nodes = conn.fields!.find((f) => f.name === "nodes")!;
    return this.type(namedType(nodes.type));
  }
  enumLabel(enumName: string, value: string): string {
    const v = this.types.get(enumName)?.enumValues?.find((e) => e.name === value);
    return v?.description ? label(v.description) : value;
  }
}

/** Strips NON_NULL and LIST wrappers. */
export function namedType(ref: TypeRef): string {
  let t: TypeRef | null = ref;
  while (t && !t.name) t = t.ofType;
  return t?.name ?? "";
}
export function isList(ref: TypeRef): boolean {
  let t: TypeRef | null = ref;
  while (t) {
    if (t.kind === "LIST") return true;
    t = t.ofType;
  }
  return false;
}
export function isRequired(ref: TypeRef): boolean {
  return ref.kind === "NON_NULL";
}
/** A type reference as GraphQL writes it: [ID!]! — for variable definitions. */
export function printType(ref: TypeRef): string {
  if (ref.kind === "NON_NULL") return `${printType(ref.ofType!)}!`;
  if (ref.kind === "LIST") return `[${printType(ref.ofType!)}]`;
  return ref.name ?? "";
}
/** "人才 · a talent" → "人才": descriptions lead with the Chinese term. */
export function label(description: string | null | undefined, fallback = ""): string {
  if (!description) return fallback;
  return description.split(" · ")[0].trim() || fallback;
}

let loaded: Promise<Schema> | null = null;

export function loadSchema(): Promise<Schema> {
  loaded ??= gql<{ __schema: { types: FullType[] } }>(INTROSPECTION)
    .then((d) => new Schema(d.__schema.types))
    .catch((e) => {
      loaded = null;
      throw e;
    });
  return loaded;
}

export function forgetSchema(): void {
  loaded = null;
}
