import { describe, it } from "node:test";
import { expect } from "chai";
import { CommandError, runCommand } from "./run-command.ts";

describe("runCommand", () => {
  it("returns both streams and passes every line on", async () => {
    const lines: string[] = [];
    const r = await runCommand("sh", ["-c", "echo one; echo two >&2"], { onLine: (l) => lines.push(l) });
    expect(r).to.deep.equal({ stdout: "one", stderr: "two" });
    expect([...lines].sort()).to.deep.equal(["one", "two"]);
  });

  it("fails with the exit status and the last output", async () => {
    let caught: unknown;
    await runCommand("sh", ["-c", "echo why >&2; exit 3"]).catch((e: unknown) => (caught = e));
    expect(caught).to.be.instanceOf(CommandError);
    expect((caught as CommandError).exitCode).to.equal(3);
    expect((caught as CommandError).message).to.match(/exited with status 3; its last output:\n {2}why/);
  });

  it("tells a missing program apart", async () => {
    let caught: unknown;
    await runCommand("no-such-program-here", []).catch((e: unknown) => (caught = e));
    expect((caught as CommandError).code).to.equal("ENOENT");
  });

  it("kills a command that outlives its time limit", async () => {
    let caught: unknown;
    await runCommand("sleep", ["5"], { timeoutMs: 50 }).catch((e: unknown) => (caught = e));
    expect((caught as CommandError).message).to.match(/killed by SIGTERM/);
  });
});
