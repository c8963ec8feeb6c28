import { createHash } from "node:crypto";

const KNOWN: Record<string, string> = {
  "Main Warehouse": "78901234567890101",
  "Reno DC": "78901234567890202",
  "SF Store": "78901234567890303",
};

/** Stable numeric location id for a location name. */
export function locationId(name: string): string {
  return (
    KNOWN[name] ??
    `7890${BigInt(`0x${createHash("sha256").update(name).digest("hex").slice(0, 12)}`)
      .toString()
      .padStart(15, "0")
      .slice(0, 15)}`
  );
}
