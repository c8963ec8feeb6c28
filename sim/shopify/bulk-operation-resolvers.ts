import type { GraphQLSchema } from "graphql";
import { bulkOperationView } from "./bulk-operation-views.js";
import type { BulkOperation, BulkOperations } from "./bulk-operations.js";
import { connection, type PageArgs } from "./connection.js";
import type { OrderStore } from "./order-store.js";

interface ListArgs extends PageArgs {
  query?: string | null;
  sortKey?: string | null;
}

/**
 * Bulk query operations through the Admin GraphQL API (reference §3.7): `bulkOperationRunQuery`,
 * `bulkOperationCancel`, `currentBulkOperation`, and where the pinned schema has them
 * `bulkOperation(id:)` and `bulkOperations`. Bulk mutations are not simulated.
 */
export function bulkOperationResolvers(ctx: {
  bulk: BulkOperations;
  shop: string;
  schema: GraphQLSchema;
  /** the orders as the request's token sees them */
  store: OrderStore;
  mayReadOrders: boolean;
  personalData: boolean;
  baseUrl: string;
}) {
  const { bulk, shop } = ctx;
  const view = (op: BulkOperation) => bulkOperationView(op, bulk.statusOf(op), ctx.baseUrl);

  return {
    bulkOperationRunQuery(args: { query: string; groupObjects: boolean }) {
      const result = bulk.run({
        shop,
        query: args.query,
        groupObjects: args.groupObjects,
        schema: ctx.schema,
        store: ctx.store,
        mayReadOrders: ctx.mayReadOrders,
        personalData: ctx.personalData,
      });
      return result.ok
        ? { bulkOperation: view(result.op), userErrors: [] }
        : { bulkOperation: null, userErrors: result.userErrors };
    },
    bulkOperationCancel(args: { id: string }) {
      const result = bulk.cancel(shop, args.id);
      if (result.ok) return { bulkOperation: view(result.op), userErrors: [] };
      const op = bulk.get(shop, args.id);
      return {
        bulkOperation: op ? view(op) : null,
        userErrors: [{ field: ["id"], message: result.message }],
      };
    },
    currentBulkOperation(args: { type?: string | null }) {
      const op = bulk.current(shop, args.type ?? "QUERY");
      return op ? view(op) : null;
    },
    bulkOperation(args: { id: string }) {
      const op = bulk.get(shop, args.id);
      return op ? view(op) : null;
    },
    bulkOperations(args: ListArgs) {
      const wanted = filters(args.query);
      const ops = bulk
        .list(shop)
        .filter((op) => !wanted.status || bulk.statusOf(op) === wanted.status)
        .filter((op) => !wanted.type || op.type === wanted.type);
      if (args.sortKey === "COMPLETED_AT")
        ops.sort((a, b) => (a.completedAtMs ?? Infinity) - (b.completedAtMs ?? Infinity));
      return connection(ops, args, (op) => op.id, view);
    },
  };
}

/** `status:RUNNING operation_type:QUERY` (the filters a connector uses; others are ignored). */
function filters(query: string | null | undefined): { status?: string; type?: string } {
  const out: { status?: string; type?: string } = {};
  for (const [, key, value] of (query ?? "").matchAll(/(\w+):(\w+)/g)) {
    if (key === "status") out.status = value!.toUpperCase();
    if (key === "operation_type" || key === "type") out.type = value!.toUpperCase();
  }
  return out;
}
