// The pair's lease records, as an operator reads and edits them: Kea's lease
// commands through each node's control agent. The agent admits only its own
// host and the partner, so the commands run in the node's namespace.
import type { Lab } from "../lab/index.ts";
import { execIn } from "../lab/index.ts";
import { formatIpv4 } from "../site/index.ts";
import type { Node } from "../site/index.ts";
import type { KeaLease } from "./dhcp-expectations.ts";

interface KeaAnswer<T> {
  readonly result: number;
  readonly text?: string;
  readonly arguments?: T;
}

/** Kea's result codes: 0 success, 3 nothing found ("empty"). */
const KEA_EMPTY = 3;

function curl(lab: Lab, node: Node): string[] {
  const ha = lab.site.dhcp.ha;
  const url = `http://${formatIpv4(node.interfaces[0]!.address)}:${ha.port}/`;
  return ["curl", "-s", "-m", "5", "-u", `${ha.user}:${ha.password}`, "-H", "Content-Type: application/json", url, "-d"];
}

export async function keaCommand<T>(lab: Lab, node: Node, command: string, args?: object): Promise<KeaAnswer<T>> {
  const body = JSON.stringify({ command, service: ["dhcp4"], ...(args ? { arguments: args } : {}) });
  const r = await execIn(lab.docker, lab.containerName(node.hostname), [...curl(lab, node), body]);
  if (r.exitCode !== 0) throw new Error(`${node.hostname}'s control agent did not answer ${command} (curl exit ${r.exitCode})`);
  const answer = (JSON.parse(r.stdout) as KeaAnswer<T>[])[0];
  if (!answer) throw new Error(`${node.hostname}'s control agent answered ${command} with nothing: ${r.stdout.trim()}`);
  if (answer.result !== 0 && answer.result !== KEA_EMPTY) throw new Error(`${node.hostname}: ${command} failed: ${answer.text ?? r.stdout.trim()}`);
  return answer;
}

/** Every lease the node holds. */
export async function keaLeases(lab: Lab, node: Node): Promise<KeaLease[]> {
  return (await keaCommand<{ leases: KeaLease[] }>(lab, node, "lease4-get-all")).arguments?.leases ?? [];
}

/** The node's lease for an address, if it holds one. */
export async function keaLease(lab: Lab, node: Node, address: string): Promise<KeaLease | undefined> {
  const answer = await keaCommand<KeaLease>(lab, node, "lease4-get", { "ip-address": address });
  return answer.result === 0 ? answer.arguments : undefined;
}

/**
 * Deletes leases from one node's records (lease4-del is not passed on to
 * the partner, so callers delete from both). Returns how many it deleted.
 */
export async function deleteKeaLeases(lab: Lab, node: Node, addresses: readonly string[]): Promise<number> {
  if (addresses.length === 0) return 0;
  // One shell in the node's namespace runs every deletion: one exec, not hundreds.
  const script = [
    'url="$1"; auth="$2"; shift 2',
    'for ip in "$@"; do',
    '  curl -s -m 5 -u "$auth" -H "Content-Type: application/json" "$url" -d "{\\"command\\":\\"lease4-del\\",\\"service\\":[\\"dhcp4\\"],\\"arguments\\":{\\"ip-address\\":\\"$ip\\"}}"; echo',
    "done",
  ].join("\n");
  const ha = lab.site.dhcp.ha;
  const url = `http://${formatIpv4(node.interfaces[0]!.address)}:${ha.port}/`;
  const r = await execIn(lab.docker, lab.containerName(node.hostname), ["sh", "-c", script, "sh", url, `${ha.user}:${ha.password}`, ...addresses], 30_000 + addresses.length * 200);
  return r.stdout.split("\n").filter((l) => /"result":\s*0/.test(l)).length;
}
