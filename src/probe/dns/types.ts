// The shape of a DNS probe: what is asked and what came back, as plain
// JSON-friendly data (it crosses the probe agent's pipe and lands in reports).

export interface DnsQuery {
  readonly server: string;
  /** 53 unless the server listens elsewhere. */
  readonly port?: number;
  readonly name: string;
  /** Any type mnemonic (A, SRV, HTTPS…) or TYPE<n>. */
  readonly type: string;
  /** IN unless told otherwise. */
  readonly class?: string;
  readonly transport: "udp" | "tcp";
  /** Adds an OPT record (RFC 6891); without it the server keeps UDP answers to 512 bytes. */
  readonly edns?: { readonly udpSize: number; readonly do?: boolean };
  /** RD flag; true by default, as a stub resolver sends it. */
  readonly recursionDesired?: boolean;
  /** For the whole query (each transport attempt gets it afresh on a truncation retry). */
  readonly timeoutMs: number;
  /** Local address to send from. */
  readonly source?: string;
  /** On a truncated UDP answer, ask again over TCP (as a resolver does). False by default. */
  readonly retryTcpOnTruncation?: boolean;
}

export interface DnsRecord {
  /** Owner name, absolute ("www.example.test."). */
  readonly name: string;
  readonly type: string;
  readonly class: string;
  readonly ttl: number;
  /** Presentation form as in a zone file: "198.18.0.10", "10 60 5060 sip.example.test.", "\"v=spf1\" \"-all\"". */
  readonly data: string;
}

export interface DnsFlags {
  readonly aa: boolean;
  readonly tc: boolean;
  readonly rd: boolean;
  readonly ra: boolean;
  readonly ad: boolean;
  readonly cd: boolean;
}

export interface DnsEdns {
  readonly udpSize: number;
  readonly version: number;
  readonly do: boolean;
  readonly options: readonly { readonly code: number; readonly data: string }[];
}

export interface DnsResult {
  readonly server: string;
  readonly port: number;
  /** The transport that produced this answer (tcp after a truncation retry). */
  readonly transport: "udp" | "tcp";
  readonly question: { readonly name: string; readonly type: string; readonly class: string };
  readonly id: number;
  /** NOERROR, NXDOMAIN, SERVFAIL, REFUSED…; with EDNS the extended code is folded in (BADVERS). */
  readonly rcode: string;
  readonly opcode: string;
  readonly flags: DnsFlags;
  readonly answers: readonly DnsRecord[];
  readonly authority: readonly DnsRecord[];
  /** Without the OPT pseudo-record, which is reported as `edns`. */
  readonly additional: readonly DnsRecord[];
  readonly edns?: DnsEdns;
  /** From sending the (first) query to the answer, in ms. */
  readonly latencyMs: number;
  /** Size of the answer message in bytes. */
  readonly size: number;
  /** Set when a truncated UDP answer was followed by this TCP one. */
  readonly truncatedUdp?: boolean;
}
