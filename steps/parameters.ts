// Parameter types the steps share.
import { defineParameterType } from "@cucumber/cucumber";

defineParameterType({ name: "rcode", regexp: /NOERROR|NXDOMAIN|REFUSED|SERVFAIL/, transformer: (s: string) => s });
defineParameterType({ name: "pair-node", regexp: /primary|standby/, transformer: (s: string) => s });
defineParameterType({ name: "node-action", regexp: /reboots|crashes|powers off|is cut off from its first segment/, transformer: (s: string) => s });
