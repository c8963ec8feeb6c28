import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
} from "graphql";

export const MAX_PAGE_SIZE = 250;

export interface CostResult {
  requestedQueryCost: number;
  /** first/last problems, Shopify's wording where known */
  problems: string[];
}

/**
 * Requested cost, computed from the AST the way Shopify documents it (close enough, not exact):
 * scalar and enum fields 0, object fields 1 + their selections, a connection (type named *Connection)
 * 2 + (first|last) × the cost of one edge/node, a plain list with a `first` argument first × its item,
 * fragments on concrete types of an abstract field: the most expensive one; a mutation 10.
 */
export function computeQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): CostResult {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const problems: string[] = [];
  if (operation.operation === "mutation") return { requestedQueryCost: 10, problems };
  const root = schema.getQueryType();
  if (!root) return { requestedQueryCost: 0, problems };

  const argValue = (node: ValueNode) => valueFromASTUntyped(node, variables);

  const selectionCost = (set: SelectionSetNode | undefined, type: GraphQLNamedType): number => {
    if (!set || !(isObjectType(type) || isInterfaceType(type) || isAbstractType(type))) return 0;
    let common = 0;
    let maxConcrete = 0;
    const concreteCosts = new Map<string, number>();
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        common += fieldCost(sel, type);
        continue;
      }
      const frag = sel.kind === Kind.FRAGMENT_SPREAD ? fragments.get(sel.name.value) : sel;
      if (!frag) continue;
      const cond: GraphQLNamedType | undefined | null = frag.typeCondition
        ? schema.getType(frag.typeCondition.name.value)
        : type;
      if (!cond) continue;
      const cost = selectionCost(frag.selectionSet, cond);
      if (cond === type || isAbstractType(cond)) common += cost;
      else concreteCosts.set(cond.name, (concreteCosts.get(cond.name) ?? 0) + cost);
    }
    for (const c of concreteCosts.values()) maxConcrete = Math.max(maxConcrete, c);
    return common + maxConcrete;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLNamedType): number => {
    if (node.name.value.startsWith("__")) return 0;
    const def = (
      parent as { getFields?: () => Record<string, GraphQLField<unknown, unknown>> }
    ).getFields?.()[node.name.value];
    if (!def) return 0;
    const named = getNamedType(def.type);
    if (!isCompositeType(named)) return 0;
    const args = new Map(node.arguments?.map((a) => [a.name.value, argValue(a.value)]) ?? []);
    const size = (args.get("first") ?? args.get("last")) as number | null | undefined;
    if (typeof size === "number" && size > MAX_PAGE_SIZE) {
      problems.push(
        `The ${node.name.value} field's ${args.has("first") ? "first" : "last"} argument exceeds the maximum of ${MAX_PAGE_SIZE}.`,
      );
    }
    const children = selectionCost(node.selectionSet, named);
    if (parent.name.endsWith("Connection")) {
      // inside a connection: page info is free, edges are wrappers, each node costs 1 + its fields
      if (node.name.value === "pageInfo") return 0;
      return node.name.value === "edges" ? children : 1 + children;
    }
    if (named.name.endsWith("Connection")) {
      if (typeof size !== "number") {
        problems.push(`you must provide one of first or last (field ${node.name.value})`);
        return 2;
      }
      return 2 + size * children;
    }
    const unwrapped = isNonNullType(def.type) ? def.type.ofType : def.type;
    if (isListType(unwrapped)) return (typeof size === "number" ? size : 1) * (1 + children);
    return 1 + children;
  };

  return { requestedQueryCost: selectionCost(operation.selectionSet, root), problems };
}
