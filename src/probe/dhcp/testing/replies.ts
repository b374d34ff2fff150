// Server replies for scripted test servers: a BOOTREPLY that answers a
// request (same xid, chaddr and flags) with the type and options asked for.
import { encodeMessage } from "../codec.ts";
import type { DhcpMessage, MessageInit } from "../codec.ts";
import { BOOTREPLY } from "../message-types.ts";
import type { MessageTypeName } from "../message-types.ts";
import { option } from "../options.ts";
import type { OptionInput } from "../options.ts";

export function replyTo(request: DhcpMessage, type: MessageTypeName, init: Partial<MessageInit> & { serverId?: string } = {}): Uint8Array {
  const { serverId = "198.18.0.2", options = [], ...header } = init;
  const opts: OptionInput[] = [option("dhcp-message-type", type), option("dhcp-server-identifier", serverId), ...options];
  return encodeMessage({
    op: BOOTREPLY,
    xid: request.xid,
    chaddr: request.chaddr,
    hlen: request.hlen,
    flags: request.flags,
    ciaddr: request.ciaddr,
    ...header,
    options: opts,
  });
}
