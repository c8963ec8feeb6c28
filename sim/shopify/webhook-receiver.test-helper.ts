import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  validSignature: boolean;
  /** what the receiver answered */
  status: number;
  atMs: number;
}

/** Decides the answer to one delivery; default: 401 on a bad HMAC (as the connector does), else 200. */
export type Responder = (w: Omit<ReceivedWebhook, "status">) => number;

/** A local HTTPS-less webhook endpoint that checks signatures like the connector and records everything. */
export async function startWebhookReceiver(secret: string) {
  const received: ReceivedWebhook[] = [];
  const defaultResponder: Responder = (w) => (w.validSignature ? 200 : 401);
  let responder = defaultResponder;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const want = createHmac("sha256", secret).update(raw).digest();
      const got = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
      const w = {
        path: req.url ?? "/",
        headers: req.headers,
        raw,
        validSignature: want.length === got.length && timingSafeEqual(want, got),
        atMs: Date.now(),
      };
      const status = responder(w);
      received.push({ ...w, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path = "/webhooks/shopify") => `${base}${path}`,
    received,
    respond(next: Responder | null) {
      responder = next ?? defaultResponder;
    },
    clear() {
      received.length = 0;
    },
    // biome-ignore lint/suspicious/noExplicitAny: tests walk untyped webhook JSON
    json: (w: ReceivedWebhook): any => JSON.parse(w.raw.toString("utf8")),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/** POST a GraphQL request to the simulator as the connector would. */
export async function adminGraphql(
  baseUrl: string,
  query: string,
  opts: { variables?: Record<string, unknown>; token?: string; version?: string } = {},
) {
  const res = await fetch(`${baseUrl}/admin/api/${opts.version ?? "2026-10"}/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": opts.token ?? "tok" },
    body: JSON.stringify({ query, variables: opts.variables ?? {} }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests walk untyped response JSON
  return (await res.json()) as any;
}
