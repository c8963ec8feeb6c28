import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy between the connector and its JDE database (PostgreSQL stand-in), for faults a real
 * database shows: down (connections dropped, new ones refused), and a COMMIT whose acknowledgement is
 * lost (the server committed; the client sees the connection die). Seeded, so runs repeat.
 */
export interface TcpProxy {
  port: number;
  /** `postgres://…@host:port/db` rewritten to go through the proxy. */
  rewrite(url: string): string;
  setDown(down: boolean): void;
  /** Drops the reply to this share of COMMITs, after the server received them. */
  loseCommitAcks(rate: number): void;
  stats(): { connections: number; refused: number; commits: number; lostCommitAcks: number };
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, seed = 1): Promise<TcpProxy> {
  let down = false;
  let lossRate = 0;
  let random = seed >>> 0;
  const stats = { connections: 0, refused: 0, commits: 0, lostCommitAcks: 0 };
  const open = new Set<Socket>();
  const next = () => {
    random = (Math.imul(random, 1_664_525) + 1_013_904_223) >>> 0;
    return random / 2 ** 32;
  };

  const server: Server = createServer((client) => {
    if (down) {
      stats.refused += 1;
      client.destroy();
      return;
    }
    stats.connections += 1;
    const upstream = connect(target.port, target.host);
    let swallowReply = false;
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      socket.on("error", drop);
    }
    client.on("data", (chunk: Buffer) => {
      // PostgreSQL simple query: 'Q' + length + "COMMIT\0".
      if (chunk[0] === 0x51 && chunk.includes("COMMIT")) {
        stats.commits += 1;
        if (next() < lossRate) swallowReply = true;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (swallowReply) {
        stats.lostCommitAcks += 1;
        drop();
        return;
      }
      client.write(chunk);
    });
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;

  return {
    port,
    rewrite(url) {
      const parsed = new URL(url);
      parsed.hostname = "127.0.0.1";
      parsed.port = String(port);
      return parsed.toString();
    },
    setDown(value) {
      down = value;
      if (down) for (const socket of open) socket.destroy();
    },
    loseCommitAcks(rate) {
      lossRate = rate;
    },
    stats: () => ({ ...stats }),
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Host and port of a `postgres://` URL. */
export function postgresTarget(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 5432) };
}
