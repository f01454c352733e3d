// An Apollo Gateway composing the subgraphs named in SUBGRAPHS ("name=url,name=url"),
// reading their SDL with SDL_TOKEN and forwarding each client's Authorization header.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from "@apollo/gateway";

const subgraphs = process.env.SUBGRAPHS.split(",").map((pair) => {
  const [name, url] = pair.split("=");
  return { name, url };
});

const gateway = new ApolloGateway({
  supergraphSdl: new IntrospectAndCompose({
    subgraphs,
    introspectionHeaders: { Authorization: `Bearer ${process.env.SDL_TOKEN}` },
  }),
  buildService: ({ url }) =>
    new RemoteGraphQLDataSource({
      url,
      willSendRequest({ request, context }) {
        if (context.authorization) request.http.headers.set("authorization", context.authorization);
      },
    }),
});

const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT) },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
});
console.log(`gateway ready at ${url}`);
