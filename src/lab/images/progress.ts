// What ensureImages and ensureGoTool tell a caller while they work: which
// image (or tool) and what is being waited for, so a slow first build reads
// as progress rather than a hang.

export interface ImageProgress {
  /** The image reference, or the tool name for a Go build. */
  readonly image: string;
  /** What is happening, with the expected wait where it is long. */
  readonly step: string;
  /** A line from the tool doing the work (mmdebstrap, docker build, go). */
  readonly detail?: string;
}

export type OnProgress = (event: ImageProgress) => void;

export const ignoreProgress: OnProgress = () => {};
