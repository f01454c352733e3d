import { createRouter, createWebHistory, type RouteLocationNormalized } from "vue-router";
import { session } from "@/api/session";
import { loadMe } from "@/api/me";
import { PAGES, mayList } from "@/navigation";
import ConsoleLayout from "@/layouts/ConsoleLayout.vue";

export const router = createRouter({
  history: createWebHistory("/console/"),
  routes: [
    { path: "/login", name: "login", component: () => import("@/pages/LoginPage.vue"), meta: { public: true } },
    {
      path: "/",
      component: ConsoleLayout,
      children: [
        ...PAGES.map((p) => ({ path: p.path.slice(1), name: p.name, component: p.component, meta: { title: p.title } })),
        { path: "forbidden", name: "forbidden", component: () => import("@/pages/ForbiddenPage.vue") },
        { path: ":rest(.*)*", name: "missing", component: () => import("@/pages/ForbiddenPage.vue"), meta: { missing: true } },
      ],
    },
  ],
});

function permitted(to: RouteLocationNormalized): boolean {
  const page = PAGES.find((p) => p.name === to.name);
  if (!page) return true;
  if (page.name === "data") return mayList(String(to.params.connection));
  return page.allowed();
}

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (!session.token) {
    return { name: "login", query: { next: to.fullPath, reason: session.endedBecause || undefined } };
  }
  if (!session.me) {
    try {
      await loadMe();
    } catch {
      if (!session.token) return { name: "login", query: { next: to.fullPath, reason: "expired" } };
      throw new Error("无法读取当前用户");
    }
  }
  if (to.name === "home" && session.me?.roles.every((r) => r === "talent")) return { name: "talent-home" };
  if (!permitted(to)) return { name: "forbidden", query: { from: to.fullPath } };
  return true;
});

window.addEventListener("talentgate:session-ended", (e) => {
  const reason = (e as CustomEvent).detail;
  const current = router.currentRoute.value;
  if (current.name !== "login") router.push({ name: "login", query: { next: current.fullPath, reason } });
});
