// The lab of a site as data: networks, volumes and containers.
import type { Site } from "../../site/index.ts";

export const LAB_LABEL = "io.coreos-infra.lab";

export interface LabImages {
  readonly base: string;
}

export interface PlanNetwork {
  readonly key: string;
}
export interface PlanMount {
  readonly source: string;
}
export interface PlanContainer {
  readonly key: string;
}
export interface LabPlan {
  readonly name: string;
}

export function labPlan(site: Site, name = site.name): LabPlan {
  return { name };
}
