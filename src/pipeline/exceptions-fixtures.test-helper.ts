import type { AuditLog } from "../audit/audit-log.js";
import type { JournalLine } from "../domain/journal.js";
import type { PostingStore } from "../posting/posting-store.js";
import { transactionNumberFor } from "../posting/transaction-number.js";
import type { JobQueue } from "./job-queue.js";
import { ORDER_SYNC } from "./order-sync-job.js";

export const TENANT = "acme";
export const gid = (n: number) => `gid://shopify/Order/${n}`;

const account = (object: string) => ({ businessUnit: "100", object, subsidiary: "" });
export const lines = (amountMinor: bigint): JournalLine[] => [
  { account: account("1115"), amountMinor, kind: "clearing", explanation: "Shopify Payments" },
  { account: account("4100"), amountMinor: -amountMinor, kind: "revenue", explanation: "Product revenue" },
];

/**
 * Builds exceptions in a real store the way the service makes them: jobs parked or retried through
 * the queue, documents recorded, sent and answered through the posting store.
 */
export function exceptionFixtures(store: { jobs: JobQueue; posting: PostingStore; audit: AuditLog }) {
  return { parkedOrder, retryingOrder, documentOf };

  /** An order-sync job parked at `at`; `name` also goes into its audit trail as the job's read would. */
  async function parkedOrder(n: number, at: Date, park: { code: string; reason: string; name?: string }) {
    await store.jobs.enqueue({ tenantId: TENANT, kind: ORDER_SYNC, key: gid(n), runAt: at });
    const [job] = await claim(gid(n), at);
    if (park.name)
      await store.audit.append({
        tenantId: TENANT,
        orderId: gid(n),
        orderName: park.name,
        step: "order.read",
        at,
      });
    await store.jobs.park(job!, { code: park.code, reason: park.reason, now: at });
    return job!.id;
  }

  /** A pending order-sync job that failed `attempts` times with `error`; its next attempt a day on. */
  async function retryingOrder(n: number, at: Date, attempts: number, error: string) {
    await store.jobs.enqueue({ tenantId: TENANT, kind: ORDER_SYNC, key: gid(n), runAt: at });
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const [job] = await claim(gid(n), at);
      const runAt = attempt === attempts ? new Date(at.getTime() + 86_400_000) : at;
      await store.jobs.retry(job!, { error, runAt, now: at });
    }
  }

  /** One document of order `n`, recorded and sent at `at`, then answered `status` (unless "sent"). */
  async function documentOf(
    n: number,
    at: Date,
    status: "sent" | "rejected" | "accepted" | "unknown",
    errors: { code: string; description: string }[] = [],
  ) {
    const { recorded } = await store.posting.recordDocuments({
      tenantId: TENANT,
      orderId: gid(n),
      orderName: `#${n}`,
      documents: [
        {
          glDate: "2026-11-20",
          currency: "USD",
          decimals: 2,
          lines: lines(2_500n),
          eventIds: [`event-${n}`],
        },
      ],
      edtnForSequence: (sequence) => transactionNumberFor(gid(n), sequence),
      now: at,
    });
    const document = recorded[0]!;
    await store.posting.markSent([document.key], `B${n}`, { now: at });
    if (status !== "sent") await store.posting.markOutcome(document.key, { status, errors }, { now: at });
    return document;
  }

  /** Claims this order's job: the fixtures leave no other job runnable at `at`. */
  async function claim(key: string, at: Date) {
    const claimed = await store.jobs.claim({ workerId: "test", limit: 1, leaseMs: 60_000, now: at });
    if (claimed[0]?.key !== key) throw new Error(`claimed ${claimed[0]?.key ?? "nothing"}, not ${key}`);
    return claimed;
  }
}
