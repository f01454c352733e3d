// Tools (工具) as the console reads and runs them. A published tool runs by hashes only
// (its trusted operations); the builder's preview runs the draft's texts with the
// builder's own token. Either way the viewer's own credential and scopes apply.
import { reactive } from "vue";
import { gql, persisted, GatewayError } from "./graphql";
import { session } from "./session";
import type { ToolDocument } from "@/lib/tooldoc";

export interface ToolSummary {
  id: string;
  key: string;
  name: string;
  status: string;
  version: number;
  isTemplate: boolean;
  roles: string[];
  needsRepair: boolean;
  jurisdiction: { code: string; name: string } | null;
}

export interface ToolVersion extends ToolSummary {
  description: string | null;
  document: ToolDocument;
  repairReason: string | null;
  templateVersion: number | null;
  templateUpdateAvailable: boolean;
  trustedOperations: { path: string; sha256: string }[];
}

export const TOOL_FIELDS = "id key name status version isTemplate roles needsRepair jurisdiction { code name }";

export async function loadTool(id: string): Promise<ToolVersion> {
  const data = await gql<{ tool: ToolVersion }>(
    `query ConsoleTool($id: ID!) { tool(id: $id) { ${TOOL_FIELDS} description document repairReason
      templateVersion templateUpdateAvailable trustedOperations { path sha256 } } }`,
    { id },
  );
  return data.tool;
}

/** How a tool view runs its blocks' operations. */
export interface Runner {
  toolId: string | null;
  trusted: Map<string, string>;
  /** The jurisdiction the tool serves (its custom fields apply there). */
  jurisdictionCode: string;
}

export function runnerFor(tool: ToolVersion | null, jurisdictionCode: string): Runner {
  const published = tool?.status === "PUBLISHED";
  return {
    toolId: published ? tool!.id : null,
    trusted: new Map(published ? tool!.trustedOperations.map((o) => [o.path, o.sha256]) : []),
    jurisdictionCode,
  };
}

export function runOperation<T = any>(
  runner: Runner,
  path: string,
  text: string | undefined,
  variables: Record<string, unknown>,
): Promise<T> {
  if (runner.toolId) {
    const sha = runner.trusted.get(path);
    if (!sha) return Promise.reject(new GatewayError("NOT_FOUND", "该区块的操作未登记，请联系工具管理员重新发布"));
    return persisted<T>(runner.toolId, sha, variables);
  }
  if (!text) return Promise.reject(new GatewayError("VALIDATION", "区块尚未配置完整"));
  return gql<T>(text, variables);
}

/** The published tools meant for the user, for the menu (我的工具). */
export const myTools = reactive({ list: [] as ToolSummary[] });

export async function loadMyTools(): Promise<void> {
  try {
    const data = await gql<{ tools: { nodes: ToolSummary[] } }>(
      `query ConsoleMyTools { tools(filter: { status: { eq: PUBLISHED } }, first: 100, orderBy: [{ field: NAME, direction: ASC }]) { nodes { ${TOOL_FIELDS} } } }`,
    );
    const roles = new Set(session.me?.roles ?? []);
    const home = (session.me?.scopes ?? []).filter((s) => s.startsWith("jur:")).map((s) => s.slice(4));
    // Templates from above are for cloning (工具工坊), not for daily use here.
    myTools.list = data.tools.nodes.filter(
      (t) => t.roles.some((r) => roles.has(r)) && (!t.isTemplate || home.includes(t.jurisdiction?.code ?? "")),
    );
  } catch {
    myTools.list = [];
  }
}
