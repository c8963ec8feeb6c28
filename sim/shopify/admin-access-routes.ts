import type { FastifyInstance } from "fastify";
import { registerAccessControlRoutes } from "./access-control-routes.js";
import type { AdminAccess } from "./admin-access.js";
import type { GraphqlDeps } from "./graphql-endpoint.js";
import { registerOauthRoutes } from "./oauth-routes.js";
import { registerRestCustomerRoutes } from "./rest-customer-routes.js";
import { registerRestOrderRoutes } from "./rest-order-routes.js";
import { createRestRoute } from "./rest-route-kit.js";

/** Everything beyond GraphQL that a token touches: OAuth, the REST Admin API, and their `/_sim` knobs. */
export function registerAdminAccessRoutes(
  app: FastifyInstance,
  deps: { access: AdminAccess; graphql: GraphqlDeps },
): void {
  const { access, graphql } = deps;
  registerOauthRoutes(app, access);
  const route = createRestRoute(app, { access, resolveVersion: graphql.schemas.resolveVersion });
  route("/admin/oauth/access_scopes.json", null, ({ auth }) => ({
    body: { access_scopes: auth.access.scopes.map((handle) => ({ handle })) },
  }));
  registerRestOrderRoutes(route, graphql.store);
  registerRestCustomerRoutes(route, graphql.store);
  registerAccessControlRoutes(app, { access, graphqlBucket: graphql.bucket });
}
