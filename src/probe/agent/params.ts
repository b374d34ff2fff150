// Request parameters as the agent accepts them. Checked strictly (unknown keys
// rejected) so a typo in a step does not silently fall back to a default.
import { z } from "zod";
import type { DnsQuery } from "../dns/index.ts";
import type { NtpQuery } from "../ntp/index.ts";

const address = z.string().min(1);
const port = z.number().int().min(1).max(65535);
const timeoutMs = z.number().positive().max(600_000);

const dnsParams = z.strictObject({
  server: address,
  port: port.optional(),
  name: z.string().min(1),
  type: z.string().min(1),
  class: z.string().min(1).optional(),
  transport: z.enum(["udp", "tcp"]).default("udp"),
  edns: z.strictObject({ udpSize: z.number().int().min(512).max(65535), do: z.boolean().optional() }).optional(),
  recursionDesired: z.boolean().optional(),
  timeoutMs,
  source: address.optional(),
  retryTcpOnTruncation: z.boolean().optional(),
});

const ntpParams = z.strictObject({
  server: address,
  port: port.optional(),
  timeoutMs,
  source: address.optional(),
  version: z.number().int().min(1).max(4).optional(),
});

/** Thrown for parameters that do not fit; the message lists every problem. */
export class InvalidParamsError extends Error {
  readonly reason = "invalid-params";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InvalidParamsError";
  }
}

function parse<T>(schema: z.ZodType<T>, kind: string, params: unknown): T {
  const result = schema.safeParse(params ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "params"}: ${i.message}`);
  throw new InvalidParamsError(`invalid ${kind} parameters: ${problems.join("; ")}`, { cause: result.error });
}

export const parseDnsParams = (params: unknown): DnsQuery => parse(dnsParams, "dns", params);
export const parseNtpParams = (params: unknown): NtpQuery => parse(ntpParams, "ntp", params);
