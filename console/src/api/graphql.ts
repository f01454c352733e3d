// One way to talk to the gateway: POST /graphql with the session's bearer token.
// Top-level errors become GatewayError (code + Chinese message); an UNAUTHENTICATED
// answer to a signed-in session ends the session, and a network failure flips the
// "server unreachable" banner instead of surfacing a stack to the clerk.
import { reactive } from "vue";
import { session, endSession } from "./session";

export interface FieldError {
  field: string | null;
  code: string;
  message: string;
}

export class GatewayError extends Error {
  constructor(
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

export const connectivity = reactive({ reachable: true, lastFailure: "" });

const CODE_MESSAGES: Record<string, string> = {
  UNAUTHENTICATED: "请先登录",
  FORBIDDEN: "无权执行此操作",
  NOT_FOUND: "未找到",
  VALIDATION: "输入有误",
  LIMIT_EXCEEDED: "请求过于频繁，请稍后再试",
  INVALID_STATE: "当前状态下不能执行此操作",
  CONFLICT: "数据已被他人修改，请刷新后重试",
};

function hasChinese(text: string): boolean {
  return /[\u4e00-\u9fff]/.test(text);
}

/** The message a clerk sees: the server's (Chinese) message, or a Chinese fallback by code. */
export function clerkMessage(code: string, message?: string): string {
  if (message && hasChinese(message)) return message;
  return CODE_MESSAGES[code] ?? "操作失败，请稍后重试";
}

export async function gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  return post<T>({ query, variables });
}

/** A published tool's trusted operation, by its hash only: the server runs the text it registered. */
export async function persisted<T = any>(toolId: string, sha256: string, variables: Record<string, unknown>): Promise<T> {
  return post<T>({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: sha256 }, toolId } });
}

async function post<T>(body: Record<string, unknown>): Promise<T> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  let response: Response;
  try {
    response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify(body) });
  } catch {
    connectivity.reachable = false;
    connectivity.lastFailure = new Date().toLocaleTimeString("zh-CN");
    throw new GatewayError("UNREACHABLE", "无法连接服务器，请检查网络后重试");
  }
  connectivity.reachable = true;
  let answer: any;
  try {
    answer = await response.json();
  } catch {
    throw new GatewayError("SERVER", `服务器返回异常（HTTP ${response.status}），请稍后重试`);
  }
  const errors: any[] = answer.errors ?? [];
  if (errors.length) {
    const first = errors[0];
    const code: string = first.extensions?.code ?? "SERVER";
    if (code === "UNAUTHENTICATED" && session.token) {
      endSession("expired");
    }
    throw new GatewayError(code, clerkMessage(code, first.message));
  }
  return answer.data as T;
}

/** Runs a mutation whose payload has `userErrors`; returns the payload or throws the first error. */
export async function mutate<T extends { userErrors: FieldError[] }>(
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const data = await gql<Record<string, T>>(query, variables);
  return Object.values(data)[0];
}
