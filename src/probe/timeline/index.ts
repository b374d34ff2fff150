export { startTimeline, TimelineRecorder, attemptError } from "./recorder.ts";
export type { TimelineOptions } from "./recorder.ts";
export { analyseTimeline, analyseMark, findOutages, markNamed, summaryLine } from "./analysis.ts";
export type * from "./types.ts";
