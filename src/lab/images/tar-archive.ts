// A plain ustar stream, enough for a docker build context: regular files
// with a name, a mode and bytes from memory or from disk. Owners and times
// are fixed so the same context makes the same archive.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";

export type TarEntry =
  | { readonly name: string; readonly mode: number; readonly contents: Buffer }
  | { readonly name: string; readonly mode: number; readonly path: string };

const BLOCK = 512;

/** One ustar header block for a regular file. */
export function tarHeader(name: string, size: number, mode: number): Buffer {
  const nameBytes = Buffer.from(name, "utf8");
  if (nameBytes.length === 0 || nameBytes.length > 100) {
    throw new Error(`cannot put ${JSON.stringify(name)} in a build context: names must be 1-100 bytes long`);
  }
  if (size > 0o77777777777) throw new Error(`cannot put ${name} in a build context: ${size} bytes is over the ustar limit`);
  const header = Buffer.alloc(BLOCK);
  const octal = (value: number, offset: number, width: number): void => {
    header.write(value.toString(8).padStart(width - 1, "0"), offset, width - 1, "ascii");
  };
  nameBytes.copy(header, 0);
  octal(mode & 0o7777, 100, 8);
  octal(0, 108, 8); // uid
  octal(0, 116, 8); // gid
  octal(size, 124, 12);
  octal(0, 136, 12); // mtime
  header.write("0", 156, "ascii"); // regular file
  header.write("ustar\u000000", 257, "ascii");
  // The checksum is summed with its own field read as spaces.
  header.fill(" ", 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, "ascii");
  return header;
}

const padding = (size: number): Buffer => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

async function* blocks(entries: readonly TarEntry[]): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    if ("contents" in entry) {
      yield tarHeader(entry.name, entry.contents.length, entry.mode);
      yield entry.contents;
      yield padding(entry.contents.length);
      continue;
    }
    const { size } = await stat(entry.path);
    yield tarHeader(entry.name, size, entry.mode);
    let written = 0;
    for await (const chunk of createReadStream(entry.path)) {
      written += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    if (written !== size) throw new Error(`${entry.path} changed size while it was being archived (${size} → ${written} bytes)`);
    yield padding(size);
  }
  yield Buffer.alloc(2 * BLOCK);
}

/** The entries as a tar stream, files read from disk as the stream is consumed. */
export function tarArchive(entries: readonly TarEntry[]): Readable {
  return Readable.from(blocks(entries), { objectMode: false });
}
