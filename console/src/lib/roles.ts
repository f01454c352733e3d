// Role names as offices say them, and the scope kind each role is held on.
export const ROLE_NAMES: Record<string, string> = {
  platform_admin: "平台管理员",
  province_admin: "省级人才办",
  city_admin: "市级人才办",
  county_admin: "县级人才办",
  window_specialist: "窗口专员",
  department_admin: "部门管理员",
  handler: "承办专员",
  unit_specialist: "单位专员",
  talent: "人才",
  auditor: "审计员",
  federation: "省级平台",
  card_verifier: "核验员",
};

/** jur:130102 for jurisdiction roles, dept:<id> for department roles, org:<id> for a unit's. */
export const ROLE_SCOPE_HINT: Record<string, string> = {
  department_admin: "dept:部门编号",
  handler: "dept:部门编号",
  unit_specialist: "org:单位编号",
  talent: "talent:人才编号",
};
