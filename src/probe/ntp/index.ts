export { queryNtp } from "./query-ntp.ts";
export type { NtpProbeOptions, NtpQuery, NtpResult } from "./query-ntp.ts";
export type { LeapIndicator, NtpReply } from "./packet.ts";
export { encodeRequest, readReply } from "./packet.ts";
export { clockOffset, roundTripDelay } from "./arithmetic.ts";
export type { OnWireTimes } from "./arithmetic.ts";
export { NtpProbeError } from "./ntp-error.ts";
export type { NtpFailure } from "./ntp-error.ts";
export { referenceIdText } from "./reference-id.ts";
