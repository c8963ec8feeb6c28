import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Checks an App Bridge session token (HS256 JWT signed with the client secret) the way Shopify does
 * before a token exchange: signature, `aud` = client id, `dest` = the shop, and `nbf`/`exp` around now
 * (reference §2.4). Returns what is wrong, or undefined when it is good.
 */
export function sessionTokenProblem(
  jwt: string,
  expect: { clientId: string; secret: string; shop: string; nowMs: number },
): string | undefined {
  const [header, payload, signature, ...rest] = jwt.split(".");
  if (!header || !payload || !signature || rest.length > 0) return "session token is not a JWT";
  const want = createHmac("sha256", expect.secret).update(`${header}.${payload}`).digest();
  const got = Buffer.from(signature, "base64url");
  if (want.length !== got.length || !timingSafeEqual(want, got)) return "session token signature is invalid";
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return "session token payload is not JSON";
  }
  const nowSeconds = expect.nowMs / 1000;
  if (claims.aud !== expect.clientId) return "session token audience is not this app";
  if (claims.dest !== `https://${expect.shop}`) return "session token is for another shop";
  if (typeof claims.exp !== "number" || claims.exp <= nowSeconds) return "session token has expired";
  if (typeof claims.nbf === "number" && claims.nbf > nowSeconds + 5) return "session token is not valid yet";
  return undefined;
}

/** A session token as App Bridge would mint it (tests and the `/_sim` helpers). */
export function signSessionToken(claims: Record<string, unknown>, secret: string): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v), "utf8").toString("base64url");
  const head = `${enc({ alg: "HS256", typ: "JWT" })}.${enc(claims)}`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}
