// What an Ignition config puts on a host, independent of how it is encoded:
// two configs with equal content write the same files, users and units even
// when one percent-encodes and the other gzips and base64-encodes.
import { decodeDataUrl } from "./data-url.ts";

export interface IgnitionContent {
  readonly version: string;
  readonly users: readonly { readonly name: string; readonly sshAuthorizedKeys: readonly string[] }[];
  readonly directories: readonly { readonly path: string; readonly mode: number | null; readonly overwrite: boolean }[];
  readonly files: readonly { readonly path: string; readonly mode: number | null; readonly overwrite: boolean; readonly contents: string | null }[];
  readonly units: readonly { readonly name: string; readonly enabled: boolean | null; readonly contents: string | null }[];
  /** Keys this reading does not interpret (links, disks, drop-ins...): content it would silently miss. */
  readonly unread: readonly string[];
}

type Json = Record<string, unknown>;

export function ignitionContent(text: string): IgnitionContent {
  const doc = JSON.parse(text) as Json;
  const unread: string[] = [];
  const ignition = section(doc, "ignition", ["version"], unread, "");
  const passwd = section(doc, "passwd", ["users"], unread, "");
  const storage = section(doc, "storage", ["directories", "files"], unread, "");
  const systemd = section(doc, "systemd", ["units"], unread, "");
  noteUnread(doc, ["ignition", "passwd", "storage", "systemd"], unread, "");

  const users = list(passwd.users).map((u) => {
    noteUnread(u, ["name", "sshAuthorizedKeys"], unread, `passwd.users.${String(u.name)}.`);
    return { name: String(u.name), sshAuthorizedKeys: ((u.sshAuthorizedKeys as string[] | undefined) ?? []).slice() };
  });
  const directories = list(storage.directories).map((d) => {
    noteUnread(d, ["path", "mode", "overwrite"], unread, `storage.directories.${String(d.path)}.`);
    return { path: String(d.path), mode: (d.mode as number | undefined) ?? null, overwrite: d.overwrite === true };
  });
  const files = list(storage.files).map((f) => {
    const at = `storage.files.${String(f.path)}.`;
    noteUnread(f, ["path", "mode", "overwrite", "contents"], unread, at);
    const contents = f.contents as Json | undefined;
    if (contents) noteUnread(contents, ["source", "compression"], unread, `${at}contents.`);
    const source = contents?.source as string | undefined;
    return {
      path: String(f.path),
      mode: (f.mode as number | undefined) ?? null,
      overwrite: f.overwrite === true,
      contents: source === undefined ? null : decodeDataUrl(source, contents?.compression as string | undefined).toString("utf8"),
    };
  });
  const units = list(systemd.units).map((u) => {
    noteUnread(u, ["name", "enabled", "contents"], unread, `systemd.units.${String(u.name)}.`);
    return { name: String(u.name), enabled: (u.enabled as boolean | undefined) ?? null, contents: (u.contents as string | undefined) ?? null };
  });
  return {
    version: String(ignition.version),
    users: users.sort(byKey((u) => u.name)),
    directories: directories.sort(byKey((d) => d.path)),
    files: files.sort(byKey((f) => f.path)),
    units: units.sort(byKey((u) => u.name)),
    unread: unread.sort(),
  };
}

function section(doc: Json, key: string, known: readonly string[], unread: string[], at: string): Json {
  const value = (doc[key] as Json | undefined) ?? {};
  noteUnread(value, known, unread, `${at}${key}.`);
  return value;
}

function list(value: unknown): Json[] {
  return (value as Json[] | undefined) ?? [];
}

/** Records keys outside `known` whose values are not empty (Butane writes some empty ones). */
function noteUnread(obj: Json, known: readonly string[], unread: string[], at: string): void {
  for (const [key, value] of Object.entries(obj)) {
    if (known.includes(key) || isEmpty(value)) continue;
    unread.push(`${at}${key}`);
  }
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.values(value).every(isEmpty);
  return false;
}

function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}
