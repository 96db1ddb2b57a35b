import { yieldToMain } from './scanner';

/** Work is cut into slices of about this long, so the page never waits on us for long. */
export const SLICE_MS = 8;

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
