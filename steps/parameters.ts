// Parameter types the steps share.
import { defineParameterType } from "@cucumber/cucumber";

defineParameterType({ name: "rcode", regexp: /NOERROR|NXDOMAIN|REFUSED|SERVFAIL/, transformer: (s: string) => s });
