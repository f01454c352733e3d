import { gql } from "./graphql";
import { session, type Me } from "./session";

export async function loadMe(): Promise<Me> {
  const data = await gql<{ me: Me }>(
    `query ConsoleMe { me { username roles scopes capabilities { resource action scopes } talent { id name } } }`,
  );
  session.me = data.me;
  return data.me;
}
