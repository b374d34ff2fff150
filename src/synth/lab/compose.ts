// docker-compose.yml rendering of a lab plan.
import type { LabPlan } from "./lab-plan.ts";

export function renderCompose(plan: LabPlan): string {
  return `name: ${plan.name}\n`;
}
