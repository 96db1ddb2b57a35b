/** Work is cut into slices of about this long, so the page (or a message to the worker) never waits on us for long. */
export const SLICE_MS = 8;

/**
 * Gives the main thread back between slices. A normal-priority task, not
 * `scheduler.yield()`: a yield continuation jumps the queue, so the page's own
 * timers would wait for the whole scan.
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { postTask?: (task: () => void, options: { priority: string }) => Promise<void> } }).scheduler;
  if (scheduler?.postTask) return scheduler.postTask(() => undefined, { priority: 'user-visible' });
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Returns `breathe`, to await between units of work: once a slice has run
 * SLICE_MS it calls `pause` (by default a task boundary) before going on.
 */
export function sliceTimer(pause: () => Promise<void> = yieldToMain): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < SLICE_MS) return;
    await pause();
    sliceStart = performance.now();
  };
}
