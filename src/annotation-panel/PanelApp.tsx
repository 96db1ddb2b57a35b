import { useEffect, useId, useRef, useState } from 'preact/hooks';
import {
  annotationNote,
  annotationPassages,
  annotationQuote,
  annotationTags,
  createAnnotation,
  editAnnotation,
  passageLinkBody,
  passageReference,
  type Annotation,
  type NoteFormat,
  type PassageCitation,
  type PassageLinkBody,
} from '../core/annotations/model';
import type { PanelEvent, PanelRequest, PassageDraft } from './panel-request';
import { messageOf } from '../core/text/error-message';
import { TagInput } from './TagInput';

/** What the panel needs from the extension; the entrypoint wires it to the worker. */
export interface PanelServices {
  /** The annotation with this id on this page, if it still exists. */
  load(pageUrl: string, id: string): Promise<Annotation | undefined>;
  save(annotation: Annotation): Promise<Annotation>;
  remove(id: string): Promise<Annotation | null>;
  /** Puts a deleted annotation back exactly as it was. */
  restore(annotation: Annotation): Promise<void>;
  /** Tags already used, most used first. */
  tags(): Promise<string[]>;
  /** Hash of the loaded index, which passage links name. */
  indexHash(): Promise<string>;
  /** Tells the page around the panel (height, pin, close). */
  post(event: PanelEvent): void;
}

type Stage =
  | { kind: 'loading' }
  | { kind: 'missing' }
  | { kind: 'view'; annotation: Annotation }
  | { kind: 'edit'; annotation?: Annotation }
  | { kind: 'deleted'; annotation: Annotation };

const QUOTE_PREVIEW = 280;

function preview(text: string): string {
  return text.length > QUOTE_PREVIEW ? `${text.slice(0, QUOTE_PREVIEW - 1)}…` : text;
}

function draftCitation(draft: PassageDraft, indexHash: string): PassageCitation {
  return {
    indexHash,
    passageId: draft.passageId,
    title: draft.title,
    text: draft.text,
    ...(draft.author ? { author: draft.author } : {}),
    ...(draft.date ? { date: draft.date } : {}),
    ...(draft.publisher ? { publisher: draft.publisher } : {}),
  };
}

/** Each passage once, where it first appears: a link stored twice, or offered twice, is one link. */
function uniqueLinks(links: readonly PassageLinkBody[]): PassageLinkBody[] {
  const seen = new Set<string>();
  return links.filter((link) => {
    if (seen.has(link.source)) return false;
    seen.add(link.source);
    return true;
  });
}

/** Each offered passage once, ticked if any of its copies was. */
function uniqueDrafts(drafts: readonly PassageDraft[]): PassageDraft[] {
  const byPassage = new Map<number, PassageDraft>();
  for (const draft of drafts) {
    const seen = byPassage.get(draft.passageId);
    byPassage.set(draft.passageId, seen ? { ...seen, checked: seen.checked || draft.checked } : draft);
  }
  return [...byPassage.values()];
}

interface EditorProps {
  /** What a new annotation is made from; absent when editing. */
  draft: Extract<PanelRequest, { mode: 'create' }> | undefined;
  annotation: Annotation | undefined;
  services: PanelServices;
  onSaved(annotation: Annotation): void;
  onCancel(): void;
}

