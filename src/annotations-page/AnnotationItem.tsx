import { useEffect, useRef, useState } from 'preact/hooks';
import {
  annotationNote,
  editAnnotation,
  annotationPassages,
  annotationQuote,
  annotationTags,
  passageReference,
  type Annotation,
} from '../core/annotations/model';
import { hostOf } from './filter';

const DATE_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An element id for an annotation id (any string): every other character is spelled out, so ids stay distinct. */
export function domId(prefix: string, annotationId: string): string {
  return `${prefix}-${annotationId.replace(/[^A-Za-z0-9-]/g, (ch) => `_${ch.codePointAt(0)!.toString(16)}_`)}`;
}

function When({ label, iso }: { label: string; iso: string }) {
  return (
    <>
      {label} <time dateTime={iso}>{DATE_FORMAT.format(new Date(iso))}</time>
    </>
  );
}

export interface ItemActions {
  edit(id: string): void;
  cancelEdit(): void;
  /** Resolves with an error message, or undefined once saved. */
  save(annotation: Annotation): Promise<string | undefined>;
  remove(annotation: Annotation): void;
  open(annotation: Annotation): void;
}

function Editor({ annotation, actions }: { annotation: Annotation; actions: ItemActions }) {
  const [note, setNote] = useState(annotationNote(annotation)?.value ?? '');
  const [tags, setTags] = useState(annotationTags(annotation).join(', '));
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const noteField = useRef<HTMLTextAreaElement>(null);
  useEffect(() => noteField.current?.focus(), []);
  const noteId = domId('note', annotation.id);
  const tagsId = domId('tags', annotation.id);

  const submit = async (event: Event) => {
    event.preventDefault();
    // A held Ctrl+Enter repeats; the disabled Save button does not stop keys.
    if (saving) return;
    setSaving(true);
    const problem = await actions.save(editAnnotation(annotation, { note, tags: tags.split(',') }));
    setSaving(false);
    setError(problem);
  };

  return (
    <form
      class="editor"
      aria-label="Edit annotation"
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') actions.cancelEdit();
        // As in the on-page editor: Ctrl+Enter (Cmd+Enter on a Mac) saves from any field.
        else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit(event);
      }}
    >
      <label for={noteId}>Note</label>
      <textarea id={noteId} ref={noteField} rows={4} value={note} onInput={(event) => setNote(event.currentTarget.value)} />
      <label for={tagsId}>Tags</label>
      <input
        id={tagsId}
        type="text"
        value={tags}
        aria-describedby={`${tagsId}-hint`}
        onInput={(event) => setTags(event.currentTarget.value)}
      />
      <p id={`${tagsId}-hint`} class="muted">
        Separate tags with commas.
      </p>
      {error && (
        <p class="error" role="alert">
          Not saved: {error}
        </p>
      )}
      <div class="row">
        <button type="submit" disabled={saving}>
          Save
        </button>
        <button type="button" onClick={actions.cancelEdit}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** One annotation: quote, note, tags, linked passages, page and dates, with edit, delete and open. */
export function AnnotationItem({
  annotation,
  editing,
  focusEdit,
  actions,
}: {
  annotation: Annotation;
  editing: boolean;
  /** Moves focus to this item's Edit button once (after an edit closes or a delete is undone). */
  focusEdit: boolean;
  actions: ItemActions;
}) {
  const editButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusEdit && !editing) editButton.current?.focus();
  }, [focusEdit, editing]);
  const quoteId = domId('quote', annotation.id);
  const note = annotationNote(annotation);
  const tags = annotationTags(annotation);
  const passages = annotationPassages(annotation);
  const title = annotation.target['dcterms:title'];
  const host = hostOf(annotation);

  return (
    <li class="annotation">
      <article aria-labelledby={quoteId}>
        <blockquote id={quoteId}>{annotationQuote(annotation).exact}</blockquote>
        <p class="page">
          {title ? (
            <>
              <span class="title">{title}</span> <span class="muted">{host}</span>
            </>
          ) : (
            <span class="title">{host}</span>
          )}
        </p>
        {editing ? (
          <Editor annotation={annotation} actions={actions} />
        ) : (
          <>
            {note && (
              <p class="note" data-format={note.format}>
                {note.value}
              </p>
            )}
            {tags.length > 0 && (
              <ul class="tags" aria-label="Tags">
                {tags.map((tag) => (
                  <li key={tag}>{tag}</li>
                ))}
              </ul>
            )}
          </>
        )}
        {passages.length > 0 && (
          <section class="passages" aria-label="Linked passages">
            <p class="label">Linked passages</p>
            <ul>
              {passages.map((link) => (
                <li key={link.source}>
                  <cite>{passageReference(link)}</cite> <q>{link.selector.exact}</q>
                </li>
              ))}
            </ul>
          </section>
        )}
        <p class="dates muted">
          <When label="Created" iso={annotation.created} />
          {annotation.modified !== annotation.created && (
            <>
              {' · '}
              <When label="edited" iso={annotation.modified} />
            </>
          )}
        </p>
        {!editing && (
          <div class="row actions">
            <button type="button" ref={editButton} aria-describedby={quoteId} onClick={() => actions.edit(annotation.id)}>
              Edit
            </button>
            <button type="button" aria-describedby={quoteId} onClick={() => actions.remove(annotation)}>
              Delete
            </button>
            <button type="button" aria-describedby={quoteId} onClick={() => actions.open(annotation)}>
              Open page
            </button>
          </div>
        )}
      </article>
    </li>
  );
}
