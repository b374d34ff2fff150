// One error type for everything the codec refuses, so the client can tell a
// malformed datagram (ignore it and keep listening) from a bug (let it fail).
export class DhcpCodecError extends Error {
  override readonly name = "DhcpCodecError";
}
