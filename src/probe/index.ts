// The probes' public face: protocol clients (DNS, NTP), the timeline that
// repeats them during an action, and the agent that runs them inside a lab
// client's network namespace.
export * from "./dns/index.ts";
export * from "./ntp/index.ts";
export * from "./timeline/index.ts";
export * from "./agent/index.ts";
export { DeadlineError, preciseClock, withDeadline } from "./net/index.ts";
export type { Clock } from "./clock.ts";
export { ManualClock, systemClock } from "./clock.ts";
export * as dhcp from "./dhcp/index.ts";
