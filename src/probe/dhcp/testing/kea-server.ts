// A real kea-dhcp4 for tests: a small config of the test's choosing, leases
// in a memfile under a temporary directory, raw sockets on one interface,
// started inside a NetnsLab namespace and stopped with it.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NetnsLab, Spawned } from "./netns-lab.ts";

export interface KeaSubnet {
  readonly id: number;
  readonly subnet: string;
  readonly pools: readonly string[];
  readonly optionData?: readonly object[];
  readonly relayAddresses?: readonly string[];
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface KeaServerSettings {
  readonly ns: string;
  readonly iface: string;
  readonly subnets: readonly KeaSubnet[];
  readonly validLifetime?: number;
  readonly authoritative?: boolean;
  readonly optionDef?: readonly object[];
  readonly extra?: Readonly<Record<string, unknown>>;
  /** Reuse the directory (and so the leases) of a server started earlier. */
  readonly dir?: string;
}

export interface KeaServer {
  readonly dir: string;
  readonly configPath: string;
  readonly process: Spawned;
  /** The memfile's CSV lines (header included). */
  readonly leases: () => Promise<string[]>;
  readonly stop: () => Promise<void>;
}

export function keaConfig(settings: KeaServerSettings, dir: string): object {
  return {
    Dhcp4: {
      "interfaces-config": { interfaces: [settings.iface], "dhcp-socket-type": "raw" },
      "lease-database": { type: "memfile", persist: true, name: join(dir, "leases4.csv"), "lfc-interval": 0 },
      "valid-lifetime": settings.validLifetime ?? 600,
      authoritative: settings.authoritative ?? false,
      ...(settings.optionDef && { "option-def": settings.optionDef }),
      subnet4: settings.subnets.map((s) => ({
        id: s.id,
        subnet: s.subnet,
        pools: s.pools.map((pool) => ({ pool })),
        ...(s.optionData && { "option-data": s.optionData }),
        ...(s.relayAddresses && { relay: { "ip-addresses": s.relayAddresses } }),
        ...s.extra,
      })),
      loggers: [{ name: "kea-dhcp4", output_options: [{ output: "stdout" }], severity: "DEBUG", debuglevel: 40 }],
      ...settings.extra,
    },
  };
}

export async function startKea(lab: NetnsLab, settings: KeaServerSettings): Promise<KeaServer> {
  let dir = settings.dir;
  if (dir === undefined) {
    const made = await mkdtemp(join(tmpdir(), "cidhcp-kea-"));
    lab.defer(() => rm(made, { recursive: true, force: true }));
    dir = made;
  }
  const configPath = join(dir, "kea-dhcp4.conf");
  await writeFile(configPath, JSON.stringify(keaConfig(settings, dir), undefined, 2));
  // Kea puts its lock and pid files where these say; the defaults are shared system paths.
  const env = { ...process.env, KEA_LOCKFILE_DIR: dir, KEA_PIDFILE_DIR: dir };
  const spawned = lab.spawn(settings.ns, "kea-dhcp4", ["-c", configPath], { env });
  try {
    await spawned.waitFor("DHCP4_STARTED");
  } catch (error) {
    await lab.stop(spawned.process);
    throw new Error(`kea-dhcp4 did not start in ${settings.ns} with ${configPath}`, { cause: error });
  }
  return {
    dir,
    configPath,
    process: spawned,
    leases: async () => (await readFile(join(dir, "leases4.csv"), "utf8")).trim().split("\n"),
    stop: () => lab.stop(spawned.process),
  };
}
