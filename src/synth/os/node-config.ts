// What Ignition puts on one node, as data. Butane and Ignition are two
// renderings of this one value, so they cannot drift apart.

export interface HostFile {
  /** Absolute path on the host. */
  readonly path: string;
  readonly contents: string;
  readonly mode: number;
}

export interface HostUnit {
  /** Unit file name, e.g. "coreos-infra-firewall.service". */
  readonly name: string;
  readonly contents: string;
  readonly enabled: boolean;
}

export interface HostDirectory {
  readonly path: string;
  readonly mode: number;
}

export interface NodeConfig {
  readonly hostname: string;
  readonly sshKeys: readonly string[];
  readonly files: readonly HostFile[];
  readonly units: readonly HostUnit[];
  readonly directories: readonly HostDirectory[];
}
