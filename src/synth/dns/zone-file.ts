// RFC 1035 zone files, identical on both nodes.
import type { Site, Zone } from "../../site/index.ts";

/** File name of a zone's data inside the zones directory, e.g. "db.office.example.com". */
export function zoneFileName(zone: Zone): string {
  return `db.${zone.name}`;
}

export function zoneFile(_site: Site, _zone: Zone): string {
  throw new Error("zoneFile: not written yet");
}
