// Docker's isolation rules drop bridged frames whose source lies outside the
// network's subnet, which includes every DHCPDISCOVER (from 0.0.0.0) and every
// packet the site router forwards between segments. One ACCEPT rule per lab
// bridge, for traffic entering and leaving that same bridge, lets them pass
// without opening any path off the machine. Each rule carries the lab's name
// in a comment so teardown (and prune after a crash) finds it.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const CHAIN = "DOCKER-USER";
const TAG = "coreos-infra:";

async function iptables(...args: string[]): Promise<string> {
  const { stdout } = await run("iptables", ["-w", "5", ...args]);
  return stdout;
}

/** The chain exists only where Docker manages iptables; elsewhere nothing needs opening. */
async function chainExists(): Promise<boolean> {
  try {
    await iptables("-S", CHAIN);
    return true;
  } catch {
    return false;
  }
}

export async function openBridges(lab: string, bridges: readonly string[]): Promise<number> {
  if (!(await chainExists())) return 0;
  let added = 0;
  for (const bridge of bridges) {
    const rule = ["-i", bridge, "-o", bridge, "-m", "comment", "--comment", `${TAG}${lab}`, "-j", "ACCEPT"];
    try {
      await iptables("-C", CHAIN, ...rule);
    } catch {
      await iptables("-I", CHAIN, ...rule);
      added++;
    }
  }
  return added;
}

/** Removes the rules of one lab, or of every lab when none is named. Returns how many. */
export async function closeBridges(lab?: string): Promise<number> {
  if (!(await chainExists())) return 0;
  const lines = (await iptables("-S", CHAIN)).split("\n");
  const ours = lines.filter((l) => {
    const m = /--comment "?coreos-infra:([^" ]+)"?/.exec(l);
    return m !== null && (lab === undefined || m[1] === lab);
  });
  for (const line of ours) {
    const args = splitRule(line.replace(/^-A /, ""));
    await iptables("-D", ...args);
  }
  return ours.length;
}

/** Lists the labs that still have rules, for prune and for the leak tests. */
export async function labsWithRules(): Promise<string[]> {
  if (!(await chainExists())) return [];
  const labs = new Set<string>();
  for (const m of (await iptables("-S", CHAIN)).matchAll(/--comment "?coreos-infra:([^" \n]+)"?/g)) labs.add(m[1]!);
  return [...labs].sort();
}

/** iptables -S quotes comments with spaces; ours have none, but honour quotes anyway. */
function splitRule(rule: string): string[] {
  const out: string[] = [];
  for (const m of rule.matchAll(/"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2]!);
  return out;
}
