// Field-by-field comparison of this codec's decoding with tshark's. Every
// disagreement comes back as one line of text, so a test failure says which
// field of which option differs and how.
import { bytesToColonHex, bytesToHex, hexToBytes } from "../bytes.ts";
import { hardwareAddress } from "../codec.ts";
import type { DhcpMessage } from "../codec.ts";
import { MESSAGE_TYPE_CODES } from "../message-types.ts";
import type { MessageTypeName } from "../message-types.ts";
import { KINDS } from "../option-kinds.ts";
import type { ClasslessRoute, ClientFqdn, ClientId, ClientNdi, MachineId, SubOption, UserClass } from "../option-kinds.ts";
import type { DhcpOption } from "../options.ts";
import type { Tree, TreeValue, TsharkPacket } from "./tshark.ts";

function text(value: TreeValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function list(value: TreeValue | undefined): string[] {
  if (value === undefined) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
  return [JSON.stringify(value)];
}

function trees(value: TreeValue | undefined): Tree[] {
  if (value === undefined || typeof value === "string") return [];
  if (Array.isArray(value)) return value.filter((v): v is Tree => typeof v === "object" && !Array.isArray(v));
  return [value as Tree];
}

/** tshark prints the RFC 4578 UUID as a GUID: first three groups little-endian. */
function guidText(uuid: string): string {
  const h = uuid.replace(/-/g, "");
  const swap = (s: string): string => s.match(/../g)!.reverse().join("");
  return `${swap(h.slice(0, 8))}-${swap(h.slice(8, 12))}-${swap(h.slice(12, 16))}-${h.slice(16, 20)}-${h.slice(20)}`;
}

type Check = (value: unknown, tree: Tree, option: DhcpOption) => [string, unknown, unknown][];

const field =
  (name: string, convert: (v: unknown) => unknown = (v) => v): Check =>
  (value, tree) => [[name, convert(value), text(tree[`dhcp.option.${name}`])]];
const fieldList =
  (name: string, convert: (v: unknown) => string[] = (v) => (v as string[]).map(String)): Check =>
  (value, tree) => [[name, convert(value), list(tree[`dhcp.option.${name}`])]];
const num = (v: unknown): string => String(v);

/** How tshark names and prints each option this codec types. */
export const CHECKS: Readonly<Record<number, Check>> = {
  1: field("subnet_mask"),
  2: field("time_offset", num),
  3: fieldList("router"),
  6: fieldList("domain_name_server"),
  12: field("hostname"),
  15: field("domain_name"),
  26: field("interface_mtu", num),
  28: field("broadcast_address"),
  42: fieldList("ntp_server"),
  // Raw by design; tshark reads it as PXE sub-options when the vendor class says PXEClient.
  43: field("value", (v) => bytesToColonHex(v as Uint8Array)),
  50: field("requested_ip_address"),
  51: field("ip_address_lease_time", num),
  53: field("dhcp", (v) => String(typeof v === "number" ? v : MESSAGE_TYPE_CODES[v as MessageTypeName])),
  54: field("dhcp_server_id"),
  55: fieldList("request_list_item", (v) => (v as number[]).map(String)),
  56: field("message"),
  57: field("dhcp_max_message_size", num),
  58: field("renewal_time_value", num),
  59: field("rebinding_time_value", num),
  60: field("vendor_class_id"),
  61: (value, tree) => {
    const id = value as ClientId;
    if (id.type === 1 && id.id.length === 6) {
      return [
        ["client id type", `0x${id.type.toString(16).padStart(2, "0")}`, text(tree["dhcp.hw.type"])],
        ["client id mac", bytesToColonHex(id.id), text(tree["dhcp.hw.mac_addr"])],
      ];
    }
    // RFC 4361: type 255 is an IAID and a DUID.
    if (id.type === 255) return [["client id iaid", bytesToHex(id.id.subarray(0, 4)), text(tree["dhcp.client_id.iaid"])]];
    return [["client id", bytesToColonHex(Uint8Array.of(id.type, ...id.id)), text(tree["dhcp.option.value"])]];
  },
  66: field("tftp_server_name"),
  67: field("bootfile_name"),
  77: (value, tree) => {
    const uc = value as UserClass;
    if (uc.format === "raw") return [["user class text", uc.text, text(tree["dhcp.option.user_class.text"])]];
    const instances = trees(tree["dhcp.option.user_class_tree"]).map((t) => Buffer.from(hexToBytes(text(t["dhcp.option.user_class.data"]) ?? "")).toString());
    return [["user class instances", uc.classes, instances]];
  },
  81: (value, tree) => {
    const f = value as ClientFqdn;
    const flags = trees(tree["dhcp.fqdn.flags_tree"])[0] ?? {};
    const bit = (b: boolean): string => (b ? "1" : "0");
    return [
      ["fqdn s", bit(f.serverUpdates), text(flags["dhcp.fqdn.s"])],
      ["fqdn o", bit(f.override), text(flags["dhcp.fqdn.o"])],
      ["fqdn e", bit(f.encoded), text(flags["dhcp.fqdn.e"])],
      ["fqdn n", bit(f.noUpdates), text(flags["dhcp.fqdn.n"])],
      ["fqdn rcode1", String(f.rcode1), text(tree["dhcp.fqdn.rcode1"])],
      ["fqdn rcode2", String(f.rcode2), text(tree["dhcp.fqdn.rcode2"])],
      ["fqdn name", f.name, text(tree["dhcp.fqdn.name"])],
    ];
  },
  82: (value, tree) => {
    const subs = value as SubOption[];
    const theirs = trees(tree["dhcp.option.agent_information_option.suboption_tree"]);
    return [
      ["sub-option codes", subs.map((s) => String(s.code)), list(tree["dhcp.option.agent_information_option.suboption"])],
      ["sub-option data", subs.map((s) => bytesToColonHex(s.data)), theirs.map((t) => text(t["dhcp.option.agent_information_option.value"]))],
    ];
  },
  93: fieldList("client_system_architecture", (v) => (v as number[]).map(String)),
  94: (value, tree) => {
    const ndi = value as ClientNdi;
    return [
      ["ndi major", String(ndi.major), text(tree["dhcp.client_network_id_major"])],
      ["ndi minor", String(ndi.minor), text(tree["dhcp.client_network_id_minor"])],
    ];
  },
  97: (value, tree) => [["uuid", guidText((value as MachineId).id), text(tree["dhcp.client_id.uuid"])]],
  119: fieldList("dhcp_dns_domain_search_list_fqdn"),
  121: fieldList("classless_static_route", (v) => (v as ClasslessRoute[]).map((r) => bytesToColonHex(KINDS.routes.encode([r])))),
  150: fieldList("tftp_server_address"),
};

interface Instance {
  readonly code: number;
  readonly data: Uint8Array;
  readonly tree: Tree;
}

function rawList(value: TreeValue | undefined): TreeValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) && Array.isArray(value[0]) ? [...value] : [value];
}

