import type { GraphQLError } from "graphql";

/** Shopify (graphql-ruby) shapes for the most common validation errors; others keep graphql-js wording. */
export function shopifyValidationError(error: GraphQLError): Record<string, unknown> {
  const base = { locations: error.locations ?? [] };
  const field = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(error.message);
  if (field) {
    return {
      message: `Field '${field[1]}' doesn't exist on type '${field[2]}'`,
      ...base,
      extensions: { code: "undefinedField", typeName: field[2], fieldName: field[1] },
    };
  }
  const arg = /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"\./.exec(error.message);
  if (arg) {
    return {
      message: `Field '${arg[3]}' doesn't accept argument '${arg[1]}'`,
      ...base,
      extensions: { code: "argumentNotAccepted", name: arg[3], typeName: "Field", argumentName: arg[1] },
    };
  }
  return { message: error.message, ...base, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } };
}
