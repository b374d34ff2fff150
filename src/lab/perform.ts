// One entry for every node action, as the CLI and the scenario steps name them.
import type { Node } from "../site/index.ts";
import { crash, heal, partition, poweroff, poweron, reboot, rollback, skew, upgrade } from "./actions.ts";
import type { ActionName } from "./actions.ts";
import type { Lab } from "./lab.ts";

export async function performAction(lab: Lab, node: Node, action: ActionName, argument?: string): Promise<void> {
  switch (action) {
    case "reboot":
      return reboot(lab, node);
    case "crash":
      return crash(lab, node);
    case "poweroff":
      return poweroff(lab, node);
    case "poweron":
      return poweron(lab, node);
    case "partition":
      return partition(lab, node, argument);
    case "heal":
      return heal(lab, node);
    case "upgrade":
      if (!argument) throw new Error(`upgrade needs a deployment: one of ${lab.site.deployments.map((d) => d.name).join(", ") || "(the site declares none)"}`);
      return upgrade(lab, node, argument);
    case "rollback":
      return rollback(lab, node);
    case "skew": {
      const seconds = Number(argument);
      if (!argument || !Number.isFinite(seconds)) throw new Error("skew needs a number of seconds, e.g. `skew 90` or `skew -90` (0 undoes it)");
      return skew(lab, node, seconds);
    }
  }
}
