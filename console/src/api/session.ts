// The signed-in user: token (kept in localStorage so GraphiQL in another tab shares it),
// who they are and what they may do. `can()` reads the server's compiled capabilities,
// so the menus never offer a page the server would refuse.
import { reactive } from "vue";

const TOKEN_KEY = "talentgate.token";

export interface Capability {
  resource: string;
  action: string;
  scopes: string[];
}

export interface Me {
  username: string;
  roles: string[];
  scopes: string[];
  capabilities: Capability[];
  talent: { id: string; name: string } | null;
}

export const session = reactive({
  token: localStorage.getItem(TOKEN_KEY) ?? "",
  me: null as Me | null,
  endedBecause: "" as "" | "expired" | "logout",
});

export function startSession(token: string): void {
  session.token = token;
  session.endedBecause = "";
  localStorage.setItem(TOKEN_KEY, token);
}

export function endSession(reason: "expired" | "logout"): void {
  session.token = "";
  session.me = null;
  session.endedBecause = reason;
  localStorage.removeItem(TOKEN_KEY);
  // The router guard sends the user to the login page with the reason.
  window.dispatchEvent(new CustomEvent("talentgate:session-ended", { detail: reason }));
}

/** May the user do `action` on `resource`, on a scope of one of `kinds` (jur, dept, org, talent, *)? */
export function can(resource: string, action: string, kinds?: string[]): boolean {
  const me = session.me;
  if (!me) return false;
  return me.capabilities.some(
    (c) =>
      c.resource === resource &&
      c.action === action &&
      (!kinds || c.scopes.some((s) => s === "*" || kinds.includes(s.split(":")[0]))),
  );
}

/** The user's own jurisdiction code (130102 for jur:130102), for default filters. */
export function homeJurisdiction(): string {
  return (session.me?.scopes.find((s) => s.startsWith("jur:")) ?? "jur:").slice(4);
}

export function hasRole(role: string): boolean {
  return session.me?.roles.includes(role) ?? false;
}
