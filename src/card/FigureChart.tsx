import { useId } from 'preact/hooks';
import type { FigureHit } from '../core/query/queries';
import { inDateOrder, reportedDate } from './figure-hits';
import { figureKindLabel, formatDate, formatFigure, formatValue } from './format';

/** Largest / smallest value from which bars switch to a log scale. */
const LOG_SCALE_RATIO = 100;

export interface BarScale {
  log: boolean;
  /** Bar length for `value` as a share of the longest bar, 0..1. */
  fraction(value: number): number;
}

/**
 * Linear while values are within two orders of magnitude of each other,
 * logarithmic beyond: the corpus puts "14 arrests" beside "45,000 refugees",
 * and a linear or clipped axis would flatten the small counts to nothing or
 * misdraw the large one, while log bars keep every value visible and in order
 * (each bar is labelled with its exact amount). On the log scale bars start
 * one decade below the smallest value, so the smallest bar is still a bar.
 */
export function barScale(values: readonly number[]): BarScale {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return { log: false, fraction: () => 0 };
  const max = Math.max(...positive);
  const min = Math.min(...positive);
  if (max / min < LOG_SCALE_RATIO) return { log: false, fraction: (v) => Math.max(0, v) / max };
  const low = Math.log10(min) - 1;
  const span = Math.log10(max) - low;
  return { log: true, fraction: (v) => (v > 0 ? (Math.log10(v) - low) / span : 0) };
}

const WIDTH = 340;
const LABEL_WIDTH = 118;
const VALUE_WIDTH = 66;
const BAR_SPACE = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
const ROW_HEIGHT = 18;
const BAR_HEIGHT = 12;
const LABEL_CHARS = 21;

function clip(label: string): string {
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
}

/** Where, or else what was counted: the amount itself is printed at the bar's end. */
function barName(hit: FigureHit): string {
  return hit.figure.place ?? hit.figure.operation ?? figureKindLabel(hit.figure.kind);
}

type Row = { date: string | undefined } | { hit: FigureHit };

/** One bar per figure, grouped under date rows, oldest first. Plain SVG: no chart library in a content script. */
export function FigureChart({ hits }: { hits: readonly FigureHit[] }) {
  const titleId = useId();
  const ordered = inDateOrder(hits);
  const scale = barScale(ordered.map((hit) => hit.figure.value));
  const rows: Row[] = [];
  ordered.forEach((hit, i) => {
    const date = reportedDate(hit);
    if (i === 0 || date !== reportedDate(ordered[i - 1]!)) rows.push({ date });
    rows.push({ hit });
  });
  const title = `Comparable figures by date${scale.log ? ', log scale' : ''}`;

  return (
    <figure class="card__chart">
      <svg
        role="group"
        aria-labelledby={titleId}
        viewBox={`0 0 ${WIDTH} ${rows.length * ROW_HEIGHT}`}
        width="100%"
        focusable="false"
      >
        <title id={titleId}>{title}</title>
        {rows.map((row, i) => {
          const y = i * ROW_HEIGHT;
          if ('date' in row) {
            return (
              <text key={`date-${row.date ?? 'none'}`} class="card__chart-date" x={0} y={y + 13} aria-hidden="true">
                {row.date ? formatDate(row.date) : 'Undated'}
              </text>
            );
          }
          const { figure } = row.hit;
          const length = scale.fraction(figure.value) * BAR_SPACE;
          const date = reportedDate(row.hit);
          const label = `${barName(row.hit)}${date ? `, ${formatDate(date)}` : ''}: ${formatFigure(figure)}`;
          return (
            <g key={figure.id} role="img" aria-label={label}>
              <title>{label}</title>
              <text x={8} y={y + 13}>
                {clip(barName(row.hit))}
              </text>
              <rect x={LABEL_WIDTH} y={y + (ROW_HEIGHT - BAR_HEIGHT) / 2} width={length} height={BAR_HEIGHT} rx={2} />
              <text x={LABEL_WIDTH + length + 4} y={y + 13}>
                {formatValue(figure.value, figure.kind)}
              </text>
            </g>
          );
        })}
      </svg>
      {scale.log && (
        <figcaption class="card__chart-note">Log scale: equal steps in length are equal ratios, so small counts stay visible.</figcaption>
      )}
    </figure>
  );
}
