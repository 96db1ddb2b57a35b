import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { annotationQuote, type Annotation } from '../core/annotations/model';
import { countTags } from '../core/annotations/tags';
import { AnnotationItem, domId, type ItemActions } from './AnnotationItem';
import type { AnnotationsApi } from './api';
import { countSites, filterAnnotations, NO_FILTER, type AnnotationFilter } from './filter';
import { Transfer } from './Transfer';
import { messageOf } from '../core/text/error-message';

type Notice =
  /** Offers Undo for the latest deletion not undone yet; `restored` is the one just undone before it. */
  | { kind: 'deleted'; restored?: Annotation }
  | { kind: 'done'; message: string }
  | { kind: 'error'; message: string };

function shortQuote(annotation: Annotation): string {
  const quote = annotationQuote(annotation).exact.replace(/\s+/g, ' ').trim();
  return quote.length > 60 ? `${quote.slice(0, 59)}…` : quote;
}

/**
 * Annotations drawn at first, and added by each "Show more": a researcher's thousands would take
 * seconds to draw (1,000 took 3 s, and each key typed in the search 0.8 s), most never scrolled to.
 */
export const LIST_STEP = 50;

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function Filters({
  annotations,
  filter,
  setFilter,
}: {
  annotations: readonly Annotation[];
  filter: AnnotationFilter;
  setFilter(filter: AnnotationFilter): void;
}) {
  const tags = useMemo(() => countTags(annotations), [annotations]);
  const sites = useMemo(() => countSites(annotations), [annotations]);
  // A chosen tag or site that no annotation has any more stays selectable, showing nothing.
  const tagOptions = filter.tag === '' || tags.some((t) => t.tag === filter.tag) ? tags : [...tags, { tag: filter.tag, count: 0 }];
  const siteOptions =
    filter.site === '' || sites.some((s) => s.site === filter.site) ? sites : [...sites, { site: filter.site, count: 0 }];
  return (
    <div class="filters" role="search" aria-label="Find annotations">
      <label for="search">Search</label>
      <input
        id="search"
        type="search"
        value={filter.query}
        aria-describedby="search-hint"
        onInput={(event) => setFilter({ ...filter, query: event.currentTarget.value })}
      />
      <label for="tag-filter">Tag</label>
      <select id="tag-filter" value={filter.tag} onChange={(event) => setFilter({ ...filter, tag: event.currentTarget.value })}>
        <option value="">All tags</option>
        {tagOptions.map(({ tag, count }) => (
          <option key={tag} value={tag}>
            {tag} ({count})
          </option>
        ))}
      </select>
      <label for="site-filter">Site</label>
      <select id="site-filter" value={filter.site} onChange={(event) => setFilter({ ...filter, site: event.currentTarget.value })}>
        <option value="">All sites</option>
        {siteOptions.map(({ site, count }) => (
          <option key={site} value={site}>
            {site} ({count})
          </option>
        ))}
      </select>
      <p id="search-hint" class="muted">
        Finds words in quotes, notes, tags, page titles and sites.
      </p>
    </div>
  );
}

