// The machine-wide lab lock: labs of one site may run side by side, but a
// lab whose start is being timed must not share the CPU with another, so
// whoever measures one holds /tmp/coreos-infra-lab.lock meanwhile. Node has no flock(2), so flock(1)
// holds it for us: it takes the lock, then runs `cat`, which lives until we
// close its stdin (or this process dies, which closes it too).
import { spawn } from "node:child_process";

export const LAB_LOCK = "/tmp/coreos-infra-lab.lock";

/** Waits for the lock; resolves with the function that releases it. */
export async function holdLabLock(path = LAB_LOCK): Promise<() => Promise<void>> {
  const child = spawn("flock", [path, "sh", "-c", "echo locked; exec cat"], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once("error", (e) => reject(new Error(`cannot run flock(1) to take ${path}: ${e.message}`, { cause: e })));
    child.stdout.once("data", () => resolve());
    void exited.then(() => reject(new Error(`flock(1) on ${path} ended before taking the lock`)));
  });
  return async () => {
    child.stdin.end();
    await exited;
  };
}
