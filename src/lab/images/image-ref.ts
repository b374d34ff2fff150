// Image references as the site pins them ("docker.io/coredns/coredns:1.12.4",
// "localhost/coreos-infra/kea:2.2.0"): the parts the image recipes need.

export interface ImageRef {
  /** The registry host, "docker.io" when the reference names none. */
  readonly registry: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

export function parseImageRef(ref: string): ImageRef {
  if (ref.trim() !== ref || ref === "" || /\s/.test(ref)) {
    throw new Error(`image reference ${JSON.stringify(ref)} is not valid: it must be non-empty and contain no spaces`);
  }
  const at = ref.indexOf("@");
  const named = at >= 0 ? ref.slice(0, at) : ref;
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const slash = named.lastIndexOf("/");
  const colon = named.lastIndexOf(":");
  const hasTag = colon > slash;
  const name = hasTag ? named.slice(0, colon) : named;
  const tag = hasTag ? named.slice(colon + 1) : undefined;
  if (name === "" || tag === "" || digest === "") {
    throw new Error(`image reference ${JSON.stringify(ref)} is not valid: expected [registry/]repository[:tag][@digest]`);
  }
  // Docker's rule: the first component is a registry when it looks like a
  // host (a dot or a port) or is "localhost".
  const first = name.split("/")[0]!;
  const isHost = name.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  return {
    registry: isHost ? first : "docker.io",
    repository: isHost ? name.slice(first.length + 1) : name,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
}

/**
 * The version a tag names: "1.12.4" from "1.12.4", "v1.12.4" or "1.12.4-next";
 * "2.2" from "2.2". Undefined for a tag that names no version ("latest", "dev").
 */
export function versionOfTag(tag: string | undefined): string | undefined {
  const m = tag === undefined ? null : /^v?(\d+\.\d+(?:\.\d+)?)(?:[-+_~].*)?$/.exec(tag);
  return m?.[1];
}

/**
 * References under "localhost/" name images that only ever exist on this
 * machine (the convention Podman follows): no registry serves them.
 */
export function isLocalOnly(ref: string): boolean {
  return parseImageRef(ref).registry === "localhost";
}
