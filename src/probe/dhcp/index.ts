// The DHCPv4 probe: a codec for DHCP messages and their options, a client
// that runs exchanges over an injected transport and records their timing,
// the UDP transport for use inside a lab client's namespace, and probe plans
// (JSON in, JSON out) for the probe agent.
export { DhcpClient, DEFAULT_PARAMETER_REQUEST_LIST } from "./client.ts";
export type { ClientSettings, DiscoverResult, InformResult, Lease, LeaseRef, LeaseResult, Nak, Offer, RequestResult } from "./client.ts";
export { decodeMessage, encodeMessage, hardwareAddress, isBroadcast, messageType, BOOTP_MIN_LENGTH } from "./codec.ts";
export type { DhcpMessage, EncodeOptions, MessageInit } from "./codec.ts";
export { DhcpCodecError } from "./codec-error.ts";
export type { Attempt, Exchange, Ignored, Reply } from "./exchange.ts";
export { toJson, toJsonValue } from "./json.ts";
export { BOOTREPLY, BOOTREQUEST, BROADCAST_FLAG, CLIENT_PORT, MESSAGE_TYPE_CODES, SERVER_PORT, messageTypeName } from "./message-types.ts";
export type { MessageTypeName } from "./message-types.ts";
export type { ClasslessRoute, ClientFqdn, ClientId, ClientNdi, Kind, KindValues, MachineId, SubOption, UserClass } from "./option-kinds.ts";
export { optionFromJson } from "./option-json.ts";
export type { OptionJson } from "./option-json.ts";
export { decodeOption, findOption, option, optionValue, rawOption } from "./options.ts";
export type { DhcpOption, OptionInput, OptionValue, ValueOf } from "./options.ts";
export { OPTION_TABLE, specByCode, specByName } from "./options-table.ts";
export type { OptionName, OptionSpec } from "./options-table.ts";
export { parsePlan, runPlan } from "./probe-plan.ts";
export type { LeaseSelector, Operation, OperationResult, ProbePlan } from "./probe-plan.ts";
export { RFC2131_RETRANSMIT, retransmitDelay } from "./retransmit.ts";
export type { RandomSource, RetransmitPolicy } from "./retransmit.ts";
export type { Datagram, DhcpTransport, Endpoint } from "./transport.ts";
export { broadcastRouteCommand, UdpTransport } from "./udp-transport.ts";
export type { UdpTransportSettings } from "./udp-transport.ts";
