import {
  type DocumentNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

/**
 * Estimates a query's *requested* cost the way Shopify describes it: scalars and enums 0, objects 1,
 * a connection `2 + first × (node cost)`, a list with `first:` `first × (item cost)`, fragments on an
 * interface counted in full (an upper bound of Shopify's "max over possible types"). Used to reserve points
 * in the limiter before sending, and in tests to keep every document below the 1000-point ceiling.
 * @see https://shopify.dev/docs/api/usage/limits#cost-calculation
 */
export function estimateQueryCost(
  document: string | DocumentNode,
  variables: Record<string, unknown> = {},
): number {
  const ast = typeof document === "string" ? parse(document) : document;
  const operation = ast.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (!operation) return 0;
  const fragments = new Map<string, SelectionSetNode>();
  for (const definition of ast.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition.selectionSet);
  }
  return selectionCost(operation.selectionSet, { variables, fragments });
}

interface CostContext {
  variables: Record<string, unknown>;
  fragments: Map<string, SelectionSetNode>;
}

function selectionCost(selectionSet: SelectionSetNode, context: CostContext): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) cost += selectionCost(selection.selectionSet, context);
    else if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = context.fragments.get(selection.name.value);
      if (fragment) cost += selectionCost(fragment, context);
    } else if (selection.selectionSet && selection.name.value !== "pageInfo") {
      cost += fieldCost(selection.selectionSet, pageSize(selection.arguments ?? [], context), context);
    }
  }
  return cost;
}

function fieldCost(selectionSet: SelectionSetNode, size: number | null, context: CostContext): number {
  if (size === null) return 1 + selectionCost(selectionSet, context);
  const itemSet = connectionItemSelection(selectionSet);
  if (itemSet) return 2 + size * (1 + selectionCost(itemSet, context));
  return size * (1 + selectionCost(selectionSet, context));
}

/** For `{ nodes { … } }` or `{ edges { node { … } } }` the selection of one node; null for a plain list. */
function connectionItemSelection(selectionSet: SelectionSetNode): SelectionSetNode | null {
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || !selection.selectionSet) continue;
    if (selection.name.value === "nodes") return selection.selectionSet;
    if (selection.name.value === "edges") {
      const node = selection.selectionSet.selections.find(
        (inner) => inner.kind === Kind.FIELD && inner.name.value === "node",
      );
      if (node?.kind === Kind.FIELD && node.selectionSet) return node.selectionSet;
    }
  }
  return null;
}

function pageSize(args: readonly { name: { value: string }; value: ValueNode }[], context: CostContext) {
  const arg = args.find((candidate) => candidate.name.value === "first" || candidate.name.value === "last");
  if (!arg) return null;
  if (arg.value.kind === Kind.INT) return Number(arg.value.value);
  if (arg.value.kind === Kind.VARIABLE) {
    const value = context.variables[arg.value.name.value];
    return typeof value === "number" ? value : 250; // unknown → the maximum Shopify allows
  }
  return 250;
}
