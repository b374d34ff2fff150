// Labels on every lab object: how cleanup finds what a lab made, even after a crash.
import { LAB_LABEL } from "../synth/index.ts";

export { LAB_LABEL };
export const LAB_DIR_LABEL = "io.coreos-infra.lab-dir";
export const NODE_LABEL = "io.coreos-infra.node";
export const ROLE_LABEL = "io.coreos-infra.role";
export const SERVICE_LABEL = "io.coreos-infra.service";
export const DEPLOYMENT_LABEL = "io.coreos-infra.deployment";
export const SEGMENT_LABEL = "io.coreos-infra.segment";

/** Engine filter selecting one lab's objects, or every lab's. */
export function labFilter(lab?: string): { label: string[] } {
  return { label: [lab === undefined ? LAB_LABEL : `${LAB_LABEL}=${lab}`] };
}
