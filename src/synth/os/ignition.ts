// Ignition JSON from a NodeConfig, equal in content to the Butane rendering.
import type { Os } from "../../site/index.ts";
import { dataUrl } from "./data-url.ts";
import type { HostFile, NodeConfig } from "./node-config.ts";
import { orderedConfig } from "./ordered-config.ts";

export function ignitionConfig(config: NodeConfig, os: Os): string {
  const c = orderedConfig(config);
  // Objects are built in a fixed key order; prettyJson keeps it.
  const doc: Record<string, unknown> = { ignition: { version: os.ignitionVersion } };
  if (c.sshKeys.length > 0) doc.passwd = { users: [{ name: "core", sshAuthorizedKeys: [...c.sshKeys] }] };
  const storage: Record<string, unknown> = {};
  if (c.directories.length > 0) storage.directories = c.directories.map((d) => ({ path: d.path, mode: d.mode }));
  if (c.files.length > 0) {
    // overwrite: the OS ships some of these paths (/etc/chrony.conf, /etc/hostname).
    storage.files = c.files.map((f) => ({ path: f.path, mode: f.mode, overwrite: true, contents: { source: new JsonText(source(f)) } }));
  }
  if (Object.keys(storage).length > 0) doc.storage = storage;
  if (c.units.length > 0) doc.systemd = { units: c.units.map((u) => ({ name: u.name, enabled: u.enabled, contents: u.contents })) };
  return `${prettyJson(doc)}\n`;
}

/** A string already in JSON form; a data URL is one as it is (unreserved characters and %XX only), quotes aside. */
class JsonText {
  readonly json: readonly string[];
  constructor(url: string) {
    this.json = ['"', url, '"'];
  }
}

/**
 * JSON.stringify(value, null, 2) for plain data, except that a JsonText is
 * written as it is: a data URL of many megabytes is not scanned for escapes,
 * and is copied once, when the pieces are joined.
 */
function prettyJson(value: unknown): string {
  const out: string[] = [];
  writeJson(value, "", out);
  return out.join("");
}

function writeJson(value: unknown, indent: string, out: string[]): void {
  if (value instanceof JsonText) {
    out.push(...value.json);
    return;
  }
  if (value === null || typeof value !== "object") {
    out.push(JSON.stringify(value) ?? "null");
    return;
  }
  const inner = `${indent}  `;
  const items: [string | undefined, unknown][] = Array.isArray(value)
    ? value.map((item: unknown) => [undefined, item])
    : Object.entries(value).filter(([, item]) => item !== undefined && typeof item !== "function" && typeof item !== "symbol");
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (items.length === 0) {
    out.push(open + close);
    return;
  }
  out.push(`${open}\n`);
  items.forEach(([key, item], i) => {
    out.push(key === undefined ? inner : `${inner}${JSON.stringify(key)}: `);
    writeJson(item, inner, out);
    out.push(i < items.length - 1 ? ",\n" : "\n");
  });
  out.push(indent + close);
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
