/**
 * `--profile`: a Chrome trace of the extension's card lookups (every process),
 * and for the slowest of them what the worker's thread and the tab's main
 * thread did between the Enter and the card in the DOM: their busy time, the
 * garbage collection in it, and their longest tasks.
 */
import type { CDPSession } from 'puppeteer-core';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; type?: string } };
}

/** User-timing marks that name the page's and the worker's threads in a trace, with their clock (ms since the epoch) after the prefix. */
export const PAGE_CLOCK_MARK = 'footnote-page-clock:';
export const WORKER_CLOCK_MARK = 'footnote-worker-clock:';

const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.gc',
  'extensions',
].join(',');

export async function startTrace(session: CDPSession): Promise<void> {
  await session.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES.split(',') }, transferMode: 'ReturnAsStream' });
}

export async function stopTrace(session: CDPSession): Promise<TraceEvent[]> {
  const complete = new Promise<string>((resolve) => session.once('Tracing.tracingComplete', (event) => resolve(event.stream!)));
  await session.send('Tracing.end');
  const stream = await complete;
  let text = '';
  for (;;) {
    const chunk = await session.send('IO.read', { handle: stream });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await session.send('IO.close', { handle: stream });
  const parsed = JSON.parse(text) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

/** A lookup's window, in ms since the epoch, with a name for the log. */
export interface TracedLookup {
  label: string;
  startedAt: number;
  shownAt: number;
}

type Thread = `${number}:${number}`;

/** The user-timing mark whose name starts with `mark` (a prefix followed by the epoch time in ms). */
function markEvent(events: readonly TraceEvent[], mark: string): TraceEvent | undefined {
  return events.find((event) => event.cat.includes('blink.user_timing') && event.name.startsWith(mark));
}

const isGc = (name: string) => /GC|Scavenge|MarkCompact|Sweep/.test(name);

/** Per slow lookup and thread: busy ms, GC ms, and the longest tasks with what ran in them. */
export function explainLookups(
  events: readonly TraceEvent[],
  lookups: readonly TracedLookup[],
  threads: { pageMark: string; workerMark: string },
): string[] {
  const pageMark = markEvent(events, threads.pageMark);
  const workerMark = markEvent(events, threads.workerMark);
  if (!pageMark || !workerMark) return [`trace: marks not found (page ${!!pageMark}, worker ${!!workerMark})`];
  // The trace's clock against the epoch, from the time the page's mark carries.
  const offset = pageMark.ts / 1000 - Number(pageMark.name.slice(threads.pageMark.length));
  const page: Thread = `${pageMark.pid}:${pageMark.tid}`;
  const worker: Thread = `${workerMark.pid}:${workerMark.tid}`;
  const lines: string[] = [];
  const byThread = new Map<Thread, TraceEvent[]>();
  for (const event of events) {
    if (event.ph !== 'X' || event.dur === undefined) continue;
    const thread: Thread = `${event.pid}:${event.tid}`;
    if (thread !== page && thread !== worker) continue;
    const list = byThread.get(thread) ?? [];
    list.push(event);
    byThread.set(thread, list);
  }
  for (const lookup of lookups) {
    const from = (lookup.startedAt + offset) * 1000;
    const to = (lookup.shownAt + offset) * 1000;
    const parts: string[] = [];
    for (const [name, thread] of [['worker', worker], ['tab', page]] as const) {
      const inside = (byThread.get(thread) ?? []).filter((e) => e.ts < to && e.ts + e.dur! > from);
      const clip = (e: TraceEvent) => (Math.min(to, e.ts + e.dur!) - Math.max(from, e.ts)) / 1000;
      const tasks = inside.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
      const busy = tasks.reduce((sum, e) => sum + clip(e), 0);
      // Outermost GC events only (their phases nest inside them).
      const gcs = inside.filter((e) => isGc(e.name) && !inside.some((o) => o !== e && isGc(o.name) && o.ts <= e.ts && o.ts + o.dur! >= e.ts + e.dur! && o.dur! > e.dur!));
      const gc = gcs.reduce((sum, e) => sum + clip(e), 0);
      const longest = [...tasks].sort((a, b) => b.dur! - a.dur!).slice(0, 3).map((task) => {
        const within = inside.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur! && e.dur! >= 1000);
        const top = within
          .filter((e) => e.name !== 'RunTask')
          .sort((a, b) => b.dur! - a.dur!)
          .slice(0, 4)
          .map((e) => `${e.name}${e.args?.data?.functionName ? `(${e.args.data.functionName})` : ''}${e.args?.data?.type ? `[${e.args.data.type}]` : ''} ${(e.dur! / 1000).toFixed(1)}`);
        return `@${((task.ts - from) / 1000).toFixed(0)}+${(task.dur! / 1000).toFixed(1)}ms{${top.join(', ')}}`;
      });
      parts.push(`${name} busy ${busy.toFixed(1)} ms, GC ${gc.toFixed(1)} ms (${gcs.map((e) => `${e.name} ${(e.dur! / 1000).toFixed(1)}`).join(', ')}), longest ${longest.join(' ')}`);
    }
    lines.push(`${lookup.label} ${(lookup.shownAt - lookup.startedAt).toFixed(0)} ms: ${parts.join('; ')}`);
  }
  return lines;
}
