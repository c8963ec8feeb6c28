/**
 * The deterministic JDE `EDTN` (≤ 22 chars) of an order's n-th document: `S` + the order's numeric id
 * in base 36 + `-` + the sequence. A 64-bit id is at most 13 base-36 digits, so the key fits with room
 * for 7-digit sequences.
 */
export function transactionNumberFor(orderId: string, sequence: number): string {
  const numeric = /(\d+)$/.exec(orderId)?.[1];
  if (!numeric) throw new Error(`order id has no numeric part: ${orderId}`);
  const key = `S${BigInt(numeric).toString(36).toUpperCase()}-${sequence}`;
  if (key.length > 22) throw new Error(`EDTN ${key} exceeds 22 characters`);
  return key;
}

/** A batch id (`EDBT`, ≤ 15 chars) unique across instances and restarts: time in base 36 + randomness. */
export function newBatchId(now: Date, random: () => number = Math.random): string {
  const time = now.getTime().toString(36).toUpperCase();
  const suffix = Math.floor(random() * 36 ** 4)
    .toString(36)
    .toUpperCase()
    .padStart(4, "0");
  return `B${time}${suffix}`;
}
