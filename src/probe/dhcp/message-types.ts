// Option 53 values (RFC 2132 §9.6, RFC 4388, RFC 6926, RFC 3203), by the
// names Kea and tshark log them with, minus the "DHCP" prefix.
export const MESSAGE_TYPE_CODES = {
  DISCOVER: 1,
  OFFER: 2,
  REQUEST: 3,
  DECLINE: 4,
  ACK: 5,
  NAK: 6,
  RELEASE: 7,
  INFORM: 8,
  FORCERENEW: 9,
  LEASEQUERY: 10,
  LEASEUNASSIGNED: 11,
  LEASEUNKNOWN: 12,
  LEASEACTIVE: 13,
  BULKLEASEQUERY: 14,
  LEASEQUERYDONE: 15,
  ACTIVELEASEQUERY: 16,
  LEASEQUERYSTATUS: 17,
  TLS: 18,
} as const;

export type MessageTypeName = keyof typeof MESSAGE_TYPE_CODES;

const NAMES = new Map<number, MessageTypeName>(Object.entries(MESSAGE_TYPE_CODES).map(([name, code]) => [code, name as MessageTypeName]));

/** The name of a message type code; an unregistered code stays a number. */
export function messageTypeName(code: number): MessageTypeName | number {
  return NAMES.get(code) ?? code;
}

export const BOOTREQUEST = 1;
export const BOOTREPLY = 2;
/** The one flag RFC 2131 defines: the client cannot receive unicast before it is configured. */
export const BROADCAST_FLAG = 0x8000;
export const MAGIC_COOKIE = 0x63825363;
export const SERVER_PORT = 67;
export const CLIENT_PORT = 68;
