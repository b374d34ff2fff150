// Real referees for the DNS files: named-checkzone reads every zone file, and
// CoreDNS itself runs the unmodified Corefile in a throwaway mount, network and
// PID namespace, answering dig as the site model says it should.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { expect } from "chai";
import { contains, formatIpv4, parseIpv4, rdataText } from "../../site/index.ts";
import type { DnsRecord, Node, Site } from "../../site/index.ts";
import { FIXTURE_SITES, loadFixture } from "../../testing/fixtures.ts";
import { builtTool, runTool } from "../../testing/run.ts";
import { serviceAddress } from "../services.ts";
import { corefile } from "./corefile.ts";
import { zoneFile, zoneFileName } from "./zone-file.ts";

const COREDNS = builtTool("coredns-1.12.4");
/** Outside every network the fixtures allow (TEST-NET-3). */
const STRANGER = "203.0.113.7";

/**
 * Runs inside `unshare --mount --net --pid --fork`: the node's addresses on
 * lo, /etc overlaid on a tmpfs (the host's /etc stays untouched) so the
 * generated directory can sit at /etc/coredns as in the container, CoreDNS in
 * the background, then one dig per line of the queries file. Ending the
 * namespace's first process ends CoreDNS with it.
 * Arguments: config dir, work dir, coredns binary, service address, addresses...
 */
const NAMESPACE_SCRIPT = String.raw`
set -eu
conf=$1; work=$2; coredns=$3; service=$4; shift 4
ip link set lo up
for a in "$@"; do ip addr add "$a/32" dev lo; done
mkdir -p "$work/etc"
mount -t tmpfs tmpfs "$work/etc"
mkdir "$work/etc/upper" "$work/etc/work"
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$work/etc/upper,workdir=$work/etc/work" /etc
mkdir /etc/coredns
mount --bind -o ro "$conf" /etc/coredns
timeout 60 "$coredns" -conf /etc/coredns/Corefile >"$work/coredns.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
ready=no
for _ in $(seq 100); do
  if busybox wget -q -O /dev/null "http://$service:8181/ready" 2>/dev/null; then ready=yes; break; fi
  kill -0 $pid 2>/dev/null || break
  sleep 0.1
done
echo "$ready" >"$work/ready"
[ "$ready" = yes ] || exit 0
busybox wget -q -O "$work/health" "http://$service:8080/health" || true
while read -r label server source name type; do
  dig @"$server" -b "$source" "$name" "$type" +tries=1 +time=2 +noall +comments +answer >"$work/$label.dig" 2>&1 || true
done <"$work/queries"
busybox wget -q -O "$work/metrics" "http://$service:9153/metrics" || true
`;

interface Query {
  readonly label: string;
  readonly server: string;
  readonly source: string;
  readonly name: string;
  readonly type: string;
}

interface Answer {
  readonly status: string;
  /** Answer section rdata of the asked type, sorted. */
  readonly rdata: string[];
  readonly raw: string;
}

interface Run {
  readonly ready: boolean;
  readonly log: string;
  readonly health: string;
  readonly metrics: string;
  readonly answers: ReadonlyMap<string, Answer>;
}

function parseDig(raw: string, type: string): Answer {
  const status = /status: ([A-Z]+)/.exec(raw)?.[1] ?? "NO-ANSWER";
  const rdata = raw
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith(";"))
    .map((l) => l.split(/\s+/))
    .filter((f) => f[3] === type)
    .map((f) => f.slice(4).join(" "))
    .sort();
  return { status, rdata, raw };
}

async function readOr(path: string, fallback = ""): Promise<string> {
  return existsSync(path) ? readFile(path, "utf8") : fallback;
}

async function writeDnsFiles(site: Site, node: Node, dir: string): Promise<void> {
  await mkdir(join(dir, "zones"), { recursive: true });
  await writeFile(join(dir, "Corefile"), corefile(site, node));
  for (const zone of site.dns.zones) await writeFile(join(dir, "zones", zoneFileName(zone)), zoneFile(site, zone));
}

async function runCoreDns(site: Site, node: Node, dir: string, queries: readonly Query[]): Promise<Run> {
  const conf = join(dir, "conf");
  const work = join(dir, "work");
  await writeDnsFiles(site, node, conf);
  await mkdir(work, { recursive: true });
  await writeFile(join(work, "queries"), queries.map((q) => `${q.label} ${q.server} ${q.source} ${q.name} ${q.type}\n`).join(""));
  const addresses = [...node.interfaces.map((i) => formatIpv4(i.address)), STRANGER];
  const r = runTool("unshare", ["--mount", "--net", "--pid", "--fork", "bash", "-c", NAMESPACE_SCRIPT, "dns-referee", conf, work, COREDNS, formatIpv4(serviceAddress(node)), ...addresses], { timeoutMs: 90_000 });
  if (r.status !== 0) throw new Error(`the namespace script for ${site.name}/${node.hostname} failed (exit ${r.status}): ${r.stderr}`);
  const answers = new Map<string, Answer>();
  for (const q of queries) answers.set(q.label, parseDig(await readOr(join(work, `${q.label}.dig`), "(no output)"), q.type));
  return {
    ready: (await readOr(join(work, "ready"))).trim() === "yes",
    log: await readOr(join(work, "coredns.log")),
    health: await readOr(join(work, "health")),
    metrics: await readOr(join(work, "metrics")),
    answers,
  };
}

