export { DeadlineError, withDeadline } from "./deadline.ts";
export type { DeadlineOptions } from "./deadline.ts";
export { preciseClock, preciseNow } from "./precise-clock.ts";
export { udpExchange } from "./udp-exchange.ts";
export type { UdpExchangeOptions, Verdict } from "./udp-exchange.ts";
