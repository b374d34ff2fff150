import * as o from "./old-scalar.ts";
import * as n from "../src/synth/os/yaml-scalar.ts";
import * as ou from "./old-url.ts";
import * as nu from "../src/synth/os/data-url.ts";
import { TRICKY_TEXTS } from "../src/synth/os/tricky-texts.ts";
const alphabet = ["a", "b", " ", "\t", "\n", "\n", "\r", "\x00", "\x7f", "\x85", "\u2028", "\ufeff", "\uffff", "\ud83d", "\ude80", "🚀", "é", "\"", "\\", "'", "!", "*", "(", ")", "~", "-", ".", "_", "%", "/", "#", ":"];
let seed = 1;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const cases = [...TRICKY_TEXTS];
for (let i = 0; i < 200000; i++) {
  const len = Math.floor(rnd() * 12);
  let s = "";
  for (let j = 0; j < len; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
  cases.push(s);
}
let bad = 0;
for (const s of cases) {
  for (const indent of [6, 8]) if (o.blockScalar(s, indent) !== n.blockScalar(s, indent)) { if (bad++ < 5) console.log("block", JSON.stringify(s)); }
  if (o.doubleQuoted(s) !== n.doubleQuoted(s)) { if (bad++ < 5) console.log("dq", JSON.stringify(s)); }
  if (o.inlineScalar(s) !== n.inlineScalar(s)) { if (bad++ < 5) console.log("inline", JSON.stringify(s)); }
  if (ou.dataUrl(s) !== nu.dataUrl(s)) { if (bad++ < 5) console.log("url", JSON.stringify(s)); }
}
console.log("mismatches", bad, "of", cases.length);
