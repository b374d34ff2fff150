// Ignition JSON from a NodeConfig, equal in content to the Butane rendering.
import type { Os } from "../../site/index.ts";
import { dataUrl } from "./data-url.ts";
import type { HostFile, NodeConfig } from "./node-config.ts";
import { orderedConfig } from "./ordered-config.ts";

export function ignitionConfig(config: NodeConfig, os: Os): string {
  const c = orderedConfig(config);
  // Objects are built in a fixed key order; JSON.stringify keeps it.
  const doc: Record<string, unknown> = { ignition: { version: os.ignitionVersion } };
  if (c.sshKeys.length > 0) doc.passwd = { users: [{ name: "core", sshAuthorizedKeys: [...c.sshKeys] }] };
  const storage: Record<string, unknown> = {};
  if (c.directories.length > 0) storage.directories = c.directories.map((d) => ({ path: d.path, mode: d.mode }));
  if (c.files.length > 0) {
    // overwrite: the OS ships some of these paths (/etc/chrony.conf, /etc/hostname).
    storage.files = c.files.map((f) => ({ path: f.path, mode: f.mode, overwrite: true, contents: { source: source(f) } }));
  }
  if (Object.keys(storage).length > 0) doc.storage = storage;
  if (c.units.length > 0) doc.systemd = { units: c.units.map((u) => ({ name: u.name, enabled: u.enabled, contents: u.contents })) };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The files both nodes carry (zone data, boot scripts) are one object each: encoded once, not once per node. */
const sources = new WeakMap<HostFile, string>();

function source(file: HostFile): string {
  let url = sources.get(file);
  if (url === undefined) {
    url = dataUrl(file.contents);
    sources.set(file, url);
  }
  return url;
}
