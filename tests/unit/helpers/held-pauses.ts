/**
 * A `pause` for time-sliced work that waits until the test releases it, so a
 * test can act while the work is paused. `release` lets each waiting pause go,
 * one per task, until the work reports itself finished; it returns how many.
 */
export function heldPauses() {
  const waiting: (() => void)[] = [];
  return {
    waiting,
    pause: () => new Promise<void>((resume) => waiting.push(resume)),
    async release(finished: () => boolean): Promise<number> {
      let released = 0;
      while (!finished()) {
        const resume = waiting.shift();
        if (resume) {
          released++;
          resume();
        }
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      return released;
    },
  };
}
