/**
 * Which block containers are in or near the viewport.
 *
 * Every range registered with CSS.highlights costs time in every later frame
 * that follows a DOM or style change anywhere on the page (the browser
 * re-applies all registered ranges then), so only marks near the viewport
 * are registered and the rest wait until the reader scrolls near them.
 * Reports come after the browser has laid the page out, which also makes
 * them the cheap moment to ask whether a container is rendered at all.
 */

export interface NearChange {
  container: Element;
  near: boolean;
  /**
   * Laid out where no reader can see it: a box of at most 1px that clips its
   * content (the "visually hidden" pattern of screen-reader text). Absent
   * when not known.
   */
  outOfSight?: boolean;
}

export interface NearViewport {
  /** Reports `container` at the next frame, and again whenever it comes near or goes away. */
  observe(container: Element): void;
  unobserve(container: Element): void;
  disconnect(): void;
}

export type NearViewportFactory = (onChange: (changes: readonly NearChange[]) => void) => NearViewport;

/** A viewport height above and below the viewport counts as near: marks are in place before they scroll in. */
const NEAR_MARGIN = '100% 0px';

/** An IntersectionObserver-backed watcher for `win`, or undefined where there is none. */
export function intersectionWatcher(win: Window & typeof globalThis): NearViewportFactory | undefined {
  if (typeof win.IntersectionObserver !== 'function') return undefined;
  return (onChange) => {
    // Style is read only for the rare tiny box: a 1px box whose text overflows it is still seen.
    const outOfSight = (container: Element, box: DOMRectReadOnly) => {
      if (box.width > 1 && box.height > 1) return false;
      const style = win.getComputedStyle(container);
      return style.overflow !== 'visible' || style.clipPath !== 'none' || style.clip !== 'auto';
    };
    const observer = new win.IntersectionObserver(
      (entries) =>
        onChange(
          entries.map((entry) => ({
            container: entry.target,
            near: entry.isIntersecting,
            outOfSight: outOfSight(entry.target, entry.boundingClientRect),
          })),
        ),
      { rootMargin: NEAR_MARGIN },
    );
    return {
      observe: (container) => observer.observe(container),
      unobserve: (container) => observer.unobserve(container),
      disconnect: () => observer.disconnect(),
    };
  };
}