function soaSerial(text: string): string {
  const serial = /IN SOA \S+ \S+ \( (\d+) /.exec(text)?.[1];
  if (serial === undefined) throw new Error(`no SOA serial in:\n${text}`);
  return serial;
}

/** What the site model says the pair should answer, and the queries that ask it. */
function expectations(site: Site, node: Node) {
  const forward = site.dns.zones.filter((z) => !z.reverse);
  const records = site.dns.zones.flatMap((z) => z.records);
  const host = records.find((r) => r.source === "reservation" && r.data.type === "A");
  const srv = forward.flatMap((z) => z.records).find((r) => r.data.type === "SRV");
  if (!host || !srv) throw new Error(`fixture ${site.name} needs a reservation with a hostname and an SRV record for this test`);
  const address = rdataText(host.data);
  const ptr = records.find((r) => r.data.type === "PTR" && rdataText(r.data) === `${host.name}.`);
  if (!ptr) throw new Error(`fixture ${site.name} has no PTR for ${host.name}`);
  const rdataOf = (name: string, type: DnsRecord["data"]["type"]) => records.filter((r) => r.name === name && r.data.type === type).map((r) => rdataText(r.data)).sort();
  const service = formatIpv4(serviceAddress(node));
  const queries: Query[] = [
    // Every address the node binds answers.
    ...node.interfaces.map((i, n): Query => ({ label: `a-${n}`, server: formatIpv4(i.address), source: service, name: host.name, type: "A" })),
    { label: "ptr", server: service, source: service, name: ptr.name, type: "PTR" },
    { label: "srv", server: service, source: service, name: srv.name, type: "SRV" },
    { label: "nxdomain", server: service, source: service, name: `no-such-name.${site.domain}`, type: "A" },
    { label: "stranger", server: service, source: STRANGER, name: host.name, type: "A" },
    // Every zone's block loaded its own file: the SOA carries that file's serial.
    ...site.dns.zones.map((z, n): Query => ({ label: `soa-${n}`, server: service, source: service, name: z.name, type: "SOA" })),
  ];
  const serials = site.dns.zones.map((z) => soaSerial(zoneFile(site, z)));
  return { queries, address, ptrTarget: `${host.name}.`, srv: rdataOf(srv.name, "SRV"), serials };
}

describe("DNS files, judged by named-checkzone and CoreDNS", () => {
  let root = "";
  before(async () => {
    if (!existsSync(COREDNS)) throw new Error(`CoreDNS is not at ${COREDNS}: build it into .cache/tools/bin first`);
    root = await mkdtemp(join(tmpdir(), "coreos-infra-dns-"));
  });
  after(async () => {
    if (root !== "") await rm(root, { recursive: true, force: true });
  });

  for (const fixture of FIXTURE_SITES) {
    describe(fixture, () => {
      it("named-checkzone accepts every zone file, with the generated serial", async () => {
        const site = await loadFixture(fixture);
        const dir = await mkdtemp(join(root, `${fixture}-zones-`));
        for (const zone of site.dns.zones) {
          const text = zoneFile(site, zone);
          const path = join(dir, zoneFileName(zone));
          await writeFile(path, text);
          // Strict: every check that can fail is made to.
          const r = runTool("named-checkzone", ["-k", "fail", "-n", "fail", "-m", "fail", "-M", "fail", "-S", "fail", "-r", "fail", zone.name, path]);
          expect(r.status, `${zone.name}:\n${r.stdout}${r.stderr}\n${text}`).to.equal(0);
          expect(r.stdout).to.include(`zone ${zone.name}/IN: loaded serial ${soaSerial(text)}`);
        }
      });

      for (const index of [0, 1] as const) {
        it(`CoreDNS runs node ${index}'s Corefile unmodified and answers from the site model`, async () => {
          const site = await loadFixture(fixture);
          const node = site.nodes[index];
          expect(site.dns.allowQuery.some((n) => contains(n.cidr, parseIpv4(STRANGER)!)), "the stranger must be outside allow-query").to.equal(false);
          const want = expectations(site, node);
          const run = await runCoreDns(site, node, await mkdtemp(join(root, `${fixture}-${node.hostname}-`)), want.queries);
          const context = (label: string) => `${label} on ${node.hostname}:\n${run.answers.get(label)?.raw}\n--- coredns log ---\n${run.log}`;

          expect(run.ready, `CoreDNS did not become ready:\n${run.log}`).to.equal(true);
          expect(run.health.trim()).to.equal("OK");
          for (const [n] of node.interfaces.entries()) {
            const a = run.answers.get(`a-${n}`)!;
            expect(a.status, context(`a-${n}`)).to.equal("NOERROR");
            expect(a.rdata, context(`a-${n}`)).to.deep.equal([want.address]);
          }
          expect(run.answers.get("ptr")!.rdata, context("ptr")).to.deep.equal([want.ptrTarget]);
          expect(run.answers.get("srv")!.rdata, context("srv")).to.deep.equal(want.srv);
          expect(run.answers.get("nxdomain")!.status, context("nxdomain")).to.equal("NXDOMAIN");
          expect(run.answers.get("stranger")!.status, context("stranger")).to.equal("REFUSED");
          expect(run.answers.get("stranger")!.rdata, context("stranger")).to.deep.equal([]);
          for (const [n, zone] of site.dns.zones.entries()) {
            const soa = run.answers.get(`soa-${n}`)!;
            expect(soa.status, context(`soa-${n}`)).to.equal("NOERROR");
            expect(soa.rdata.map((r) => r.split(" ")[2]), `${zone.name}: ${context(`soa-${n}`)}`).to.deep.equal([want.serials[n]]);
          }
          // The log plugin shows the queries, and metrics count them.
          expect(run.log).to.match(new RegExp(`${STRANGER.replaceAll(".", "\\.")}:\\d+ .* REFUSED`));
          expect(run.metrics).to.include("coredns_dns_requests_total");
        });
      }
    });
  }
});
