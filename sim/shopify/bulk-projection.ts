import { Kind, type SelectionSetNode } from "graphql";

/** The added selection that gives every node its id for children's `__parentId`; never written out. */
export const BULK_ID = "__bulkId";

/** A connection nested in a node, reached by response keys from that node, with its own nested connections. */
export interface NestedConnection {
  path: string[];
  fieldName: string;
  /** the selection on its nodes (as written, fragments not expanded) */
  nodeSelection: SelectionSetNode;
  children: NestedConnection[];
}

/**
 * A query the simulator can answer straight from the order store: plain fields of the order (no
 * arguments, sub-selections, fragments) and optionally plain fields of its `lineItems` nodes.
 * Response key → field name.
 */
export interface BulkProjection {
  fields: Map<string, string>;
  lineItems: { fields: Map<string, string> } | null;
}

/** The projection of a planned bulk query, or null when it needs the GraphQL executor. */
export function projectionOf(set: SelectionSetNode, nested: NestedConnection[]): BulkProjection | null {
  const [lines, ...others] = nested;
  if (others.length > 0) return null;
  if (lines && (lines.fieldName !== "lineItems" || lines.path.length !== 1 || lines.children.length > 0))
    return null;
  const fields = plainFields(set, lines?.path[0]);
  if (!fields) return null;
  if (!lines) return { fields, lineItems: null };
  const lineFields = plainFields(lines.nodeSelection);
  return lineFields ? { fields, lineItems: { fields: lineFields } } : null;
}

function plainFields(set: SelectionSetNode, skipKey?: string): Map<string, string> | null {
  const map = new Map<string, string>();
  for (const s of set.selections) {
    if (s.kind !== Kind.FIELD) return null;
    const key = s.alias?.value ?? s.name.value;
    if (key === skipKey || key === BULK_ID) continue;
    if (s.selectionSet || s.arguments?.length || s.directives?.length) return null;
    map.set(key, s.name.value);
  }
  return map;
}
