import { describe, expect, it } from "vitest";
import { fromAuditStamp, isLaterStamp, toAuditStamp } from "./audit-stamp.js";

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

  const row = (stampDate: bigint, stampTime: bigint, batchId: string) => ({ stampDate, stampTime, batchId });
  it.each([
    ["a later day, whatever the time", row(125_002n, 0n, "1"), row(125_001n, 235_959n, "9"), true],
    ["a later time on the same day", row(125_001n, 90_508n, "1"), row(125_001n, 90_507n, "9"), true],
    ["a later batch in the same second", row(125_001n, 90_507n, "20"), row(125_001n, 90_507n, "19"), true],
    ["the same stamp and batch", row(125_001n, 90_507n, "19"), row(125_001n, 90_507n, "19"), false],
    ["an earlier day", row(125_001n, 235_959n, "9"), row(125_002n, 0n, "1"), false],
  ])("tells a later row by its stamp, then its batch (%s: %s)", (_, later, than, expected) => {
    expect(isLaterStamp(later, than)).toBe(expected);
  });
});
