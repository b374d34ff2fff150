import { describe, it } from "node:test";
import { expect } from "chai";
import { PassThrough } from "node:stream";
import { createInterface } from "node:readline";
import type { HandlerTable } from "./handlers.ts";
import { serveAgent } from "./serve.ts";

/** Runs the agent loop over in-memory pipes; returns a way to send lines and read replies. */
function harness(handlers: HandlerTable) {
  const input = new PassThrough();
  const output = new PassThrough();
  const lines: unknown[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: output }).on("line", (line) => {
    lines.push(JSON.parse(line));
    for (const w of waiters.splice(0)) w();
  });
  const served = serveAgent({ input, output, handlers, pid: 42 });
  return {
    served,
    send: (value: unknown) => input.write(`${typeof value === "string" ? value : JSON.stringify(value)}\n`),
    end: () => input.end(),
    lines,
    async until(count: number): Promise<unknown[]> {
      while (lines.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return lines;
    },
  };
}

describe("agent loop", () => {
  it("announces itself, then answers requests as they finish, not as they came", async () => {
    let release: () => void = () => undefined;
    const h = harness({
      slow: () => new Promise((resolve) => (release = () => resolve("slow done"))),
      fast: async (params) => ({ echo: params }),
    });
    h.send({ id: 1, kind: "slow" });
    h.send({ id: 2, kind: "fast", params: { x: 1 } });
    await h.until(2);
    release();
    const lines = await h.until(3);
    expect(lines).to.deep.equal([
      { event: "ready", pid: 42, kinds: ["fast", "slow"] },
      { id: 2, ok: true, result: { echo: { x: 1 } } },
      { id: 1, ok: true, result: "slow done" },
    ]);
    h.end();
    await h.served;
  });

  it("reports handler failures, unknown kinds and unreadable lines as error responses", async () => {
    const h = harness({
      broken: async () => {
        throw Object.assign(new Error("server said no"), { reason: "refused" });
      },
    });
    h.send({ id: "a", kind: "broken" });
    h.send({ id: "b", kind: "teleport" });
    h.send("{not json");
    h.send({ id: 7 });
    h.send("");
    const lines = (await h.until(5)).slice(1);
    expect(lines).to.deep.include({ id: "a", ok: false, error: { name: "Error", message: "server said no", reason: "refused" } });
    expect(lines).to.deep.include({ id: "b", ok: false, error: { name: "UnknownKindError", message: 'unknown request kind "teleport"; this agent knows broken', reason: "unknown-kind" } });
    expect(lines.filter((l) => (l as { id: unknown }).id === null)).to.have.length(1);
    const missingKind = lines.find((l) => (l as { id: unknown }).id === 7) as { ok: boolean; error: { reason: string; message: string } };
    expect(missingKind).to.deep.include({ ok: false });
    expect(missingKind.error).to.deep.include({ reason: "bad-request", message: 'request needs a "kind" (string)' });
    h.end();
    await h.served;
  });

  it("aborts requests still running when its input ends, and returns", async () => {
    let aborted: unknown;
    const h = harness({
      hang: (_params, { signal }) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener("abort", () => {
            aborted = signal.reason;
            reject(signal.reason as Error);
          }),
        ),
    });
    h.send({ id: 1, kind: "hang" });
    await h.until(1);
    await new Promise((resolve) => setImmediate(resolve));
    h.end();
    await h.served;
    expect(aborted).to.be.instanceOf(Error).with.property("message").that.matches(/input closed/);
  });
});