/**
 * Option areas tshark nests in option 52's tree, put in RFC 3396 §5's order
 * (file before sname) whatever order tshark lists them in.
 */
function overloadedAreas(tree: Tree): Tree[] {
  const rank = (key: string): number => (/^Boot file name/.test(key) ? 0 : /^Server host name/.test(key) ? 1 : 2);
  return Object.entries(tree)
    .filter(([k, v]) => !k.endsWith("_raw") && trees(v).some((t) => t["dhcp.option.type_raw"] !== undefined))
    .sort(([a], [b]) => rank(a) - rank(b))
    .flatMap(([, v]) => trees(v));
}

/**
 * tshark's option instances, pad and end left out: the options field first,
 * then what option overload put in file and sname (RFC 3396 §5's order;
 * tshark itself shows those inside option 52).
 */
function tsharkInstances(area: Tree): Instance[] {
  const treeList = trees(area["dhcp.option.type_tree"]);
  const main: Instance[] = [];
  const overloaded: Instance[] = [];
  rawList(area["dhcp.option.type_raw"]).forEach((raw, i) => {
    const tlv = hexToBytes(String((raw as TreeValue[])[0]));
    const code = tlv[0]!;
    const tree = treeList[i] ?? {};
    if (code === 0 || code === 255) return;
    main.push({ code, data: tlv.subarray(2), tree });
    if (code === 52) for (const nested of overloadedAreas(tree)) overloaded.push(...tsharkInstances(nested));
  });
  return [...main, ...overloaded];
}

