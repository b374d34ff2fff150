export type * from "./model.ts";
export { ROLES } from "./model.ts";
export type { Diagnostic, Located } from "./diagnostic.ts";
export { SiteError, formatDiagnostic } from "./diagnostic.ts";
export { loadSite, parseSite } from "./load.ts";
export type { LoadResult } from "./load.ts";
export * from "./ip.ts";
export { rdataText } from "./records.ts";
export { DEFAULTS } from "./defaults.ts";
