import { parseEvents } from "js-yaml";
for (const t of ['"abc": 1', "'x': &a 2", "? k\n: v", "a: [b: 1]", "%YAML 1.2\n---\na: 1"]) console.log(JSON.stringify(t), JSON.stringify(parseEvents(t, {})));
