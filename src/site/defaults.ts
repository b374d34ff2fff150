// Defaults that make a small site short to write. Timers follow Kea's own
// defaults; a lab that must fail over quickly sets faster ones in site.yaml.

export const DEFAULTS = {
  dnsTtl: 300,
  leaseTime: 3600,
  orphanStratum: 10,
  ha: {
    heartbeatDelay: 10_000,
    maxResponseDelay: 60_000,
    maxAckDelay: 10_000,
    maxUnackedClients: 10,
    port: 8000,
    user: "kea-ha",
  },
  pxeHttpPort: 80,
  installDevice: "/dev/sda",
  os: { stream: "stable", butaneVersion: "1.4.0" as const },
  images: {
    dns: "docker.io/coredns/coredns:1.12.4",
    dhcp: "localhost/coreos-infra/kea:2.2.0",
    boot: "localhost/coreos-infra/boot:1.0.0",
  },
} as const;

export const IGNITION_FOR_BUTANE = { "1.4.0": "3.3.0", "1.5.0": "3.4.0" } as const;

export function fcosArtifactsUrl(stream: string, version: string): string {
  return `https://builds.coreos.fedoraproject.org/prod/streams/${stream}/builds/${version}/x86_64/`;
}
