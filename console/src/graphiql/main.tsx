// GraphiQL with the explorer, from local assets (no CDN): for integrators and
// county offices trying queries. Behind login: it uses the console's session and
// sends anyone without one to the console's login page first.
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import { explorerPlugin } from "@graphiql/plugin-explorer";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import "graphiql/graphiql.css";
import "@graphiql/plugin-explorer/dist/style.css";

const TOKEN_KEY = "talentgate.token";
const token = localStorage.getItem(TOKEN_KEY);

if (!token) {
  location.replace(`/console/login?next=${encodeURIComponent("/graphiql")}&external=1`);
} else {
  const fetcher = createGraphiQLFetcher({ url: "/graphql", headers: { Authorization: `Bearer ${token}` } });
  const explorer = explorerPlugin();
  const start = `# 人才服务网关 GraphQL 接口调试（以当前登录身份执行）
query MyCapabilities {
  me { username roles capabilities { resource action scopes } }
}
`;
  createRoot(document.getElementById("graphiql")!).render(
    <GraphiQL fetcher={fetcher} plugins={[explorer]} defaultQuery={start} />,
  );
}
