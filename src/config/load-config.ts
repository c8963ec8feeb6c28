import { readFileSync } from "node:fs";
import { parseDocument, visit } from "yaml";
import type { z } from "zod";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { type Config, configSchema } from "./config-schema.js";

/**
 * Reads the YAML file, resolves `${env:NAME}` and `${file:PATH}` references, validates the whole
 * document once and reports every problem with its path. The only reader of `process.env`.
 */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConnectorError(
      "MLC_CONFIG_INVALID",
      `cannot read configuration ${path}: ${(error as Error).message}`,
    );
  }
  return parseConfig(parseYamlKeepingNumberText(text), env, path);
}

/**
 * YAML would read `receivable: 100.1130` as the float 100.113 and `company: 00100` as 100; JDE keys are
 * text, so every plain number keeps its source text and the schema coerces the numeric settings.
 */
export function parseYamlKeepingNumberText(text: string): unknown {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new ConnectorError(
      "MLC_CONFIG_INVALID",
      `YAML syntax: ${document.errors.map((e) => e.message).join("; ")}`,
    );
  }
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === "number" && node.source !== undefined) node.value = node.source;
    },
  });
  return document.toJS();
}

export function parseConfig(
  document: unknown,
  env: NodeJS.ProcessEnv = process.env,
  source = "configuration",
): Readonly<Config> {
  const problems: string[] = [];
  const resolved = resolveReferences(document, env, [], problems);
  const result = configSchema.safeParse(resolved);
  if (!result.success) problems.push(...formatIssues(result.error.issues));
  if (problems.length > 0 || !result.success) {
    throw new ConnectorError(
      "MLC_CONFIG_INVALID",
      `${source} is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
      {
        detail: { problems },
      },
    );
  }
  return deepFreeze(result.data);
}

const REFERENCE = /^\$\{(env|file):([^}]+)\}$/;

function resolveReferences(
  value: unknown,
  env: NodeJS.ProcessEnv,
  path: (string | number)[],
  problems: string[],
): unknown {
  if (typeof value === "string") {
    const match = REFERENCE.exec(value);
    if (!match) return value;
    const [, kind, name] = match as unknown as [string, "env" | "file", string];
    if (kind === "env") {
      const found = env[name];
      if (found === undefined || found === "")
        problems.push(`${path.join(".")}: environment variable ${name} is not set`);
      return found ?? "";
    }
    try {
      return readFileSync(name, "utf8").trim();
    } catch {
      problems.push(`${path.join(".")}: cannot read secret file ${name}`);
      return "";
    }
  }
  if (Array.isArray(value))
    return value.map((item, i) => resolveReferences(item, env, [...path, i], problems));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolveReferences(v, env, [...path, k], problems)]),
    );
  }
  return value;
}

function formatIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join(".") : "(root)";
    if (issue.code === "unrecognized_keys") return `${where}: unknown key(s) ${issue.keys.join(", ")}`;
    return `${where}: ${issue.message}`;
  });
}

/** Freezes a configuration and everything in it (parseConfig, resolveStoredSecrets). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
