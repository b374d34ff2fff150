export { queryDns } from "./query-dns.ts";
export type { DnsProbeOptions } from "./query-dns.ts";
export type { DnsEdns, DnsFlags, DnsQuery, DnsRecord, DnsResult } from "./types.ts";
export { DnsProbeError } from "./dns-error.ts";
export type { DnsErrorContext, DnsFailure } from "./dns-error.ts";
export { absoluteName, characterString, presentRdata } from "./presentation.ts";
export { classCode, className, typeCode, typeName } from "./record-types.ts";
export { encodeQuery, questionOf, rcodeName, readResponse } from "./message.ts";
