// A timeline as a picture: one lane per probe, every attempt a tick at the
// moment it started (green answered, red not), a strip under it coloured by
// the server that answered, the outage window shaded with its bound drawn,
// the actions marked, and Kea HA's state on each node along the bottom.
// Pure: data in, SVG text out (Cucumber's HTML report shows it inline).
import type { AttemptRecord, TimelineMark } from "../probe/index.ts";
import type { Lane, LeaseSample, ProbeTimelines } from "./continuous-probes.ts";

export interface ChartLane {
  readonly name: string;
  readonly attempts: readonly AttemptRecord[];
  readonly intervalMs: number;
  /** The server an attempt's answer came from. */
  readonly serverOf?: (a: AttemptRecord) => string | undefined;
  /** How long the attempt's client waited (drawn as a line from its start). */
  readonly waitOf?: (a: AttemptRecord) => number | undefined;
  readonly outage?: { readonly startMs: number; readonly endMs: number; readonly ongoing: boolean } | null;
  /** Drawn from the outage's start: how long it may last. */
  readonly boundMs?: number;
}

export interface ChartInput {
  readonly title: string;
  readonly lanes: readonly ChartLane[];
  /** Observations whose detail maps a node to its state (Kea HA), drawn as one band per node. */
  readonly states?: { readonly name: string; readonly attempts: readonly AttemptRecord[] };
  readonly marks: readonly TimelineMark[];
  readonly endMs: number;
}

const WIDTH = 960;
const LEFT = 110;
const RIGHT = 24;
const TOP = 72;
const LANE = 46;
const BAND = 16;
const COLOURS = { ok: "#2e8b57", failed: "#d64545", bound: "#d98200", mark: "#555", axis: "#999", text: "#222" };
const SERVER_COLOURS = ["#3b6fd8", "#8e44ad", "#17a2b8", "#b8860b", "#6c757d"];
const STATE_COLOURS: Record<string, string> = {
  "hot-standby": "#cfe8d5",
  "partner-down": "#ffd59e",
  terminated: "#f5b7b1",
  waiting: "#fff3b0",
  syncing: "#fff3b0",
  ready: "#fff3b0",
};

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const n = (x: number): string => (Math.round(x * 10) / 10).toString();

/** A round step for the time axis: about 10 ticks over the span. */
export function tickStep(spanMs: number): number {
  const steps = [500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000];
  return steps.find((s) => spanMs / s <= 12) ?? steps.at(-1)!;
}

/** Runs of equal state per node, from observations in start order. */
export function stateRuns(attempts: readonly AttemptRecord[], endMs: number): Map<string, { state: string; fromMs: number; toMs: number }[]> {
  const runs = new Map<string, { state: string; fromMs: number; toMs: number }[]>();
  const sorted = [...attempts].sort((a, b) => a.startMs - b.startMs);
  for (const a of sorted) {
    const states = a.ok ? (a.detail as Record<string, string>) : {};
    for (const [node, state] of Object.entries(states)) {
      const list = runs.get(node) ?? [];
      const last = list.at(-1);
      if (last) last.toMs = a.startMs;
      if (last?.state !== state) list.push({ state, fromMs: a.startMs, toMs: a.startMs });
      runs.set(node, list);
    }
  }
  for (const list of runs.values()) {
    const last = list.at(-1);
    if (last) last.toMs = Math.max(last.toMs, endMs);
  }
  return runs;
}

