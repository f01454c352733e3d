// Every page of the console, the menu group it sits in and who may open it. The
// menu and the router guard both read this list, so a page nobody may open is
// neither shown nor reachable (a direct URL shows 无权访问).
import type { Component } from "vue";
import { can } from "@/api/session";

export interface Page {
  path: string;
  name: string;
  title: string;
  group: string;
  allowed: () => boolean;
  component: () => Promise<Component | { default: Component }>;
  /** Pages reached from others (detail, forms) stay out of the menu. */
  hidden?: boolean;
}

const OFFICE = ["jur", "org", "*"];

/** Root connection → the permission resource its rows belong to. */
export const CONNECTION_RESOURCES: Record<
  string,
  { resource: string; title: string; kinds?: string[]; columns?: string[] }
> = {
  talents: {
    resource: "talent",
    title: "人才",
    kinds: OFFICE,
    columns: ["name", "gender", "idNumber", "education", "status", "jurisdiction.name", "employer.name", "category.name"],
  },
  employers: { resource: "employer", title: "用人单位", kinds: OFFICE },
  recognitions: { resource: "recognition", title: "人才认定", kinds: OFFICE },
  cards: {
    resource: "card",
    title: "人才卡",
    kinds: OFFICE,
    columns: ["number", "holder.name", "tier.name", "status", "issuedOn", "expiresOn"],
  },
  cardRevocations: { resource: "card_revocation", title: "撤卡流程", kinds: ["jur", "dept", "org", "*"] },
  serviceRequests: {
    resource: "service_request",
    title: "服务申请",
    kinds: ["jur", "dept", "org", "*"],
    columns: ["number", "talent.name", "status", "channel", "receivedAt", "dueOn", "completedAt"],
  },
  handoffs: {
    resource: "handoff",
    title: "承办件",
    kinds: ["jur", "dept", "org", "*"],
    columns: ["serviceRequest.number", "item.name", "department.name", "status", "dueOn", "overdue", "completedAt"],
  },
  complaints: { resource: "complaint", title: "投诉", kinds: ["jur", "dept", "*"] },
  specialists: { resource: "specialist", title: "服务专员", kinds: ["jur", "dept", "org", "*"] },
  successions: { resource: "specialist_succession", title: "专员交接", kinds: ["jur", "dept", "org", "*"] },
  serviceItems: {
    resource: "service_item",
    title: "服务事项",
    columns: ["code", "name", "version", "category", "mode", "status", "timeLimitWorkdays", "jurisdiction.name"],
  },
  talentCategories: { resource: "talent_category", title: "人才类别" },
  cardProgrammes: { resource: "card_programme", title: "人才卡种" },
  directRecognitionRules: { resource: "direct_rule", title: "直接认定规则" },
  jurisdictions: { resource: "jurisdiction", title: "行政区划" },
  departments: { resource: "department", title: "职能部门" },
  serviceWindows: { resource: "service_window", title: "服务窗口" },
  quarterlyArchiveReports: { resource: "archive_report", title: "季度归档报告", kinds: ["jur", "*"] },
};

export function mayList(connection: string): boolean {
  const entry = CONNECTION_RESOURCES[connection];
  return !!entry && can(entry.resource, "read", entry.kinds);
}

const inJurisdiction = ["jur", "*"];