export interface Verdict {
  /** One line per disagreement; empty when tshark and the codec agree. */
  readonly mismatches: string[];
  /** Option codes compared by typed value (the rest by their octets only). */
  readonly typed: number[];
}

export function judge(ours: DhcpMessage, theirs: TsharkPacket): Verdict {
  const d = theirs.dhcp;
  const mismatches: string[] = [];
  const typed: number[] = [];
  const compare = (what: string, mine: unknown, tshark: unknown): void => {
    if (JSON.stringify(mine) !== JSON.stringify(tshark)) mismatches.push(`frame ${theirs.frame} ${what}: codec ${JSON.stringify(mine)}, tshark ${JSON.stringify(tshark)}`);
  };

  compare("op", String(ours.op), text(d["dhcp.type"]));
  compare("htype", ours.htype, Number.parseInt(text(d["dhcp.hw.type"]) ?? "", 16));
  compare("hlen", String(ours.hlen), text(d["dhcp.hw.len"]));
  compare("hops", String(ours.hops), text(d["dhcp.hops"]));
  compare("xid", ours.xid, Number.parseInt(text(d["dhcp.id"]) ?? "", 16));
  compare("secs", String(ours.secs), text(d["dhcp.secs"]));
  compare("flags", ours.flags, Number.parseInt(text(d["dhcp.flags"]) ?? "", 16));
  compare("broadcast flag", (ours.flags & 0x8000) !== 0 ? "1" : "0", text(trees(d["dhcp.flags_tree"])[0]?.["dhcp.flags.bc"]));
  compare("ciaddr", ours.ciaddr, text(d["dhcp.ip.client"]));
  compare("yiaddr", ours.yiaddr, text(d["dhcp.ip.your"]));
  compare("siaddr", ours.siaddr, text(d["dhcp.ip.server"]));
  compare("giaddr", ours.giaddr, text(d["dhcp.ip.relay"]));
  if (ours.htype === 1 && ours.hlen === 6) {
    compare("chaddr", hardwareAddress(ours), text(d["dhcp.hw.mac_addr"]));
    compare("chaddr padding", bytesToColonHex(ours.chaddr.subarray(6)), text(d["dhcp.hw.addr_padding"]));
  }
  if (d["dhcp.server"] !== undefined) compare("sname", ours.sname, text(d["dhcp.server"]));
  if (d["dhcp.file"] !== undefined) compare("file", ours.file, text(d["dhcp.file"]));
  compare("cookie", "99.130.83.99", text(d["dhcp.cookie"]));

  // RFC 3396: instances of one code form one option, in order of first appearance.
  const grouped = new Map<number, Instance[]>();
  for (const i of tsharkInstances(d)) grouped.set(i.code, [...(grouped.get(i.code) ?? []), i]);
  compare("option codes", ours.options.map((o) => o.code), [...grouped.keys()]);
  for (const option of ours.options) {
    const instances = grouped.get(option.code);
    if (!instances) continue;
    compare(`option ${option.code} data`, bytesToHex(option.data), instances.map((i) => bytesToHex(i.data)).join(""));
    if (option.error !== undefined) mismatches.push(`frame ${theirs.frame} option ${option.code}: codec could not type it: ${option.error}`);
    const check = CHECKS[option.code];
    // Split options are typed on the joined data, which tshark does not dissect as one.
    if (!check || instances.length > 1 || option.error !== undefined) continue;
    typed.push(option.code);
    for (const [what, mine, tshark] of check(option.value, instances[0]!.tree, option)) compare(`option ${option.code} ${what}`, mine, tshark);
  }
  return { mismatches, typed };
}