export function timelineChart(input: ChartInput): string {
  // The chart reaches as far as the furthest bound, so a measured outage is seen against the whole of it.
  const bounds = input.lanes.flatMap((l) => (l.outage && l.boundMs !== undefined && Number.isFinite(l.boundMs) ? [l.outage.startMs + l.boundMs] : []));
  const span = Math.max(1, input.endMs, ...bounds);
  const plot = WIDTH - LEFT - RIGHT;
  const x = (ms: number): number => LEFT + (Math.min(Math.max(ms, 0), span) / span) * plot;
  const runs = input.states ? stateRuns(input.states.attempts, span) : new Map<string, { state: string; fromMs: number; toMs: number }[]>();
  const lanesBottom = TOP + input.lanes.length * LANE;
  const statesBottom = lanesBottom + (runs.size > 0 ? 10 + runs.size * (BAND + 4) : 0);
  const servers = [...new Set(input.lanes.flatMap((l) => l.attempts.map((a) => l.serverOf?.(a)).filter((s): s is string => s !== undefined)))].sort();
  const serverColour = (s: string): string => SERVER_COLOURS[servers.indexOf(s) % SERVER_COLOURS.length]!;
  const legendY = statesBottom + 40;
  const height = legendY + 16;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${WIDTH}" height="${height}" fill="#fff"/>`);
  out.push(`<text x="${LEFT}" y="18" font-size="14" font-weight="bold" fill="${COLOURS.text}">${escapeXml(input.title)}</text>`);

  input.lanes.forEach((lane, i) => {
    const top = TOP + i * LANE;
    out.push(`<text x="${LEFT - 8}" y="${top + 20}" text-anchor="end" fill="${COLOURS.text}">${escapeXml(lane.name)}</text>`);
    out.push(`<line x1="${LEFT}" y1="${top + LANE - 4}" x2="${WIDTH - RIGHT}" y2="${top + LANE - 4}" stroke="#eee"/>`);
    if (lane.outage) {
      const end = lane.outage.endMs;
      out.push(`<rect x="${n(x(lane.outage.startMs))}" y="${top}" width="${n(Math.max(1, x(end) - x(lane.outage.startMs)))}" height="${LANE - 6}" fill="${COLOURS.failed}" fill-opacity="0.12"><title>outage ${((end - lane.outage.startMs) / 1000).toFixed(1)} s${lane.outage.ongoing ? " (still out when probing stopped)" : ""}</title></rect>`);
    }
    const tick = Math.max(1.5, (lane.intervalMs / span) * plot * 0.7);
    lane.attempts.forEach((a, k) => {
      const colour = a.ok ? COLOURS.ok : COLOURS.failed;
      const what = a.ok ? "answered" : escapeXml(a.error?.message ?? "failed");
      const server = lane.serverOf?.(a);
      out.push(`<rect x="${n(x(a.startMs))}" y="${top + 4}" width="${n(tick)}" height="18" fill="${colour}"><title>${(a.startMs / 1000).toFixed(1)} s: ${what}${server ? ` (${escapeXml(server)})` : ""}</title></rect>`);
      if (server) out.push(`<rect x="${n(x(a.startMs))}" y="${top + 24}" width="${n(tick)}" height="5" fill="${serverColour(server)}"/>`);
      const wait = lane.waitOf?.(a);
      if (wait !== undefined && !a.ok) {
        const y = top + 32 + (k % 4) * 2;
        out.push(`<line x1="${n(x(a.startMs))}" y1="${y}" x2="${n(x(a.startMs + wait))}" y2="${y}" stroke="${COLOURS.failed}" stroke-width="1.5"><title>waited ${(wait / 1000).toFixed(1)} s for its lease</title></line>`);
      }
    });
    if (lane.outage && lane.boundMs !== undefined && Number.isFinite(lane.boundMs)) {
      const bx = x(lane.outage.startMs + lane.boundMs);
      out.push(`<line x1="${n(bx)}" y1="${top}" x2="${n(bx)}" y2="${top + LANE - 6}" stroke="${COLOURS.bound}" stroke-width="2" stroke-dasharray="4 3"/>`);
      out.push(`<text x="${n(bx + 3)}" y="${top + 12}" fill="${COLOURS.bound}" font-size="10">bound ${(lane.boundMs / 1000).toFixed(1)} s</text>`);
    }
  });

  let row = 0;
  for (const [node, list] of runs) {
    const top = lanesBottom + 10 + row * (BAND + 4);
    out.push(`<text x="${LEFT - 8}" y="${top + 12}" text-anchor="end" fill="${COLOURS.text}">${escapeXml(`${input.states!.name} ${node}`)}</text>`);
    for (const r of list) {
      const w = Math.max(1, x(r.toMs) - x(r.fromMs));
      out.push(`<rect x="${n(x(r.fromMs))}" y="${top}" width="${n(w)}" height="${BAND}" fill="${STATE_COLOURS[r.state] ?? "#e0e0e0"}" stroke="#fff"><title>${escapeXml(node)}: ${escapeXml(r.state)} from ${(r.fromMs / 1000).toFixed(1)} s</title></rect>`);
      if (w > r.state.length * 6.5) out.push(`<text x="${n(x(r.fromMs) + 3)}" y="${top + 12}" font-size="10" fill="${COLOURS.text}">${escapeXml(r.state)}</text>`);
    }
    row++;
  }

  input.marks.forEach((m, i) => {
    const mx = x(m.atMs);
    out.push(`<line x1="${n(mx)}" y1="${TOP - 6}" x2="${n(mx)}" y2="${statesBottom}" stroke="${COLOURS.mark}" stroke-dasharray="2 2"/>`);
    // Labels take turns on three rows; near the right edge they end at their line.
    const late = mx > WIDTH - RIGHT - m.label.length * 5.5;
    out.push(`<text x="${n(late ? mx - 2 : mx + 2)}" y="${TOP - 34 + (i % 3) * 12}" font-size="10" fill="${COLOURS.mark}"${late ? ' text-anchor="end"' : ""}>${escapeXml(m.label)}</text>`);
  });

  const axisY = statesBottom + 8;
  out.push(`<line x1="${LEFT}" y1="${axisY}" x2="${WIDTH - RIGHT}" y2="${axisY}" stroke="${COLOURS.axis}"/>`);
  const step = tickStep(span);
  for (let t = 0; t <= span; t += step) {
    out.push(`<line x1="${n(x(t))}" y1="${axisY}" x2="${n(x(t))}" y2="${axisY + 4}" stroke="${COLOURS.axis}"/>`);
    out.push(`<text x="${n(x(t))}" y="${axisY + 16}" text-anchor="middle" font-size="10" fill="${COLOURS.text}">${t / 1000} s</text>`);
  }

  let lx = LEFT;
  const legend: [string, string][] = [
    ["answered", COLOURS.ok],
    ["not answered", COLOURS.failed],
    ...servers.map((s): [string, string] => [`from ${s}`, serverColour(s)]),
  ];
  for (const [label, colour] of legend) {
    out.push(`<rect x="${lx}" y="${legendY}" width="10" height="10" fill="${colour}"/><text x="${lx + 14}" y="${legendY + 9}" font-size="11" fill="${COLOURS.text}">${escapeXml(label)}</text>`);
    lx += 24 + label.length * 6.5;
  }
  out.push(`<line x1="${lx}" y1="${legendY + 5}" x2="${lx + 16}" y2="${legendY + 5}" stroke="${COLOURS.bound}" stroke-width="2" stroke-dasharray="4 3"/><text x="${lx + 20}" y="${legendY + 9}" font-size="11" fill="${COLOURS.text}">outage bound</text>`);
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

/**
 * The chart of a run of continuous probes: lanes DNS, NTP and DHCP (those
 * that ran), Kea HA's states, the marks, each lane's longest outage and,
 * where given, its bound.
 */
export function probeChart(t: ProbeTimelines, options: { title: string; bounds?: Partial<Record<Lane, number>> }): string {
  const order: Lane[] = ["dns", "ntp", "dhcp"];
  const lanes: ChartLane[] = order.flatMap((lane) => {
    const timeline = t.lanes[lane];
    if (!timeline) return [];
    const longest = timeline.analysis.longestOutage;
    const bound = options.bounds?.[lane];
    return [
      {
        name: timeline.name,
        attempts: timeline.attempts,
        intervalMs: timeline.intervalMs,
        serverOf: (a: AttemptRecord) => {
          const d = a.detail as { server?: unknown } | undefined;
          return typeof d?.server === "string" ? d.server : undefined;
        },
        ...(lane === "dhcp" ? { waitOf: (a: AttemptRecord) => (a.detail as LeaseSample | undefined)?.waitMs } : {}),
        outage: longest ? { startMs: longest.startMs, endMs: longest.endMs, ongoing: longest.ongoing } : null,
        ...(bound !== undefined ? { boundMs: bound } : {}),
      },
    ];
  });
  const marks = t.lanes.dns?.marks ?? Object.values(t.lanes)[0]?.marks ?? [];
  const endMs = Math.max(0, ...Object.values(t.lanes).map((l) => l.stoppedMs), ...Object.values(t.lanes).flatMap((l) => l.attempts.map((a) => a.endMs)));
  const ha = t.lanes.ha;
  return timelineChart({ title: options.title, lanes, marks, endMs, ...(ha ? { states: { name: "HA", attempts: ha.attempts } } : {}) });
}
