import { gql } from "./graphql";
import { session, type Me } from "./session";
import { loadMyTools } from "./tools";

export async function loadMe(): Promise<Me> {
  const data = await gql<{ me: Me }>(
    `query ConsoleMe { me { username roles scopes capabilities { resource action scopes } talent { id name } } }`,
  );
  session.me = data.me;
  await loadMyTools(); // 我的工具 in the menu
  return data.me;
}