function Editor({ draft, annotation, services, onSaved, onCancel }: EditorProps) {
  const existingNote = annotation && annotationNote(annotation);
  const [note, setNote] = useState(existingNote?.value ?? '');
  const [markdown, setMarkdown] = useState(existingNote?.format === 'text/markdown');
  const [tags, setTags] = useState<string[]>(annotation ? annotationTags(annotation) : []);
  const [known, setKnown] = useState<string[]>([]);
  const [links] = useState<PassageLinkBody[]>(() => (annotation ? uniqueLinks(annotationPassages(annotation)) : []));
  // Sources of links the reader unticked: still listed, so a change of mind can tick them again.
  const [unlinked, setUnlinked] = useState<ReadonlySet<string>>(new Set());
  const [drafts, setDrafts] = useState<PassageDraft[]>(() => uniqueDrafts(draft?.passages ?? []));
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const noteId = useId();
  const noteField = useRef<HTMLTextAreaElement>(null);
  const quote = annotation ? annotationQuote(annotation).exact : (draft?.selectors[0].exact ?? '');

  useEffect(() => {
    services.tags().then(setKnown, () => setKnown([]));
  }, [services]);
  // Not `autofocus`, which browsers refuse in a cross-origin frame: the frame's own focus moves here, and
  // becomes the page's focus when the content script focuses the frame.
  useEffect(() => noteField.current?.focus(), []);

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      const noteFormat: NoteFormat = markdown ? 'text/markdown' : 'text/plain';
      const chosen = drafts.filter((draft) => draft.checked);
      const indexHash = chosen.length > 0 ? await services.indexHash() : '';
      const citations = chosen.map((draft) => draftCitation(draft, indexHash));
      const kept = links.filter((link) => !unlinked.has(link.source));
      const next = annotation
        ? editAnnotation(annotation, { note, noteFormat, tags, passages: [...kept, ...citations.map(passageLinkBody)] })
        : draft
          ? createAnnotation({ ...draft, note, noteFormat, tags, passages: citations })
          : undefined;
      if (next) onSaved(await services.save(next));
    } catch (failure) {
      setError(`Not saved: ${messageOf(failure)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      class="editor"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          void save();
        }
      }}
    >
      <blockquote class="quote">{preview(quote)}</blockquote>
      <div class="field">
        <label for={noteId}>Note</label>
        <textarea id={noteId} ref={noteField} rows={4} value={note} onInput={(event) => setNote(event.currentTarget.value)} />
        <label class="check">
          <input type="checkbox" checked={markdown} onChange={(event) => setMarkdown(event.currentTarget.checked)} />
          Markdown
        </label>
      </div>
      <TagInput tags={tags} onChange={setTags} known={known} />
      {(links.length > 0 || drafts.length > 0) && (
        <fieldset class="passages">
          <legend>Corpus passages</legend>
          {links.map((link) => (
            <label key={link.source} class="check passage">
              <input
                type="checkbox"
                checked={!unlinked.has(link.source)}
                onChange={(event) => {
                  const next = new Set(unlinked);
                  if (event.currentTarget.checked) next.delete(link.source);
                  else next.add(link.source);
                  setUnlinked(next);
                }}
              />
              <span>
                {passageReference(link)}
                <small>{preview(link.selector.exact)}</small>
              </span>
            </label>
          ))}
          {drafts.map((draft, index) => (
            <label key={draft.passageId} class="check passage">
              <input
                type="checkbox"
                checked={draft.checked}
                onChange={(event) => {
                  const checked = event.currentTarget.checked;
                  setDrafts(drafts.map((d, i) => (i === index ? { ...d, checked } : d)));
                }}
              />
              <span>
                {[draft.title, draft.author, draft.date].filter(Boolean).join(' · ')}
                <small>{preview(draft.text)}</small>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={saving}>
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function View({ annotation, changed, onEdit, onDelete }: { annotation: Annotation; changed: boolean; onEdit(): void; onDelete(): void }) {
  const note = annotationNote(annotation);
  const tags = annotationTags(annotation);
  const passages = annotationPassages(annotation);
  return (
    <div class="view">
      {changed && <p class="changed">The text here has changed since you annotated it. You quoted:</p>}
      <blockquote class="quote">{preview(annotationQuote(annotation).exact)}</blockquote>
      {note ? <p class="note">{note.value}</p> : <p class="muted">No note.</p>}
      {tags.length > 0 && (
        <ul class="tags" aria-label="Tags">
          {tags.map((tag) => (
            <li key={tag} class="tag">
              {tag}
            </li>
          ))}
        </ul>
      )}
      {passages.length > 0 && (
        <ul class="links" aria-label="Linked corpus passages">
          {passages.map((link) => (
            <li key={link.source}>
              <cite>{passageReference(link)}</cite>
              <small>{preview(link.selector.exact)}</small>
            </li>
          ))}
        </ul>
      )}
      <p class="muted">Saved {new Date(annotation.modified).toLocaleString()}</p>
      <div class="actions">
        <button type="button" class="primary" onClick={onEdit}>
          Edit
        </button>
        <button type="button" onClick={onDelete}>
          Delete
        </button>
      </div>
    </div>
  );
}

/** The annotation panel: a new annotation's editor, or an existing one's note, tags and passages with edit and delete. */
export function PanelApp({ request, services }: { request: PanelRequest | undefined; services: PanelServices }) {
  const [stage, setStage] = useState<Stage>(
    request?.mode === 'create' ? { kind: 'edit' } : request ? { kind: 'loading' } : { kind: 'missing' },
  );
  const [error, setError] = useState<string>();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (request?.mode !== 'view') return;
    services.load(request.pageUrl, request.id).then(
      (annotation) => setStage(annotation ? { kind: 'view', annotation } : { kind: 'missing' }),
      (failure: unknown) => setError(messageOf(failure)),
    );
  }, [request, services]);

  useEffect(() => {
    const element = root.current;
    if (!element) return;
    const report = () => services.post({ footnotePanel: true, type: 'height', height: element.scrollHeight });
    const observer = new ResizeObserver(report);
    observer.observe(element);
    report();
    return () => observer.disconnect();
  }, [services]);

  const close = () => services.post({ footnotePanel: true, type: 'close' });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  const title =
    stage.kind === 'edit' ? (stage.annotation ? 'Edit annotation' : 'New annotation') : 'Annotation';

  return (
    <div class="panel" ref={root} role="dialog" aria-label={`Footnote: ${title}`}>
      <header>
        <h1>{title}</h1>
        <button type="button" class="close" aria-label="Close" onClick={close}>
          ×
        </button>
      </header>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {stage.kind === 'loading' && <p class="muted">Loading…</p>}
      {stage.kind === 'missing' && <p class="muted">This annotation no longer exists.</p>}
      {stage.kind === 'view' && (
        <View
          annotation={stage.annotation}
          changed={request?.mode === 'view' && request.changed === true}
          onEdit={() => {
            services.post({ footnotePanel: true, type: 'pin' });
            setStage({ kind: 'edit', annotation: stage.annotation });
          }}
          onDelete={() => {
            services.post({ footnotePanel: true, type: 'pin' });
            services.remove(stage.annotation.id).then(
              () => setStage({ kind: 'deleted', annotation: stage.annotation }),
              (failure: unknown) => setError(`Not deleted: ${messageOf(failure)}`),
            );
          }}
        />
      )}
      {stage.kind === 'edit' && (
        <Editor
          draft={request?.mode === 'create' ? request : undefined}
          annotation={stage.annotation}
          services={services}
          onSaved={close}
          onCancel={() => (stage.annotation ? setStage({ kind: 'view', annotation: stage.annotation }) : close())}
        />
      )}
      {stage.kind === 'deleted' && (
        <div class="deleted" role="status">
          <p>Annotation deleted.</p>
          <div class="actions">
            <button
              type="button"
              class="primary"
              onClick={() => {
                services.restore(stage.annotation).then(
                  () => setStage({ kind: 'view', annotation: stage.annotation }),
                  (failure: unknown) => setError(`Not restored: ${messageOf(failure)}`),
                );
              }}
            >
              Undo
            </button>
            <button type="button" onClick={close}>
              Close
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
