import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { systemClock } from "./clock.js";

describe("systemClock.sleep", () => {
  it("leaves no abort listener behind when the timer fires (a poll sleeps on one signal for the life of the service)", async () => {
    const controller = new AbortController();
    for (let tick = 0; tick < 20; tick += 1) await systemClock.sleep(1, controller.signal);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("rejects with the signal's reason when aborted while sleeping, and at once when already aborted", async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort(new Error("stopping"));
    await expect(sleeping).rejects.toThrow("stopping");
    await expect(systemClock.sleep(60_000, controller.signal)).rejects.toThrow("stopping");
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
