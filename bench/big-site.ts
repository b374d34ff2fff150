// A large synthetic site for benchmarks: many segments (all but the first
// relayed) and many host records, written as site.yaml text.

export function bigSiteYaml(segments: number, records: number): string {
  const lines: string[] = [
    "site: { name: big, domain: big.example.com }",
    "segments:",
  ];
  const subnet = (i: number) => `10.${Math.floor(i / 256)}.${i % 256}`;
  for (let i = 0; i < segments; i++) {
    lines.push(
      `  - name: seg-${i}`,
      `    subnet: ${subnet(i)}.0/24`,
      `    gateway: ${subnet(i)}.1`,
      ...(i === 0 ? [] : ["    relayed: true"]),
      "    dhcp:",
      `      pools: [${subnet(i)}.100-${subnet(i)}.199]`,
    );
  }
  lines.push(
    "pair:",
    "  primary: { hostname: ns1, interfaces: { seg-0: { mac: '52:54:00:00:00:02', address: 10.0.0.2 } } }",
    "  standby: { hostname: ns2, interfaces: { seg-0: { mac: '52:54:00:00:00:03', address: 10.0.0.3 } } }",
    "ntp: { upstreams: [192.0.2.123] }",
    "dns:",
    "  forwarders: [192.0.2.53]",
    "  records:",
  );
  for (let r = 0; r < records; r++) {
    const seg = r % segments;
    const host = 2 + (Math.floor(r / segments) % 97);
    lines.push(`    - { name: host-${r}, type: A, value: ${subnet(seg)}.${host} }`);
  }
  return `${lines.join("\n")}\n`;
}
