// tshark as an independent DHCP decoder: it reads a capture and reports, per
// packet, the DHCP payload bytes and its own dissection, which the referee
// test holds this codec's decoding against.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hexToBytes } from "../bytes.ts";

/** A dissection tree as `tshark -T json --no-duplicate-keys` prints it. */
export type Tree = { readonly [field: string]: TreeValue };
export type TreeValue = string | Tree | readonly TreeValue[];

export interface TsharkPacket {
  readonly frame: number;
  /** The UDP payload tshark dissected as DHCP. */
  readonly payload: Uint8Array;
  readonly dhcp: Tree;
  /** Expert info tshark attached anywhere in the packet (malformed, non-standard data…). */
  readonly warnings: readonly string[];
}

function tshark(args: readonly string[]): string {
  const r = spawnSync("tshark", args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  if (r.error) throw new Error(`could not run tshark: ${r.error.message}`, { cause: r.error });
  if (r.status !== 0) throw new Error(`tshark ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

function collectWarnings(value: TreeValue, out: string[]): void {
  if (typeof value === "string") return;
  if (Array.isArray(value)) {
    for (const v of value) collectWarnings(v, out);
    return;
  }
  const tree = value as Tree;
  const message = tree["_ws.expert.message"];
  if (typeof message === "string") out.push(message);
  if (typeof tree["_ws.malformed"] === "string" || "_ws.malformed" in tree) out.push("malformed packet");
  for (const [k, v] of Object.entries(tree)) if (!k.endsWith("_raw")) collectWarnings(v, out);
}

export function readCapture(pcap: string): TsharkPacket[] {
  const json = JSON.parse(tshark(["-r", pcap, "-T", "json", "--no-duplicate-keys", "-x", "-Y", "dhcp"])) as { _source: { layers: Tree } }[];
  return json.map((p) => {
    const layers = p._source.layers;
    const raw = layers["dhcp_raw"] as readonly TreeValue[] | undefined;
    const dhcp = layers["dhcp"] as Tree | undefined;
    const frame = Number((layers["frame"] as Tree)["frame.number"]);
    if (!raw || !dhcp || typeof raw[0] !== "string") throw new Error(`frame ${frame} of ${pcap} has no DHCP layer`);
    const warnings: string[] = [];
    collectWarnings(layers as TreeValue, warnings);
    return { frame, payload: hexToBytes(raw[0]), dhcp, warnings };
  });
}

/**
 * Wraps DHCP payloads in Ethernet, IPv4 and UDP with text2pcap and has
 * tshark dissect them: the way to have tshark judge what this codec encodes.
 */
export async function dissectPayloads(payloads: readonly Uint8Array[]): Promise<TsharkPacket[]> {
  const dir = await mkdtemp(join(tmpdir(), "cidhcp-tshark-"));
  try {
    const text = payloads
      .map((p) => {
        const lines: string[] = [];
        for (let at = 0; at < p.length; at += 16) {
          const bytes = Array.from(p.subarray(at, at + 16), (b) => b.toString(16).padStart(2, "0")).join(" ");
          lines.push(`${at.toString(16).padStart(6, "0")} ${bytes}`);
        }
        return lines.join("\n");
      })
      .join("\n");
    await writeFile(join(dir, "packets.txt"), `${text}\n`);
    const r = spawnSync("text2pcap", ["-q", "-4", "198.18.0.1,198.18.0.2", "-u", "68,67", join(dir, "packets.txt"), join(dir, "packets.pcap")], { encoding: "utf8" });
    if (r.error || r.status !== 0) throw new Error(`text2pcap failed: ${r.error?.message ?? r.stderr}`);
    return readCapture(join(dir, "packets.pcap"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
