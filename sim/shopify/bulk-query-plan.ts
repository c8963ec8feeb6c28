import {
  type ASTNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  TypeInfo,
  validate,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
} from "graphql";
import { BULK_ID, type BulkProjection, type NestedConnection, projectionOf } from "./bulk-projection.js";
import { shopifyValidationError } from "./graphql-errors.js";

export type { NestedConnection } from "./bulk-projection.js";
export { BULK_ID } from "./bulk-projection.js";

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code: "INVALID" | "LIMIT_REACHED" | "OPERATION_IN_PROGRESS";
}

export interface BulkQueryPlan {
  /** the top-level connection, e.g. `orders` */
  rootField: string;
  /** its `query`, `sortKey`, `reverse` (paging arguments do not apply to a bulk query) */
  rootArgs: { query?: string | null; sortKey?: string | null; reverse?: boolean | null };
  /** `{ order(id: "") { <node selection> } }` + fragments: runs once per root object */
  nodeDocument: DocumentNode;
  projection: BulkProjection | null;
  nested: NestedConnection[];
}

const PAGING = new Set(["first", "last", "after", "before"]);
const SINGLE_OBJECT_FIELD: Record<string, string> = { orders: "order" };
const MAX_CONNECTIONS = 5;
const MAX_NESTING = 2;

type PlanResult = { ok: true; plan: BulkQueryPlan } | { ok: false; userErrors: BulkUserError[] };

/**
 * Checks a `bulkOperationRunQuery` query as Shopify does (reference §3.7): a valid query on QueryRoot
 * against the real schema, at least one connection, at most 5 connections and 2 levels of nesting, no
 * connection inside a list field, no top-level `node`/`nodes`. Wordings are Shopify's where known,
 * otherwise [UNCONFIRMED]. The simulator answers bulk queries on `orders` only.
 */
