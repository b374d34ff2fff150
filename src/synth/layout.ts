// Where things live on a node. One table, read by the Butane/Ignition
// generator, the quadlets and the lab, so a mount can never point at a path
// that nothing writes.

export const HOST = {
  hostname: "/etc/hostname",
  chronyConf: "/etc/chrony.conf",
  resolvedDropIn: "/etc/systemd/resolved.conf.d/90-coreos-infra.conf",
  nmConnections: "/etc/NetworkManager/system-connections",
  quadlets: "/etc/containers/systemd",
  systemdUnits: "/etc/systemd/system",
  corednsDir: "/etc/coreos-infra/coredns",
  keaDir: "/etc/kea",
  bootDir: "/etc/coreos-infra/boot",
  firewall: "/etc/coreos-infra/firewall.nft",
  keaState: "/var/lib/coreos-infra/kea",
  keaRun: "/run/coreos-infra/kea",
  chronyState: "/var/lib/chrony",
} as const;

/** Paths inside the service containers. */
export const CONTAINER = {
  corednsDir: "/etc/coredns",
  corefile: "/etc/coredns/Corefile",
  zonesDir: "/etc/coredns/zones",
  keaDir: "/etc/kea",
  keaDhcp4Conf: "/etc/kea/kea-dhcp4.conf",
  keaAgentConf: "/etc/kea/kea-ctrl-agent.conf",
  keaState: "/var/lib/kea",
  keaLeaseFile: "/var/lib/kea/kea-leases4.csv",
  keaRun: "/run/kea",
  keaSocket: "/run/kea/kea4-ctrl-socket",
  bootRoot: "/srv/boot",
} as const;

/**
 * Hook libraries of the Kea image the site pins. The default image is built
 * from Debian's Kea packages (lab/images/kea), which install them here.
 */
export const KEA_HOOKS_DIR = "/usr/lib/x86_64-linux-gnu/kea/hooks";

/** Fixed service ports besides DNS (53), NTP (123), DHCP (67) and TFTP (69). */
export const PORTS = {
  corednsHealth: 8080,
  corednsReady: 8181,
  corednsMetrics: 9153,
} as const;
