import { gql } from "./graphql";
import { session, type Me } from "./session";
import { loadMyTools } from "./tools";

export async function loadMe(): Promise<Me> {
  const data = await gql<{ me: Me }>(
    `query ConsoleMe { me { username roles scopes capabilities { resource action scopes } talent { id name } } }`,
  );
  session.me = data.me;
  void loadMyTools(); // 我的工具 joins the menu when it arrives; the console does not wait for it
  return data.me;
}
