import type { FigureHit } from '../core/query/queries';
import { inDateOrder, reportedDate } from './figure-hits';
import { formatDate, formatFigure } from './format';

function whereOf(hit: FigureHit): string {
  return [hit.figure.place, hit.figure.operation].filter(Boolean).join(', ') || '—';
}

/** The comparable figures, oldest first, as a table a screen reader can walk cell by cell. */
export function FigureTable({ hits }: { hits: readonly FigureHit[] }) {
  return (
    <table class="card__table">
      <caption>Comparable figures in the corpus</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Where</th>
          <th scope="col">Figure</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        {inDateOrder(hits).map((hit) => {
          const date = reportedDate(hit);
          return (
            <tr key={hit.figure.id}>
              <td class="card__nowrap">{date ? formatDate(date) : 'Undated'}</td>
              <td>{whereOf(hit)}</td>
              <td class="card__nowrap">{formatFigure(hit.figure)}</td>
              <td>
                <span class="card__clamp" title={hit.document.title}>
                  {hit.document.title}
                </span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
