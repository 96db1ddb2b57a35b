import { useId, useState } from 'preact/hooks';
import { cleanTags } from '../core/annotations/model';

const MAX_SUGGESTIONS = 8;

/** Known tags not yet on the annotation that contain the typed text, in the order given (most used first). */
function suggestionsFor(typed: string, tags: readonly string[], known: readonly string[]): string[] {
  const wanted = typed.trim().toLowerCase();
  const taken = new Set(tags.map((tag) => tag.toLowerCase()));
  return known
    .filter((tag) => !taken.has(tag.toLowerCase()) && tag.toLowerCase().includes(wanted))
    .slice(0, MAX_SUGGESTIONS);
}

/**
 * Tags as removable chips and a combobox to add one. A tag is added by Enter,
 * a comma, leaving the field, or picking a suggestion (click, or arrow keys
 * then Enter); typing alone never adds one, so "ice-raids" stays whole even
 * when "ice" is a known tag.
 */
export function TagInput({ tags, onChange, known }: { tags: string[]; onChange(tags: string[]): void; known: string[] }) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const inputId = useId();
  const suggestions = open ? suggestionsFor(text, tags, known) : [];
  const activeTag = suggestions[active];

  const add = (values: string[]) => {
    onChange(cleanTags([...tags, ...values]));
    setText('');
    setActive(-1);
    // Until the next key: left open, every known tag would show under the field.
    setOpen(false);
  };
  const commitTyped = () => {
    if (text.trim() !== '') add(text.split(','));
  };
  const move = (step: 1 | -1) => {
    const count = open ? suggestions.length : suggestionsFor(text, tags, known).length;
    setOpen(true);
    if (count > 0) setActive(active < 0 ? (step === 1 ? 0 : count - 1) : (active + step + count) % count);
  };

  return (
    <div class="field">
      <label for={inputId}>Tags</label>
      <ul class="tags" aria-label="Tags on this annotation">
        {tags.map((tag) => (
          <li key={tag} class="tag">
            {tag}
            <button type="button" aria-label={`Remove tag ${tag}`} onClick={() => onChange(tags.filter((t) => t !== tag))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        id={inputId}
        role="combobox"
        autocomplete="off"
        aria-autocomplete="list"
        aria-expanded={suggestions.length > 0}
        aria-controls={listId}
        aria-activedescendant={activeTag === undefined ? undefined : `${listId}-${active}`}
        value={text}
        placeholder="Add a tag, then Enter"
        onInput={(event) => {
          const value = event.currentTarget.value;
          if (value.includes(',')) {
            add(value.split(','));
          } else {
            setText(value);
            setActive(-1);
            setOpen(true);
          }
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            move(event.key === 'ArrowDown' ? 1 : -1);
          } else if (event.key === 'Enter' && activeTag !== undefined) {
            event.preventDefault();
            add([activeTag]);
          } else if (event.key === 'Enter' && text.trim() !== '') {
            event.preventDefault();
            commitTyped();
          } else if (event.key === 'Escape' && suggestions.length > 0) {
            // Closes the list only, not the panel, which closes on Escape at the document.
            event.stopPropagation();
            setOpen(false);
            setActive(-1);
          } else if (event.key === 'Backspace' && text === '' && tags.length > 0) {
            onChange(tags.slice(0, -1));
          }
        }}
        onBlur={() => {
          commitTyped();
          setOpen(false);
          setActive(-1);
        }}
      />
      <ul id={listId} role="listbox" aria-label="Tags in use" class="suggestions" hidden={suggestions.length === 0}>
        {suggestions.map((tag, index) => (
          <li
            key={tag}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            // Keeps focus in the field, so leaving it does not first add the half-typed text.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => add([tag])}
          >
            {tag}
          </li>
        ))}
      </ul>
    </div>
  );
}
