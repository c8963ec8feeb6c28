import { describe, expect, it } from "vitest";
import { fromAuditStamp, toAuditStamp } from "./audit-stamp.js";

describe("JDE audit stamps", () => {
  it("writes UPMJ as CYYDDD and UPMT as HHMMSS in UTC, and reads them back to the second", () => {
    const at = new Date("2025-01-01T09:05:07.900Z");
    expect(toAuditStamp(at)).toEqual({ date: 125_001n, time: 90_507n });
    expect(fromAuditStamp(125_001n, 90_507n)).toEqual(new Date("2025-01-01T09:05:07.000Z"));
  });

  it.each([
    [0n, 0n],
    [125_001n, 246_000n],
    [125_001n, 106_000n],
    [125_400n, 0n],
  ])("has no instant for a blank or malformed stamp (%s, %s)", (date, time) => {
    expect(fromAuditStamp(date, time)).toBeUndefined();
  });
});
