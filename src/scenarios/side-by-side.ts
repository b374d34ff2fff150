// Which scenario may start on a lab while others run on the other labs. A
// scenario tagged @alone runs with no other beside it: it judges time to
// within a millisecond, and a scenario on another lab loads the CPU that
// timestamps its packets and runs its daemons (chronyd, under load, served
// time 1.4 ms off the shared clock while stating an error of 0.6 ms).

export const RUNS_ALONE_TAG = "@alone";

interface Tagged {
  readonly tags: readonly { readonly name: string }[];
}

const alone = (p: Tagged): boolean => p.tags.some((t) => t.name === RUNS_ALONE_TAG);

/** True when `candidate` may start while `running` are in progress on other labs. */
export function mayStartBeside(candidate: Tagged, running: readonly Tagged[]): boolean {
  if (running.length === 0) return true;
  return !alone(candidate) && !running.some(alone);
}
