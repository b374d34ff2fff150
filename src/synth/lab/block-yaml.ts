// Block-style YAML for plain data (maps, lists, strings, booleans, integers),
// byte for byte what the `yaml` package's stringify writes with YAML_OPTIONS,
// in a fraction of the time for a large document: the structure is written
// here, and every scalar is still written by `yaml` itself, all distinct
// scalars in one call. Where `yaml` would write a scalar differently by its
// place (multi-line text, document markers, control characters, very long
// keys), or the data holds anything else, the whole document goes to stringify.
import { stringify } from "yaml";

export const YAML_OPTIONS = { lineWidth: 0, sortMapEntries: false, aliasDuplicateObjects: false } as const;

const INDENT = "  ";

/** Text that `yaml` may write differently depending on where it stands: left to stringify. */
const PLACE_DEPENDENT = /[[\p{Cc}--[\t]]\u2028\u2029\uD800-\uDFFF]|^(?:%|---|\.\.\.)/v;

/**
 * Strings `yaml` certainly writes plain, as they are: a word, path or name
 * that starts with a letter (not one the core schema reads as null or a
 * boolean), or an IPv4 address or prefix (never a number: more than one dot).
 */
const SURELY_PLAIN = /^(?:[A-Za-z_/][A-Za-z0-9_./-]*|\d+\.\d+\.\d+\.\d+(?:\/\d+)?)$/;
const NOT_PLAIN_WORDS = new Set(["null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"]);

/** Keys near the length at which `yaml` writes an explicit "? key" instead. */
const LONGEST_KEY = 1000;

class Unsupported extends Error {}

/** The same text as stringify(value, YAML_OPTIONS). */
export function blockYaml(value: Readonly<Record<string, unknown>>): string {
  try {
    return new Writer(value).text();
  } catch (error) {
    if (error instanceof Unsupported) return stringify(value, YAML_OPTIONS);
    throw error;
  }
}

type Plain = string | boolean | number;

class Writer {
  private readonly root: Readonly<Record<string, unknown>>;
  private readonly keys = new Map<string, string>();
  private readonly scalars = new Map<string, string>();

  constructor(root: Readonly<Record<string, unknown>>) {
    this.root = root;
  }

  text(): string {
    if (!isMap(this.root)) throw new Unsupported();
    this.collect(this.root);
    this.renderAll();
    const out: string[] = [];
    if (Object.keys(this.root).length === 0) return "{}\n";
    this.map(this.root, "", out);
    return `${out.join("\n")}\n`;
  }

  /** Every distinct key and string, checked. */
  private collect(value: unknown): void {
    if (Array.isArray(value)) {
      for (const item of value) this.collect(item);
    } else if (isMap(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (!this.keys.has(key)) {
          if (key.length > LONGEST_KEY) throw new Unsupported();
          if (SURELY_PLAIN.test(key) && !NOT_PLAIN_WORDS.has(key)) this.keys.set(key, key);
          else if (key === "" || PLACE_DEPENDENT.test(key)) throw new Unsupported();
          else this.keys.set(key, "");
        }
        this.collect(item);
      }
    } else if (typeof value === "string") {
      if (this.scalars.has(value)) return;
      if (SURELY_PLAIN.test(value) && !NOT_PLAIN_WORDS.has(value)) this.scalars.set(value, value);
      else if (PLACE_DEPENDENT.test(value)) throw new Unsupported();
      else this.scalars.set(value, "");
    } else if (typeof value !== "boolean" && !(typeof value === "number" && Number.isSafeInteger(value) && !Object.is(value, -0))) {
      throw new Unsupported();
    }
  }

  /** `yaml` writes the other keys (as keys of a top-level map) and strings (as list items), one line each. */
  private renderAll(): void {
    const keys = [...this.keys].filter(([, written]) => written === "").map(([k]) => k);
    if (keys.length > 0) {
      const lines = stringify(new Map(keys.map((k) => [k, 0])), YAML_OPTIONS).split("\n");
      if (lines.length !== keys.length + 1) throw new Unsupported();
      keys.forEach((k, i) => {
        const line = lines[i]!;
        if (!line.endsWith(": 0")) throw new Unsupported();
        this.keys.set(k, line.slice(0, -": 0".length));
      });
    }
    const scalars = [...this.scalars].filter(([, written]) => written === "").map(([s]) => s);
    if (scalars.length > 0) {
      const lines = stringify(scalars, YAML_OPTIONS).split("\n");
      if (lines.length !== scalars.length + 1) throw new Unsupported();
      scalars.forEach((s, i) => {
        const line = lines[i]!;
        if (!line.startsWith("- ")) throw new Unsupported();
        this.scalars.set(s, line.slice(2));
      });
    }
  }

  private scalar(value: Plain): string {
    return typeof value === "string" ? this.scalars.get(value)! : String(value);
  }

  /** A non-empty map's lines at `indent`. */
  private map(value: Readonly<Record<string, unknown>>, indent: string, out: string[]): void {
    for (const [key, item] of Object.entries(value)) {
      const head = `${indent}${this.keys.get(key)!}:`;
      if (Array.isArray(item)) {
        if (item.length === 0) out.push(`${head} []`);
        else {
          out.push(head);
          this.seq(item, indent + INDENT, out);
        }
      } else if (isMap(item)) {
        if (Object.keys(item).length === 0) out.push(`${head} {}`);
        else {
          out.push(head);
          this.map(item, indent + INDENT, out);
        }
      } else {
        out.push(`${head} ${this.scalar(item as Plain)}`);
      }
    }
  }

  /** A non-empty list's lines at `indent`: a collection item starts on the dash line. */
  private seq(value: readonly unknown[], indent: string, out: string[]): void {
    for (const item of value) {
      if (Array.isArray(item) ? item.length === 0 : isMap(item) && Object.keys(item).length === 0) {
        out.push(`${indent}- ${Array.isArray(item) ? "[]" : "{}"}`);
      } else if (Array.isArray(item) || isMap(item)) {
        const first = out.length;
        if (Array.isArray(item)) this.seq(item, indent + INDENT, out);
        else this.map(item, indent + INDENT, out);
        out[first] = `${indent}- ${out[first]!.slice(indent.length + INDENT.length)}`;
      } else {
        out.push(`${indent}- ${this.scalar(item as Plain)}`);
      }
    }
  }
}

function isMap(value: unknown): value is Readonly<Record<string, unknown>> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
