// kea-ctrl-agent.conf for one node: the HTTP endpoint the partner's HA hook
// talks to, passing commands on to kea-dhcp4 over its unix socket. It
// listens on the node's service address only and demands the pair's
// credentials; the host firewall admits only the partner.
import { formatIpv4 } from "../../site/index.ts";
import type { Node, Site } from "../../site/index.ts";
import { CONTAINER } from "../layout.ts";
import { serviceAddress } from "../services.ts";
import { renderKeaJson, stdoutLoggers } from "./kea-common.ts";

export function keaCtrlAgentConf(site: Site, node: Node): string {
  const ha = site.dhcp.ha;
  return renderKeaJson({
    "Control-agent": {
      "http-host": formatIpv4(serviceAddress(node)),
      "http-port": ha.port,
      authentication: {
        type: "basic",
        realm: `${site.name} DHCP pair`,
        clients: [{ user: ha.user, password: ha.password }],
      },
      "control-sockets": {
        dhcp4: { "socket-type": "unix", "socket-name": CONTAINER.keaSocket },
      },
      loggers: stdoutLoggers("kea-ctrl-agent"),
    },
  });
}