export function planBulkQuery(schema: GraphQLSchema, query: string): PlanResult {
  const invalid = (message: string): PlanResult => ({
    ok: false,
    userErrors: [{ field: ["query"], message, code: "INVALID" }],
  });
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (e) {
    return invalid((e as Error).message);
  }
  const problems = validate(schema, document);
  if (problems.length > 0) {
    const userErrors = problems.map((p) => ({
      field: ["query"],
      message: String(shopifyValidationError(p).message),
      code: "INVALID" as const,
    }));
    return { ok: false, userErrors };
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations[0];
  if (operations.length !== 1 || !operation || operation.operation !== "query")
    return invalid("Bulk queries must contain exactly one query operation.");
  if (operation.variableDefinitions?.length) return invalid("Bulk queries cannot use variables.");
  const fragments = fragmentsOf(document);
  const queryRoot = schema.getQueryType()!;
  const roots = collectFields(operation.selectionSet, queryRoot, schema, fragments).filter(
    (f) => f.node.name.value !== "__typename",
  );
  const root = roots[0];
  if (roots.length !== 1 || !root) return invalid("Bulk queries must contain exactly one top-level field.");
  const rootName = root.node.name.value;
  if (rootName === "node" || rootName === "nodes")
    return invalid("The top-level node and nodes fields can't be used in bulk queries.");
  const rootType = getNamedType(queryRoot.getFields()[rootName]!.type);
  if (!isConnection(rootType)) return invalid("Bulk queries must contain at least one connection.");
  const single = SINGLE_OBJECT_FIELD[rootName];
  if (!single) return invalid(`simulator does not implement bulk queries on QueryRoot.${rootName}`);

  const shape = { connections: 1, problem: null as string | null };
  const nodeType = nodeTypeOf(rootType);
  const nodeSets = nodeSelections(root.node, rootType, schema, fragments);
  const nested = walk(nodeSets, nodeType, { depth: 1, inList: false, path: [] }, schema, fragments, shape);
  if (shape.problem) return invalid(shape.problem);
  if (shape.connections > MAX_CONNECTIONS)
    return invalid(`Bulk queries cannot contain more than ${MAX_CONNECTIONS} connections.`);

  const prepared = prepareForExecution(document, schema);
  const preparedOperation = prepared.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  const preparedRoot = collectFields(
    preparedOperation.selectionSet,
    queryRoot,
    schema,
    fragmentsOf(prepared),
  )[0]!;
  const preparedNodeSets = nodeSelections(preparedRoot.node, rootType, schema, fragmentsOf(prepared));
  const selectionSet: SelectionSetNode = {
    kind: Kind.SELECTION_SET,
    selections: preparedNodeSets.flatMap((s) => s.selections),
  };
  return {
    ok: true,
    plan: {
      rootField: rootName,
      rootArgs: argumentsOf(root.node),
      nodeDocument: nodeDocument(single, selectionSet, prepared),
      projection: projectionOf(selectionSet, nested),
      nested,
    },
  };
}

interface Collected {
  node: FieldNode;
  parent: GraphQLNamedType;
}

/** Fields of a selection set with fragments expanded (each with the type it is selected on). */
function collectFields(
  set: SelectionSetNode,
  parent: GraphQLNamedType,
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
): Collected[] {
  return set.selections.flatMap((s): Collected[] => {
    if (s.kind === Kind.FIELD) return [{ node: s, parent }];
    const fragment = s.kind === Kind.FRAGMENT_SPREAD ? fragments.get(s.name.value) : s;
    if (!fragment) return [];
    const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
    return collectFields(fragment.selectionSet, condition ?? parent, schema, fragments);
  });
}

function walk(
  sets: SelectionSetNode[],
  type: GraphQLNamedType,
  at: { depth: number; inList: boolean; path: string[] },
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
  shape: { connections: number; problem: string | null },
): NestedConnection[] {
  const found: NestedConnection[] = [];
  for (const set of sets) {
    for (const { node, parent } of collectFields(set, type, schema, fragments)) {
      const def = fieldsOf(parent)[node.name.value];
      if (!def || !node.selectionSet) continue;
      const named = getNamedType(def.type);
      const key = node.alias?.value ?? node.name.value;
      if (isConnection(named)) {
        shape.connections++;
        if (at.inList)
          shape.problem ??=
            "Queries that contain a connection field within a list field are not currently supported.";
        if (at.depth + 1 > MAX_NESTING)
          shape.problem ??= `Bulk queries cannot contain more than ${MAX_NESTING} levels of nested connections.`;
        const childSets = nodeSelections(node, named, schema, fragments);
        const children = walk(
          childSets,
          nodeTypeOf(named),
          { depth: at.depth + 1, inList: false, path: [] },
          schema,
          fragments,
          shape,
        );
        const nodeSelection: SelectionSetNode = {
          kind: Kind.SELECTION_SET,
          selections: childSets.flatMap((s) => s.selections),
        };
        found.push({ path: [...at.path, key], fieldName: node.name.value, nodeSelection, children });
        continue;
      }
      const inList = at.inList || isListType(getNullableType(def.type));
      found.push(
        ...walk(
          [node.selectionSet],
          named,
          { depth: at.depth, inList, path: [...at.path, key] },
          schema,
          fragments,
          shape,
        ),
      );
    }
  }
  return found;
}

/** The selection sets that apply to a connection's nodes: `edges { node {…} }` and `nodes {…}`. */
function nodeSelections(
  field: FieldNode,
  connectionType: GraphQLNamedType,
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
): SelectionSetNode[] {
  if (!field.selectionSet) return [];
  const sets: SelectionSetNode[] = [];
  for (const { node } of collectFields(field.selectionSet, connectionType, schema, fragments)) {
    if (node.name.value === "nodes" && node.selectionSet) sets.push(node.selectionSet);
    if (node.name.value !== "edges" || !node.selectionSet) continue;
    const edgeType = getNamedType(fieldsOf(connectionType).edges!.type);
    for (const inner of collectFields(node.selectionSet, edgeType, schema, fragments))
      if (inner.node.name.value === "node" && inner.node.selectionSet) sets.push(inner.node.selectionSet);
  }
  return sets;
}

/**
 * Paging arguments dropped from every connection (a bulk query returns every child) [UNCONFIRMED that
 * Shopify ignores rather than honours them], and `__bulkId: id` added to every node selection.
 */
function prepareForExecution(document: DocumentNode, schema: GraphQLSchema): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  const idField: FieldNode = {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: BULK_ID },
    name: { kind: Kind.NAME, value: "id" },
  };
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        leave(node): ASTNode {
          const type = getNamedType(typeInfo.getType() ?? undefined);
          const parent = typeInfo.getParentType();
          let next: FieldNode = node;
          if (type && isConnection(type))
            next = { ...next, arguments: (node.arguments ?? []).filter((a) => !PAGING.has(a.name.value)) };
          const isNodeSet =
            (node.name.value === "node" && parent?.name.endsWith("Edge")) ||
            (node.name.value === "nodes" && parent != null && isConnection(parent));
          if (isNodeSet && next.selectionSet && type && "id" in fieldsOf(type))
            next = {
              ...next,
              selectionSet: { ...next.selectionSet, selections: [...next.selectionSet.selections, idField] },
            };
          return next;
        },
      },
    }),
  );
}

function nodeDocument(single: string, selectionSet: SelectionSetNode, prepared: DocumentNode): DocumentNode {
  const template = parse(`{ ${single}(id: "") { __typename } }`);
  const operation = template.definitions[0] as OperationDefinitionNode;
  const field = operation.selectionSet.selections[0] as FieldNode;
  const withNode: OperationDefinitionNode = {
    ...operation,
    selectionSet: { ...operation.selectionSet, selections: [{ ...field, selectionSet }] },
  };
  return { kind: Kind.DOCUMENT, definitions: [withNode, ...fragmentsOf(prepared).values()] };
}

function argumentsOf(field: FieldNode): BulkQueryPlan["rootArgs"] {
  const args: Record<string, unknown> = {};
  for (const a of field.arguments ?? []) args[a.name.value] = valueFromASTUntyped(a.value);
  return args as BulkQueryPlan["rootArgs"];
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const map = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) map.set(d.name.value, d);
  return map;
}

type FieldMap = Record<string, { type: GraphQLOutputType }>;

function fieldsOf(type: GraphQLNamedType): FieldMap {
  return (type as { getFields?: () => FieldMap }).getFields?.() ?? {};
}

function isConnection(type: GraphQLNamedType): boolean {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return "edges" in fields && "pageInfo" in fields;
}

function nodeTypeOf(connection: GraphQLNamedType): GraphQLNamedType {
  const edge = getNamedType(fieldsOf(connection).edges!.type);
  return getNamedType(fieldsOf(edge).node!.type);
}