export const PAGES: Page[] = [
  { path: "/", name: "home", title: "工作台", group: "", allowed: () => true, component: () => import("@/pages/HomePage.vue") },
  {
    path: "/window/intake",
    name: "window-intake",
    title: "接件受理",
    group: "窗口受理",
    allowed: () => can("service_request", "create", inJurisdiction) && can("talent", "read", inJurisdiction),
    component: () => import("@/pages/window/IntakePage.vue"),
  },
  {
    path: "/window/requests",
    name: "window-requests",
    title: "受理记录",
    group: "窗口受理",
    allowed: () => can("service_request", "create", inJurisdiction),
    component: () => import("@/pages/window/RequestsPage.vue"),
  },
  {
    path: "/handler/inbox",
    name: "handler-inbox",
    title: "待办承办件",
    group: "部门承办",
    allowed: () => can("handoff", "handle"),
    component: () => import("@/pages/handler/InboxPage.vue"),
  },
  {
    path: "/offices/import",
    name: "talent-import",
    title: "人才导入",
    group: "人才管理",
    allowed: () => can("talent", "create", ["jur", "*"]),
    component: () => import("@/pages/offices/ImportPage.vue"),
  },
  {
    path: "/offices/compliance",
    name: "compliance",
    title: "专员配备达标",
    group: "人才管理",
    allowed: () => can("specialist", "read", ["jur", "*"]),
    component: () => import("@/pages/offices/CompliancePage.vue"),
  },
  {
    path: "/offices/calendar",
    name: "calendar",
    title: "工作日历",
    group: "人才管理",
    allowed: () => can("calendar", "admin"),
    component: () => import("@/pages/offices/CalendarPage.vue"),
  },
  {
    path: "/supervision",
    name: "supervision",
    title: "督办看板",
    group: "督办考核",
    allowed: () => can("supervision_record", "read"),
    component: () => import("@/pages/supervision/DashboardPage.vue"),
  },
  {
    path: "/audit",
    name: "audit",
    title: "审计日志",
    group: "审计",
    allowed: () => can("audit_event", "read"),
    component: () => import("@/pages/audit/AuditPage.vue"),
  },
  {
    path: "/verify",
    name: "verify",
    title: "人才卡核验",
    group: "核验",
    allowed: () => can("card", "verify"),
    component: () => import("@/pages/verify/VerifyPage.vue"),
  },
  // 人才资金: policies, applications and their review, entitlements, payroll and the bank,
  // recoveries. Talents see their own on 我的服务 instead.
  {
    path: "/funds/policies",
    name: "fund-policies",
    title: "资金政策",
    group: "人才资金",
    allowed: () => can("fund_policy", "read", OFFICE),
    component: () => import("@/pages/funds/PoliciesPage.vue"),
  },
  {
    path: "/funds/overview",
    name: "fund-overview",
    title: "资金监管",
    group: "人才资金",
    allowed: () => can("payment", "read", OFFICE),
    component: () => import("@/pages/funds/OverviewPage.vue"),
  },
  {
    path: "/funds/applications",
    name: "fund-applications",
    title: "资金申领",
    group: "人才资金",
    allowed: () => can("fund_application", "read", OFFICE),
    component: () => import("@/pages/funds/ApplicationsPage.vue"),
  },
  {
    path: "/funds/entitlements",
    name: "entitlements",
    title: "享受资格",
    group: "人才资金",
    allowed: () => can("entitlement", "read", OFFICE),
    component: () => import("@/pages/funds/EntitlementsPage.vue"),
  },
  {
    path: "/funds/payroll",
    name: "payroll",
    title: "资金发放",
    group: "人才资金",
    allowed: () => can("payment_batch", "read", inJurisdiction),
    component: () => import("@/pages/funds/PayrollPage.vue"),
  },
  {
    path: "/funds/recoveries",
    name: "recoveries",
    title: "资金追回",
    group: "人才资金",
    allowed: () => can("recovery", "read", OFFICE),
    component: () => import("@/pages/funds/RecoveriesPage.vue"),
  },
  // 专家服务基层: designated counties, the experts a county lists for a year, their service
  // records and the receiving county's confirmation, days against the 15 required. Experts
  // see and record their own on 我的服务.
  {
    path: "/grassroots/confirm",
    name: "grassroots-confirm",
    title: "服务确认",
    group: "专家服务基层",
    allowed: () => can("grassroots_service", "approve", inJurisdiction),
    component: () => import("@/pages/grassroots/ConfirmPage.vue"),
  },
  {
    path: "/grassroots/services",
    name: "grassroots-services",
    title: "服务记录",
    group: "专家服务基层",
    allowed: () => can("grassroots_service", "read", OFFICE),
    component: () => import("@/pages/grassroots/ServicesPage.vue"),
  },
  {
    path: "/grassroots/experts",
    name: "grassroots-experts",
    title: "服务专家",
    group: "专家服务基层",
    allowed: () => can("grassroots_expert", "read", OFFICE),
    component: () => import("@/pages/grassroots/ExpertsPage.vue"),
  },
  {
    path: "/grassroots/compliance",
    name: "grassroots-compliance",
    title: "服务达标",
    group: "专家服务基层",
    allowed: () => can("grassroots_expert", "read", inJurisdiction),
    component: () => import("@/pages/grassroots/CompliancePage.vue"),
  },
  {
    path: "/grassroots/areas",
    name: "grassroots-areas",
    title: "服务基层地区",
    group: "专家服务基层",
    allowed: () => can("grassroots_area", "create") || can("grassroots_expert", "read", inJurisdiction),
    component: () => import("@/pages/grassroots/AreasPage.vue"),
  },
  // 省级平台: the sources a province or city office gathers, and the views over their store.
  {
    path: "/province/sources",
    name: "province-sources",
    title: "数据源",
    group: "省级平台",
    allowed: () => can("source", "read", inJurisdiction),
    component: () => import("@/pages/province/SourcesPage.vue"),
  },
  {
    path: "/province/card-holders",
    name: "province-card-holders",
    title: "持卡人才库",
    group: "省级平台",
    allowed: () => can("province_record", "read", inJurisdiction),
    component: () => import("@/pages/province/CardHoldersPage.vue"),
  },
  {
    path: "/province/moves",
    name: "province-moves",
    title: "人才流动",
    group: "省级平台",
    allowed: () => can("province_record", "read", inJurisdiction),
    component: () => import("@/pages/province/TalentMovesPage.vue"),
  },
  {
    path: "/me",
    name: "talent-home",
    title: "我的服务",
    group: "",
    allowed: () => can("talent", "read", ["talent"]),
    component: () => import("@/pages/talent/TalentHome.vue"),
  },
  {
    path: "/admin/users",
    name: "admin-users",
    title: "用户与授权",
    group: "系统管理",
    allowed: () => can("user", "read"),
    component: () => import("@/pages/admin/UsersPage.vue"),
  },
  {
    path: "/admin/tokens",
    name: "admin-tokens",
    title: "接口令牌",
    group: "系统管理",
    allowed: () => can("api_token", "create"),
    component: () => import("@/pages/admin/TokensPage.vue"),
  },
  {
    path: "/tools",
    name: "tools",
    title: "工具工坊",
    group: "低代码工具",
    allowed: () => can("tool", "create"),
    component: () => import("@/pages/tools/ToolsPage.vue"),
  },
  {
    path: "/tools/new",
    name: "tool-builder-new",
    title: "新建工具",
    group: "低代码工具",
    hidden: true,
    allowed: () => can("tool", "create"),
    component: () => import("@/pages/tools/ToolBuilder.vue"),
  },
  {
    path: "/tools/:id/build",
    name: "tool-builder",
    title: "工具搭建",
    group: "低代码工具",
    hidden: true,
    allowed: () => can("tool", "update"),
    component: () => import("@/pages/tools/ToolBuilder.vue"),
  },
  {
    path: "/tool/:id",
    name: "tool",
    title: "工具",
    group: "我的工具",
    hidden: true,
    allowed: () => true, // the server answers NOT_FOUND for a tool the user may not open
    component: () => import("@/pages/tools/ToolRunPage.vue"),
  },
  {
    path: "/data/:connection",
    name: "data",
    title: "数据列表",
    group: "数据浏览",
    hidden: true,
    allowed: () => true, // checked per connection by the guard (mayList)
    component: () => import("@/pages/generic/DataListPage.vue"),
  },
  {
    path: "/node/:id",
    name: "node",
    title: "详情",
    group: "",
    hidden: true,
    allowed: () => true, // the server answers NOT_FOUND for what the user may not see
    component: () => import("@/pages/generic/NodeDetailPage.vue"),
  },
  {
    path: "/action/:mutation",
    name: "action",
    title: "办理",
    group: "",
    hidden: true,
    allowed: () => true, // the server refuses what the user may not do, with a coded error
    component: () => import("@/pages/generic/ActionPage.vue"),
  },
];
