import { useEffect, useState } from 'preact/hooks';
import { entityTypeLabel, figureKindLabel } from '../card/format';
import { markableMentions } from '../core/match/dictionary';
import { ENTITY_TYPES, FIGURE_KINDS, type EntityType, type FigureKind } from '../core/index/types';
import { defaultSettings, type Settings } from '../settings/schema';
import { PREVIEW_CLASS, PREVIEW_SENTENCE, previewCss, previewMark } from './preview';
import type { UpdateSettings } from './types';

/** Kinds pages can mark at all: asked of the page's own rule, which leaves some out whatever is chosen. */
const MARKABLE_FIGURE_KINDS: readonly FigureKind[] = markableMentions([], FIGURE_KINDS, defaultSettings()).figureKinds;

const MARK_EVERY: { value: Settings['markEvery']; label: string }[] = [
  { value: 'first-per-paragraph', label: 'The first mention of each in a paragraph' },
  { value: 'every', label: 'Every mention' },
];

const STYLES: { value: Settings['highlight']['style']; label: string }[] = [
  { value: 'underline', label: 'Underline' },
  { value: 'background', label: 'Background' },
];

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function Checkbox({ label, checked, onToggle }: { label: string; checked: boolean; onToggle(checked: boolean): void }) {
  return (
    <label class="choice">
      <input type="checkbox" checked={checked} onChange={(event) => onToggle(event.currentTarget.checked)} />
      {label}
    </label>
  );
}

/** The sample sentence, marked as a page would be under the chosen settings. */
export function MarkPreview({ settings }: { settings: Settings }) {
  return (
    <figure class="preview">
      <style>{previewCss(settings.highlight)}</style>
      <p class={PREVIEW_CLASS} data-testid="mark-preview">
        {PREVIEW_SENTENCE.map((part, index) => {
          if (typeof part === 'string') return part;
          const mark = previewMark(part, settings);
          return mark ? (
            <span key={index} class={mark}>
              {part.text}
            </span>
          ) : (
            part.text
          );
        })}
      </p>
      <figcaption class="muted">Preview: how marks look on a page</figcaption>
    </figure>
  );
}

/** What pages get marked with, how often, and how the marks look. */
export function MarkChoices({ settings, update }: { settings: Settings; update: UpdateSettings }) {
  const saved = settings.highlight.color;
  // The colour picker reports every step of a drag; the preview follows them, storage gets the final one.
  const [color, setColor] = useState(saved);
  useEffect(() => setColor(saved), [saved]);

  const setEntityType = (type: EntityType, on: boolean) =>
    void update((current) => ({ ...current, entityTypes: { ...current.entityTypes, [type]: on } }));
  const setFigureKind = (kind: FigureKind, on: boolean) =>
    void update((current) => ({ ...current, figureKinds: { ...current.figureKinds, [kind]: on } }));
  const setHighlight = (change: Partial<Settings['highlight']>) =>
    void update((current) => ({ ...current, highlight: { ...current.highlight, ...change } }));

  return (
    <>
      <fieldset>
        <legend>Names to mark</legend>
        <div class="choices">
          {ENTITY_TYPES.map((type) => (
            <Checkbox
              key={type}
              label={entityTypeLabel(type)}
              checked={settings.entityTypes[type]}
              onToggle={(on) => setEntityType(type, on)}
            />
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Figures to mark</legend>
        <div class="choices">
          {MARKABLE_FIGURE_KINDS.map((kind) => (
            <Checkbox
              key={kind}
              label={capitalised(figureKindLabel(kind))}
              checked={settings.figureKinds[kind]}
              onToggle={(on) => setFigureKind(kind, on)}
            />
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Mark</legend>
        {MARK_EVERY.map(({ value, label }) => (
          <label key={value} class="choice">
            <input
              type="radio"
              name="mark-every"
              value={value}
              checked={settings.markEvery === value}
              onChange={() => void update((current) => ({ ...current, markEvery: value }))}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Highlight</legend>
        <fieldset class="inline">
          <legend>Style</legend>
          {STYLES.map(({ value, label }) => (
            <label key={value} class="choice">
              <input
                type="radio"
                name="highlight-style"
                value={value}
                checked={settings.highlight.style === value}
                onChange={() => setHighlight({ style: value })}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <div class="row">
          <label for="highlight-color">Colour</label>
          <input
            id="highlight-color"
            type="color"
            value={color}
            onInput={(event) => setColor(event.currentTarget.value)}
            onChange={(event) => setHighlight({ color: event.currentTarget.value })}
          />
        </div>
        <MarkPreview settings={{ ...settings, highlight: { ...settings.highlight, color } }} />
      </fieldset>
    </>
  );
}
