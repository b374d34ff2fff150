// The reference id (RFC 5905 §7.3) means different things by stratum:
// at stratum 0 it is a kiss code, at 1 the reference clock's ASCII name
// ("GPS", "LOCL"), above that the upstream server's IPv4 address (or the
// first four bytes of an MD5 hash of its IPv6 address).

/** The four ASCII characters, without trailing NULs (non-printables as "."). */
export function asciiId(id: number): string {
  let out = "";
  for (const shift of [24, 16, 8, 0]) {
    const code = (id >>> shift) & 0xff;
    out += code >= 0x20 && code <= 0x7e ? String.fromCharCode(code) : code === 0 ? "\0" : ".";
  }
  return out.replace(/\0+$/, "").replace(/\0/g, ".");
}

export function dottedQuad(id: number): string {
  return [24, 16, 8, 0].map((shift) => (id >>> shift) & 0xff).join(".");
}

export function referenceIdText(stratum: number, id: number): string {
  return stratum <= 1 ? asciiId(id) : dottedQuad(id);
}
