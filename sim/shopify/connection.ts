import { GraphQLError } from "graphql";

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

const encode = (key: string) => Buffer.from(JSON.stringify({ k: key }), "utf8").toString("base64url");

function decode(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { k?: unknown };
    if (typeof parsed.k === "string") return parsed.k;
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError("Invalid cursor for current pagination sort.", {
    extensions: { code: "BAD_REQUEST" },
  });
}

/**
 * A Relay connection over an already ordered list; cursors are opaque and carry the item's key, so a
 * page boundary stays put when other items change. `keyOf` must be unique.
 */
export function connection<T, V>(
  items: T[],
  args: PageArgs,
  keyOf: (item: T) => string,
  view: (item: T) => V,
) {
  let list = args.reverse ? [...items].reverse() : items;
  const indexOf = (cursor: string) => {
    const key = decode(cursor);
    const i = list.findIndex((x) => keyOf(x) === key);
    if (i < 0)
      throw new GraphQLError("Invalid cursor for current pagination sort.", {
        extensions: { code: "BAD_REQUEST" },
      });
    return i;
  };
  let start = args.after ? indexOf(args.after) + 1 : 0;
  let end = args.before ? indexOf(args.before) : list.length;
  if (typeof args.first === "number") end = Math.min(end, start + args.first);
  if (typeof args.last === "number") start = Math.max(start, end - args.last);
  const total = list.length;
  list = list.slice(start, end);
  const edges = list.map((item) => ({ cursor: encode(keyOf(item)), node: view(item) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: end < total,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Connection over a list with positional keys (sub-lists of an order that never reorder). */
export function indexConnection<T, V>(items: T[], args: PageArgs, view: (item: T) => V) {
  const keyed = items.map((item, i) => ({ item, key: String(i) }));
  return connection(
    keyed,
    args,
    (x) => x.key,
    (x) => view(x.item),
  );
}
