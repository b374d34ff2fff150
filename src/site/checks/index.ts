// Every semantic check of a site. Each returns all it finds, never stops early.
import type { Diagnostic } from "../diagnostic.ts";
import type { Site } from "../model.ts";
import { checkNodes, checkPoolsAndReservations, checkSegments, checkUniqueIdentifiers } from "./addressing.ts";
import type { CheckContext } from "./context.ts";
import { PLAIN } from "./context.ts";
import { checkForwarders, checkRecords } from "./dns.ts";
import { checkHaTimers } from "./ha.ts";
import { checkPxe } from "./pxe.ts";
import { checkDhcpPath, checkNtpUpstreams, checkServiceAccess } from "./reach.ts";

export type { CheckContext } from "./context.ts";
export { ANY, REMOVED, Unsure } from "./unsure.ts";

const CHECKS: readonly ((site: Site, context: CheckContext) => Diagnostic[])[] = [
  checkSegments,
  checkNodes,
  checkPoolsAndReservations,
  checkUniqueIdentifiers,
  checkRecords,
  checkForwarders,
  checkDhcpPath,
  checkServiceAccess,
  checkNtpUpstreams,
  checkHaTimers,
  checkPxe,
];

export function runChecks(site: Site, context: CheckContext = PLAIN): Diagnostic[] {
  return CHECKS.flatMap((check) => check(site, context));
}
