import { type Kysely, type Selectable, sql } from "kysely";
import type { CustomerFingerprint } from "../../customers/customer-fingerprint.js";
import type {
  AddressNumberAllocation,
  AddressNumberRange,
  CustomerLink,
  CustomerLinkInput,
  CustomerLinkSource,
  CustomerLinkState,
  CustomerLinks,
} from "../../customers/customer-links.js";
import { chunk } from "../../lib/chunk.js";
import type { CustomerLinksTable, Database } from "./database.js";
import { decodeCount, decodeOptionalTime, decodeTime } from "./row-codecs.js";
import type { StoreProfile } from "./store-profile.js";

/** Keeps IN lists far below the backends' bound-parameter limits. */
const CHUNK = 500;

/** CustomerLinks over Kysely for both backends. */
export function createKyselyCustomerLinks(deps: {
  db: Kysely<Database>;
  profile: StoreProfile;
}): CustomerLinks {
  const { db, profile } = deps;
  const now = () => profile.encodeTime(profile.clock.now());
  const links = (tenantId: string) =>
    db.selectFrom("customer_links").selectAll().where("tenant_id", "=", tenantId);

  return {
    async get(tenantId, customerGid) {
      const row = await links(tenantId).where("customer_gid", "=", customerGid).executeTakeFirst();
      return row ? toCustomerLink(row) : undefined;
    },
    async getMany(tenantId, customerGids) {
      const found = new Map<string, CustomerLink>();
      for (const part of chunk(customerGids, CHUNK)) {
        const rows = await links(tenantId).where("customer_gid", "in", part).execute();
        for (const row of rows) found.set(row.customer_gid, toCustomerLink(row));
      }
      return found;
    },
    upsert,
    async markSynced(sync) {
      const result = await db
        .updateTable("customer_links")
        .set({
          fingerprint: JSON.stringify(sync.fingerprint),
          customer_updated_at: profile.encodeTime(sync.customerUpdatedAt),
          updated_at: now(),
        })
        .where("tenant_id", "=", sync.tenantId)
        .where("customer_gid", "=", sync.customerGid)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async listPending(tenantId, limit) {
      const rows = await links(tenantId)
        // The predicate of the partial index customer_links_awaiting_jde (migration 0006) word for word,
        // with no bound value in it: a planner matches it to the index without knowing the parameters.
        .where(sql<boolean>`(state = 'pending' or reserved_address_number is not null)`)
        // Never checked first on both backends (PostgreSQL sorts NULL last by default, SQLite first).
        // SQLite reads this order from the index, sorting only ties of the last term.
        .orderBy("checked_at", (ob) => ob.asc().nullsFirst())
        .orderBy("created_at")
        .orderBy("customer_gid")
        .limit(limit)
        .execute();
      return rows.map(toCustomerLink);
    },
    async markChecked(tenantId, customerGids) {
      const at = now();
      for (const part of chunk(customerGids, CHUNK)) {
        await db
          .updateTable("customer_links")
          .set({ checked_at: at })
          .where("tenant_id", "=", tenantId)
          .where("customer_gid", "in", part)
          .execute();
      }
    },
    async markUpdateRefused(refusal) {
      const refusedAt = profile.encodeTime(refusal.refusedAt);
      const result = await db
        .updateTable("customer_links")
        .set({
          fingerprint: null,
          customer_updated_at: null,
          refused_update_at: refusedAt,
          updated_at: now(),
        })
        .where("tenant_id", "=", refusal.tenantId)
        .where("customer_gid", "=", refusal.customerGid)
        // One statement: two instances checking at once act on a refusal once.
        .where((eb) => eb.or([eb("refused_update_at", "is", null), eb("refused_update_at", "<", refusedAt)]))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async byAddressNumbers(tenantId, addressNumbers) {
      const found = new Map<string, CustomerLink[]>();
      for (const part of chunk([...new Set(addressNumbers)], CHUNK)) {
        const rows = await links(tenantId)
          .where("address_number", "in", part)
          .orderBy("created_at")
          .orderBy("customer_gid")
          .execute();
        for (const row of rows) {
          const addressNumber = row.address_number!; // matched by the IN list: never null
          const linked = found.get(addressNumber);
          if (linked) linked.push(toCustomerLink(row));
          else found.set(addressNumber, [toCustomerLink(row)]);
        }
      }
      return found;
    },
    eraseFingerprint,
    remove,
    eraseAllFingerprints,
    allocateNumbers,
  };

  async function upsert(link: CustomerLinkInput): Promise<CustomerLink> {
    const at = now();
    // What was sent stays true of the record while the number stays, or when a pending add gets its
    // number, and describes what was staged when a link goes back to pending (a refused add); another
    // number is another record, to which nothing has been sent yet.
    const keptIfSameRecord = (column: "fingerprint" | "customer_updated_at") =>
      sql<never>`case when customer_links.address_number is null
        or excluded.address_number is null
        or customer_links.address_number = excluded.address_number
        then ${sql.ref(`customer_links.${column}`)} else null end`;
    const row = await db
      .insertInto("customer_links")
      .values({
        tenant_id: link.tenantId,
        customer_gid: link.customerGid,
        address_number: link.addressNumber,
        state: link.state,
        source: link.source,
        fingerprint: null,
        customer_updated_at: null,
        created_at: at,
        updated_at: at,
        reserved_address_number: link.reservedAddressNumber ?? null,
      })
      .onConflict((conflict) =>
        conflict.columns(["tenant_id", "customer_gid"]).doUpdateSet((eb) => ({
          address_number: eb.ref("excluded.address_number"),
          state: eb.ref("excluded.state"),
          source: eb.ref("excluded.source"),
          fingerprint: keptIfSameRecord("fingerprint"),
          customer_updated_at: keptIfSameRecord("customer_updated_at"),
          updated_at: eb.ref("excluded.updated_at"),
          reserved_address_number:
            link.reservedAddressNumber === undefined
              ? eb.ref("customer_links.reserved_address_number")
              : eb.ref("excluded.reserved_address_number"),
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return toCustomerLink(row);
  }

  async function remove(tenantId: string, customerGid: string): Promise<boolean> {
    const result = await db
      .deleteFrom("customer_links")
      .where("tenant_id", "=", tenantId)
      .where("customer_gid", "=", customerGid)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async function eraseFingerprint(tenantId: string, customerGid: string): Promise<boolean> {
    const result = await db
      .updateTable("customer_links")
      .set({ fingerprint: null, customer_updated_at: null, updated_at: now() })
      .where("tenant_id", "=", tenantId)
      .where("customer_gid", "=", customerGid)
      .executeTakeFirst();
    const erased = result.numUpdatedRows > 0n;
    // The old row image (with the hash) is still in the WAL until it is checkpointed and truncated.
    if (erased && profile.truncateWalAfterErase) await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    return erased;
  }

  async function eraseAllFingerprints(tenantId: string): Promise<number> {
    const result = await db
      .updateTable("customer_links")
      .set({ fingerprint: null, customer_updated_at: null, updated_at: now() })
      .where("tenant_id", "=", tenantId)
      .where((eb) => eb.or([eb("fingerprint", "is not", null), eb("customer_updated_at", "is not", null)]))
      .executeTakeFirst();
    const erased = Number(result.numUpdatedRows);
    if (erased > 0 && profile.truncateWalAfterErase) await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    return erased;
  }

  /**
   * One statement, so instances sharing a PostgreSQL never hand out a number twice: the upsert locks
   * the tenant's row, and its WHERE refuses (no row returned) when the range cannot supply `count`.
   */
  async function allocateNumbers(
    tenantId: string,
    count: number,
    range: AddressNumberRange,
  ): Promise<AddressNumberAllocation> {
    if (!Number.isSafeInteger(count) || count < 1) {
      throw new RangeError(`allocateNumbers needs a positive whole count, got ${count}`);
    }
    const { from, to } = range;
    const start = sql<number>`case when customer_number_ranges.next_number < ${from}
      then ${from} else customer_number_ranges.next_number end`;
    const row =
      from + count - 1 > to
        ? undefined
        : await db
            .insertInto("customer_number_ranges")
            .values({ tenant_id: tenantId, next_number: from + count })
            .onConflict((conflict) =>
              conflict
                .column("tenant_id")
                .doUpdateSet({ next_number: sql<number>`${start} + ${count}` })
                .where(sql<boolean>`${start} + ${count - 1} <= ${to}`),
            )
            .returning("next_number")
            .executeTakeFirst();
    if (row === undefined) return exhausted(tenantId, count, range);
    const next = Number(row.next_number);
    return { ok: true, addressNumbers: Array.from({ length: count }, (_, i) => String(next - count + i)) };
  }

  async function exhausted(
    tenantId: string,
    count: number,
    { from, to }: AddressNumberRange,
  ): Promise<AddressNumberAllocation> {
    const row = await db
      .selectFrom("customer_number_ranges")
      .select("next_number")
      .where("tenant_id", "=", tenantId)
      .executeTakeFirst();
    const next = Math.max(from, row === undefined ? from : decodeCount(row.next_number));
    const available = Math.max(0, to - next + 1);
    const handedOut = next > from ? `; numbers below ${next} were handed out already` : "";
    return {
      ok: false,
      reason: "range-exhausted",
      available,
      message:
        `customers.ztable.addressNumbers range ${from}-${to} of tenant ${tenantId} cannot supply ${count} ` +
        `address number(s): ${available} left${handedOut}. Raise \`to\`, or configure a new range above the ` +
        "numbers handed out, that JDE Next Numbers does not use.",
    };
  }
}

function toCustomerLink(row: Selectable<CustomerLinksTable>): CustomerLink {
  return {
    tenantId: row.tenant_id,
    customerGid: row.customer_gid,
    addressNumber: row.address_number,
    state: row.state as CustomerLinkState,
    source: row.source as CustomerLinkSource,
    fingerprint: row.fingerprint === null ? null : (JSON.parse(row.fingerprint) as CustomerFingerprint),
    customerUpdatedAt: decodeOptionalTime(row.customer_updated_at),
    createdAt: decodeTime(row.created_at),
    updatedAt: decodeTime(row.updated_at),
    reservedAddressNumber: row.reserved_address_number,
    checkedAt: decodeOptionalTime(row.checked_at),
    refusedUpdateAt: decodeOptionalTime(row.refused_update_at),
  };
}
