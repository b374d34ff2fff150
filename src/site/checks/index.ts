// Every semantic check of a site. Each returns all it finds, never stops early.
import type { Diagnostic } from "../diagnostic.ts";
import type { Site } from "../model.ts";
import { checkNodes, checkPoolsAndReservations, checkSegments, checkUniqueIdentifiers } from "./addressing.ts";
import { checkForwarders, checkRecords } from "./dns.ts";
import { checkHaTimers } from "./ha.ts";
import { checkPxe } from "./pxe.ts";
import { checkDhcpPath, checkNtpUpstreams, checkServiceAccess } from "./reach.ts";

const CHECKS: readonly ((site: Site) => Diagnostic[])[] = [
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

export function runChecks(site: Site): Diagnostic[] {
  return CHECKS.flatMap((check) => check(site));
}
