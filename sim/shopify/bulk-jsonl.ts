import { Readable } from "node:stream";
import { executeSync, type GraphQLSchema } from "graphql";
import { BULK_ID, type BulkQueryPlan, type NestedConnection } from "./bulk-query-plan.js";
import { detachedOrder } from "./compact-orders.js";
import { fieldResolver, typeResolver } from "./graphql-endpoint.js";
import { orderView } from "./graphql-order-view.js";
import { gid } from "./id-allocator.js";
import { visibleLines } from "./order-math.js";
import { isoUtc } from "./time-format.js";
import type { SimLineItem, SimOrder } from "./types.js";

export interface JsonlSource {
  plan: BulkQueryPlan;
  schema: GraphQLSchema;
  /** the root objects, in output order */
  orders: readonly SimOrder[];
  groupObjects: boolean;
  personalData: boolean;
}

/** Lines of some root objects and their nested children. */
export interface JsonlBatch {
  lines: string[];
  roots: number;
}

/** Without groupObjects, children follow their parent but not directly: after a block of this many parents. */
const UNGROUPED_BLOCK = 50;

/** Fields a plain `orders { id name … }` bulk query reads straight off the order, as orderView writes them. */
const CHEAP_FIELDS: Record<string, (o: SimOrder) => unknown> = {
  __typename: () => "Order",
  id: (o) => o.gid,
  legacyResourceId: (o) => o.id,
  name: (o) => o.name,
  createdAt: (o) => isoUtc(o.createdAtMs),
  processedAt: (o) => isoUtc(o.processedAtMs),
  updatedAt: (o) => isoUtc(o.updatedAtMs),
  cancelledAt: (o) => (o.cancelledAtMs === null ? null : isoUtc(o.cancelledAtMs)),
  test: (o) => o.test,
  currencyCode: (o) => o.currency,
  presentmentCurrencyCode: (o) => o.currency,
  taxesIncluded: (o) => o.taxesIncluded,
};

/** Plain LineItem fields, as graphql-order-parts writes them. */
const CHEAP_LINE_FIELDS: Record<string, (l: SimLineItem) => unknown> = {
  __typename: () => "LineItem",
  id: (l) => gid("LineItem", l.id),
  sku: (l) => l.sku || null,
  name: (l) => (l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title),
  title: (l) => l.title,
  variantTitle: (l) => l.variantTitle,
  vendor: (l) => l.vendor || null,
  quantity: (l) => l.quantity,
  isGiftCard: (l) => l.isGiftCard,
  taxable: (l) => l.taxable,
  requiresShipping: (l) => l.requiresShipping,
};

/**
 * The bulk result (reference §3.7), generated lazily one root object at a time: one JSON object per line,
 * nested connection nodes as separate lines with `__parentId` after their parent (directly after it
 * with groupObjects, after the parent's block without). `/` is written `\/` as in Shopify's files.
 * A plain selection of cheap fields never builds the order's details; anything else runs the node
 * selection through graphql-js against the order's view. `limitRoots` stops early (partial data).
 */
export function* bulkJsonlBatches(
  source: JsonlSource,
  limitRoots = Number.POSITIVE_INFINITY,
): Generator<JsonlBatch> {
  const { orders, groupObjects } = source;
  const end = Math.min(orders.length, limitRoots);
  const block = groupObjects ? 1 : UNGROUPED_BLOCK;
  for (let start = 0; start < end; start += block) {
    const parents: string[] = [];
    const children: string[] = [];
    for (let i = start; i < Math.min(end, start + block); i++) {
      const [parent, ...rest] = linesOf(orders[i]!, source);
      parents.push(parent!);
      children.push(...rest);
    }
    yield { lines: [...parents, ...children], roots: parents.length };
  }
}

/** The JSONL file as a stream of ~64 KB chunks, generated as the reader pulls. */
export function bulkJsonlStream(source: JsonlSource, limitRoots?: number): Readable {
  return Readable.from(chunks(bulkJsonlBatches(source, limitRoots)), { objectMode: false });
}

function* chunks(batches: Generator<JsonlBatch>): Generator<string> {
  let chunk = "";
  for (const batch of batches) {
    for (const line of batch.lines) chunk += `${line}\n`;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

function linesOf(order: SimOrder, source: JsonlSource): string[] {
  return linesFromStore(order, source) ?? linesFromGraphql(order, source);
}

/** The projection fast path: no GraphQL view, and no order details unless line items are asked for. */
function linesFromStore(order: SimOrder, source: JsonlSource): string[] | null {
  const projection = source.plan.projection;
  if (!projection) return null;
  const root = project(order, projection.fields, CHEAP_FIELDS);
  if (!root) return null;
  if (!projection.lineItems) return [serialize(root)];
  const lines = [serialize(root)];
  for (const item of visibleLines(detachedOrder(order))) {
    const child = project(item, projection.lineItems.fields, CHEAP_LINE_FIELDS);
    if (!child) return null;
    lines.push(serialize({ ...child, __parentId: order.gid }));
  }
  return lines;
}

function project<T>(
  source: T,
  fields: Map<string, string>,
  readers: Record<string, (x: T) => unknown>,
): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const [key, field] of fields) {
    const read = readers[field];
    if (!read) return null;
    out[key] = read(source);
  }
  return out;
}

function linesFromGraphql(order: SimOrder, source: JsonlSource): string[] {
  const view = orderView(detachedOrder(order), { personalData: source.personalData });
  const result = executeSync({
    schema: source.schema,
    document: source.plan.nodeDocument,
    rootValue: { order: view },
    fieldResolver,
    typeResolver,
  });
  if (result.errors?.length) throw new Error(result.errors[0]!.message);
  const node = (result.data as { order: Record<string, unknown> }).order;
  const children = splitChildren(node, source.plan.nested, []);
  return [serialize(strip(node)), ...children];
}

/** Moves nested connection nodes out of `node` into `out` (each followed by its own children). */
function splitChildren(node: Record<string, unknown>, nested: NestedConnection[], out: string[]): string[] {
  const parentId = node[BULK_ID];
  for (const connection of nested) {
    const holder = holderOf(node, connection.path);
    const key = connection.path.at(-1)!;
    const value = holder?.[key] as {
      edges?: { node: Record<string, unknown> }[];
      nodes?: Record<string, unknown>[];
    } | null;
    if (!holder || !value) continue;
    delete holder[key];
    const items = value.edges ? value.edges.map((e) => e.node) : (value.nodes ?? []);
    for (const child of items) {
      const grandchildren: string[] = [];
      splitChildren(child, connection.children, grandchildren);
      out.push(serialize({ ...strip(child), __parentId: parentId }), ...grandchildren);
    }
  }
  return out;
}

function holderOf(node: Record<string, unknown>, path: string[]): Record<string, unknown> | null {
  let at: unknown = node;
  for (const key of path.slice(0, -1)) {
    if (at === null || typeof at !== "object") return null;
    at = (at as Record<string, unknown>)[key];
  }
  return at !== null && typeof at === "object" ? (at as Record<string, unknown>) : null;
}

function strip(node: Record<string, unknown>): Record<string, unknown> {
  const { [BULK_ID]: _id, ...rest } = node;
  return rest;
}

function serialize(value: unknown): string {
  return JSON.stringify(value).replace(/\//g, "\\/");
}