/** The annotations page: every annotation, newest first, with search, filters, editing, export and import. */
export function AnnotationsApp({ api, now = () => new Date() }: { api: AnnotationsApi; now?: () => Date }) {
  const [annotations, setAnnotations] = useState<Annotation[]>();
  const [loadError, setLoadError] = useState<string>();
  const [filter, setFilterState] = useState<AnnotationFilter>(NO_FILTER);
  const [listed, setListed] = useState(LIST_STEP);
  const [editing, setEditing] = useState<string>();
  const [focusEdit, setFocusEdit] = useState<string>();
  const [notice, setNotice] = useState<Notice>();
  /** Deletions that Undo can still bring back, latest last: each Undo restores one. */
  const [deleted, setDeleted] = useState<Annotation[]>([]);
  const undoButton = useRef<HTMLButtonElement>(null);
  /** Another search starts again from the newest. */
  const setFilter = (next: AnnotationFilter) => {
    setFilterState(next);
    setListed(LIST_STEP);
  };
  const latestLoad = useRef(0);

  /** Only the newest list asked for is shown, whatever order the answers come in. */
  const reload = useCallback(async () => {
    const ticket = ++latestLoad.current;
    try {
      const list = await api.list();
      if (ticket !== latestLoad.current) return;
      setAnnotations(list);
      setLoadError(undefined);
    } catch (error) {
      if (ticket === latestLoad.current) setLoadError(messageOf(error));
    }
  }, [api]);

  useEffect(() => {
    const stop = api.watch(() => void reload());
    void reload();
    return stop;
  }, [api, reload]);

  useEffect(() => {
    if (notice?.kind === 'deleted') undoButton.current?.focus();
  }, [notice]);

  const actions: ItemActions = {
    edit: (id) => {
      setEditing(id);
      setFocusEdit(undefined);
    },
    cancelEdit: () => {
      setFocusEdit(editing);
      setEditing(undefined);
    },
    save: async (annotation) => {
      try {
        await api.save(annotation);
      } catch (error) {
        return messageOf(error);
      }
      setEditing(undefined);
      setFocusEdit(annotation.id);
      setNotice({ kind: 'done', message: 'Saved.' });
      await reload();
      return undefined;
    },
    remove: async (annotation) => {
      try {
        const removed = await api.remove(annotation.id);
        if (removed) setDeleted((stack) => [...stack, removed]);
        setNotice(removed ? { kind: 'deleted' } : { kind: 'done', message: 'Already deleted.' });
      } catch (error) {
        setNotice({ kind: 'error', message: `Not deleted: ${messageOf(error)}` });
      }
      await reload();
    },
    open: async (annotation) => {
      try {
        const { opened } = await api.open(annotation.id);
        if (!opened) {
          setNotice({ kind: 'error', message: `Can’t open ${annotation.target.source}: it is not a web page address.` });
        }
      } catch (error) {
        setNotice({ kind: 'error', message: `Can’t open the page: ${messageOf(error)}` });
      }
    },
  };

  const lastDeleted = deleted.at(-1);
  const undo = async (annotation: Annotation) => {
    try {
      await api.save(annotation, { keepModified: true });
      const earlier = deleted.slice(0, -1);
      setDeleted(earlier);
      if (earlier.length > 0) {
        // Focus stays on Undo, which now offers the deletion before.
        setNotice({ kind: 'deleted', restored: annotation });
      } else {
        setNotice({ kind: 'done', message: 'Annotation restored.' });
        setFocusEdit(annotation.id);
      }
    } catch (error) {
      setNotice({ kind: 'error', message: `Not restored: ${messageOf(error)}` });
    }
    await reload();
  };

  const shown = useMemo(() => filterAnnotations(annotations ?? [], filter), [annotations, filter]);
  const filtered = filter.query.trim() !== '' || filter.tag !== '' || filter.site !== '';

  return (
    <main class="annotations-page">
      <h1>Footnote annotations</h1>
      <div class="notice" role="status">
        {notice?.kind === 'deleted' && lastDeleted && (
          <p>
            {notice.restored && <>Restored “{shortQuote(notice.restored)}”. </>}
            Deleted “{shortQuote(lastDeleted)}”.{' '}
            <button type="button" ref={undoButton} onClick={() => void undo(lastDeleted)}>
              Undo
            </button>
          </p>
        )}
        {notice?.kind === 'done' && <p>{notice.message}</p>}
      </div>
      <div class="error" role="alert">
        {notice?.kind === 'error' && <p>{notice.message}</p>}
      </div>
      {loadError ? (
        <p class="error" role="alert">
          Your annotations could not be read: {loadError}
        </p>
      ) : !annotations ? (
        <p aria-busy="true">Loading your annotations…</p>
      ) : (
        <>
          <section aria-labelledby="list-heading">
            <h2 id="list-heading">Annotations</h2>
            {annotations.length === 0 ? (
              <p class="empty">No annotations yet. Select text on a page and choose Annotate to keep it here.</p>
            ) : (
              <>
                <Filters annotations={annotations} filter={filter} setFilter={setFilter} />
                <p class="muted" data-testid="shown-count">
                  {filtered
                    ? `${plural(shown.length, 'annotation', 'annotations')} of ${annotations.length} shown`
                    : `${plural(annotations.length, 'annotation', 'annotations')}, newest first`}
                  {filtered && (
                    <>
                      {' '}
                      <button type="button" class="link" onClick={() => setFilter(NO_FILTER)}>
                        Show all
                      </button>
                    </>
                  )}
                </p>
                {shown.length === 0 ? (
                  <p class="empty">No annotation matches.</p>
                ) : (
                  <ul class="annotation-list" aria-label="Annotations">
                    {shown.slice(0, listed).map((annotation) => (
                      <AnnotationItem
                        key={domId('item', annotation.id)}
                        annotation={annotation}
                        editing={editing === annotation.id}
                        focusEdit={focusEdit === annotation.id}
                        actions={actions}
                      />
                    ))}
                  </ul>
                )}
                {shown.length > listed && (
                  <p>
                    <button type="button" onClick={() => setListed(listed + LIST_STEP)}>
                      Show {Math.min(LIST_STEP, shown.length - listed)} more
                    </button>{' '}
                    <span class="muted">({shown.length - listed} not shown yet)</span>
                  </p>
                )}
              </>
            )}
          </section>
          <section aria-labelledby="transfer-heading">
            <h2 id="transfer-heading">Export and import</h2>
            <Transfer annotations={annotations} api={api} now={now} onImported={reload} />
          </section>
        </>
      )}
    </main>
  );
}
