import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { describeQuote } from '../../../src/core/annotations/anchoring';
import {
  annotationNote,
  annotationPassages,
  annotationTags,
  createAnnotation,
  type Annotation,
} from '../../../src/core/annotations/model';
import { PanelApp, type PanelServices } from '../../../src/annotation-panel/PanelApp';
import {
  decodePanelRequest,
  encodePanelRequest,
  isPanelEvent,
  type PanelEvent,
  type PanelRequest,
} from '../../../src/annotation-panel/panel-request';
import { PAGE_TEXT, PASSAGE } from '../core/annotations/sample';

const QUOTE = 'the arrest of more than 2,000 people';
const start = PAGE_TEXT.indexOf(QUOTE);
const selectors = describeQuote(PAGE_TEXT, start, start + QUOTE.length);
const PAGE_URL = 'https://news.example/story?utm_source=feed#comments';

const createRequest: PanelRequest = {
  mode: 'create',
  pageUrl: PAGE_URL,
  pageTitle: 'ICE arrests',
  selectors,
  passages: [
    { passageId: 3, title: PASSAGE.title, author: PASSAGE.author!, date: PASSAGE.date!, publisher: PASSAGE.publisher!, text: PASSAGE.text, checked: true },
    { passageId: 9, title: 'Another article', text: 'Some other passage.', checked: false },
  ],
};

/** A store in memory that behaves like the worker's: save stamps modified, delete removes, restore puts back. */
function memoryServices(initial: Annotation[] = [], options: { failSave?: string; tags?: string[] } = {}) {
  const stored = new Map(initial.map((annotation) => [annotation.id, annotation]));
  const events: PanelEvent[] = [];
  const calls = { saved: [] as Annotation[], restored: [] as Annotation[] };
  const services: PanelServices = {
    load: async (pageUrl, id) => {
      const annotation = stored.get(id);
      return annotation && pageUrl === PAGE_URL ? annotation : undefined;
    },
    save: async (annotation) => {
      if (options.failSave) throw new Error(options.failSave);
      const saved = { ...annotation, modified: '2026-01-02T03:04:05.000Z' };
      calls.saved.push(saved);
      stored.set(saved.id, saved);
      return saved;
    },
    remove: async (id) => {
      const removed = stored.get(id) ?? null;
      stored.delete(id);
      return removed;
    },
    restore: async (annotation) => {
      calls.restored.push(annotation);
      stored.set(annotation.id, annotation);
    },
    tags: async () => options.tags ?? ['raids', 'figures'],
    indexHash: async () => 'abc123',
    post: (event) => events.push(event),
  };
  return { services, events, calls, stored };
}

let container: HTMLElement | undefined;
afterEach(() => {
  if (container) act(() => render(null, container!));
  container?.remove();
  container = undefined;
});

/** Lets the services' promises and the renders they cause finish. */
async function settle() {
  await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
}

async function show(request: PanelRequest | undefined, services: PanelServices): Promise<HTMLElement> {
  container = document.createElement('div');
  document.body.append(container);
  await act(async () => render(<PanelApp request={request} services={services} />, container!));
  await settle();
  return container;
}

function button(root: HTMLElement, label: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === label || b.getAttribute('aria-label') === label);
  if (!found) throw new Error(`no button ${label}`);
  return found;
}

async function type(element: HTMLInputElement | HTMLTextAreaElement, value: string) {
  await act(async () => {
    element.value = value;
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Types `text` a key at a time, as a reader does: one input event per character. */
async function typeKeys(element: HTMLInputElement, text: string) {
  for (const char of text) {
    await act(async () => {
      element.value += char;
      element.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: char }));
    });
  }
}

async function press(element: HTMLElement, key: string) {
  await act(async () => {
    element.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  });
}

const saved = () =>
  createAnnotation(
    { pageUrl: PAGE_URL, pageTitle: 'ICE arrests', selectors, note: 'Compare with the 2019 raids.', tags: ['figures'], passages: [PASSAGE] },
    () => new Date('2025-05-01T09:00:00Z'),
    () => '11111111-2222-4333-8444-555555555555',
  );

describe('panel requests', () => {
  it('round-trip through a URL fragment and refuse damaged ones', () => {
    expect(decodePanelRequest(encodePanelRequest(createRequest))).toEqual(createRequest);
    const view: PanelRequest = { mode: 'view', pageUrl: PAGE_URL, id: 'urn:uuid:x' };
    expect(decodePanelRequest(encodePanelRequest(view))).toEqual(view);
    for (const bad of ['', '#', '#%7B', `#${encodeURIComponent('{"mode":"create"}')}`, `#${encodeURIComponent('{"mode":"view"}')}`]) {
      expect(decodePanelRequest(bad)).toBeUndefined();
    }
  });

  it('accept only the panel events the page may see', () => {
    expect(isPanelEvent({ footnotePanel: true, type: 'height', height: 200 })).toBe(true);
    expect(isPanelEvent({ footnotePanel: true, type: 'close' })).toBe(true);
    expect(isPanelEvent({ footnotePanel: true, type: 'height', height: Number.NaN })).toBe(false);
    expect(isPanelEvent({ footnotePanel: true, type: 'saved', id: 'x' })).toBe(false);
    expect(isPanelEvent({ type: 'close' })).toBe(false);
  });
});

describe('PanelApp: a new annotation', () => {
  it('saves the quote with the note, tags and the ticked passage, then asks to close', async () => {
    const { services, events, calls } = memoryServices();
    const root = await show(createRequest, services);
    expect(root.querySelector('blockquote')!.textContent).toBe(QUOTE);
    expect(root.querySelector('[role=dialog]')!.getAttribute('aria-label')).toBe('Footnote: New annotation');

    await type(root.querySelector('textarea')!, '  Matches the **press release**.  ');
    await act(async () => root.querySelector<HTMLInputElement>('.check input[type=checkbox]')!.click());
    const tagInput = root.querySelector<HTMLInputElement>('input[role=combobox]')!;
    await type(tagInput, 'ICE');
    await press(tagInput, 'Enter');
    await type(tagInput, 'raids,');
    expect([...root.querySelectorAll('.tag')].map((tag) => tag.firstChild!.textContent)).toEqual(['ICE', 'raids']);
    const offered = [...root.querySelectorAll<HTMLInputElement>('.passages input')].map((input) => input.checked);
    expect(offered).toEqual([true, false]);

    await act(async () => button(root, 'Save').click());
    expect(calls.saved).toHaveLength(1);
    const annotation = calls.saved[0]!;
    expect(annotation.target.source).toBe('https://news.example/story');
    expect(annotation.target.selector).toEqual(selectors);
    expect(annotationNote(annotation)).toMatchObject({ value: 'Matches the **press release**.', format: 'text/markdown' });
    expect(annotationTags(annotation)).toEqual(['ICE', 'raids']);
    expect(annotationPassages(annotation).map((link) => link.source)).toEqual(['urn:footnote:passage:abc123:3']);
    expect(events.at(-1)).toEqual({ footnotePanel: true, type: 'close' });
  });

  it('offers a passage sent twice once, and links it once', async () => {
    const { services, calls } = memoryServices();
    const [first, second] = createRequest.passages;
    const root = await show({ ...createRequest, passages: [first!, second!, { ...first!, checked: false }] }, services);
    const offered = [...root.querySelectorAll<HTMLInputElement>('.passages input')];
    expect(offered.map((input) => input.checked)).toEqual([true, false]);
    await act(async () => offered[1]!.click());
    await act(async () => button(root, 'Save').click());
    expect(annotationPassages(calls.saved[0]!).map((link) => link.source)).toEqual([
      'urn:footnote:passage:abc123:3',
      'urn:footnote:passage:abc123:9',
    ]);
  });

  it('keeps the draft and says why when saving fails', async () => {
    const { services, events } = memoryServices([], { failSave: 'the disk is full' });
    const root = await show(createRequest, services);
    await type(root.querySelector('textarea')!, 'Keep me');
    await act(async () => button(root, 'Save').click());
    await settle();
    expect(root.querySelector('[role=alert]')!.textContent).toBe('Not saved: the disk is full');
    expect(root.querySelector('textarea')!.value).toBe('Keep me');
    expect(events.some((event) => event.type === 'close')).toBe(false);
  });

  it('closes on Cancel and on Escape, and reports its height', async () => {
    const { services, events } = memoryServices();
    const root = await show(createRequest, services);
    expect(events.some((event) => event.type === 'height')).toBe(true);
    await act(async () => button(root, 'Cancel').click());
    await press(root.querySelector('textarea')!, 'Escape');
    expect(events.filter((event) => event.type === 'close')).toHaveLength(2);
  });
});

describe('PanelApp: tags', () => {
  const chips = (root: HTMLElement) => [...root.querySelectorAll('.tag')].map((tag) => tag.firstChild!.textContent);
  const options = (root: HTMLElement) => [...root.querySelectorAll('[role=listbox] [role=option]')];

  async function tagField(known: string[]) {
    const { services, events } = memoryServices([], { tags: known });
    const root = await show(createRequest, services);
    return { root, events, input: root.querySelector<HTMLInputElement>('input[role=combobox]')! };
  }

  it('adds a tag that extends a known one whole: typing alone never adds a tag', async () => {
    const { root, input } = await tagField(['ice', 'raids']);
    await typeKeys(input, 'ice-raids');
    expect(chips(root)).toEqual([]);
    expect(input.value).toBe('ice-raids');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    await press(input, 'Enter');
    expect(chips(root)).toEqual(['ice-raids']);
    expect(input.value).toBe('');
    // The list does not reopen with every known tag: it would push the Save button down.
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(root.querySelector<HTMLElement>('[role=listbox]')!.hidden).toBe(true);
  });

  it('suggests known tags as a listbox and adds one picked with the arrow keys and Enter', async () => {
    const { root, input } = await tagField(['ice', 'ice raids', 'figures']);
    await typeKeys(input, 'ic');
    expect(input.getAttribute('aria-expanded')).toBe('true');
    expect(input.getAttribute('aria-controls')).toBe(root.querySelector('[role=listbox]')!.id);
    expect(options(root).map((option) => option.textContent)).toEqual(['ice', 'ice raids']);
    await press(input, 'ArrowDown');
    await press(input, 'ArrowDown');
    const active = options(root)[1]!;
    expect(input.getAttribute('aria-activedescendant')).toBe(active.id);
    expect(active.getAttribute('aria-selected')).toBe('true');
    await press(input, 'Enter');
    expect(chips(root)).toEqual(['ice raids']);
    expect(input.value).toBe('');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    // A tag already on the annotation is not offered again; leaving the field forgets the highlighted one.
    await press(input, 'ArrowDown');
    await act(async () => {
      input.dispatchEvent(new FocusEvent('blur'));
    });
    await press(input, 'ArrowDown');
    expect(input.getAttribute('aria-activedescendant')).toBe(options(root)[0]!.id);
    expect(options(root).map((option) => option.textContent)).toEqual(['ice', 'figures']);
  });

  it('adds a suggestion clicked with the mouse instead of the half-typed text', async () => {
    const { root, input } = await tagField(['ice', 'figures']);
    await typeKeys(input, 'fig');
    const option = options(root).find((o) => o.textContent === 'figures')!;
    await act(async () => {
      option.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }));
      (option as HTMLElement).click();
    });
    expect(chips(root)).toEqual(['figures']);
    expect(input.value).toBe('');
  });

  it('closes the suggestions on Escape and leaves the panel open', async () => {
    const { root, input, events } = await tagField(['ice']);
    await typeKeys(input, 'i');
    expect(options(root)).toHaveLength(1);
    await press(input, 'Escape');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(events.some((event) => event.type === 'close')).toBe(false);
    await press(input, 'Escape');
    expect(events.some((event) => event.type === 'close')).toBe(true);
  });
});

describe('PanelApp: an existing annotation', () => {
  it('says when the page text it was found in has changed since, before the quote', async () => {
    const original = saved();
    const { services } = memoryServices([original]);
    const changed = await show({ mode: 'view', pageUrl: PAGE_URL, id: original.id, changed: true }, services);
    expect(changed.querySelector('.changed')!.textContent).toBe('The text here has changed since you annotated it. You quoted:');
    expect(changed.querySelector('.changed + blockquote')).not.toBeNull();
    const same = await show({ mode: 'view', pageUrl: PAGE_URL, id: original.id }, services);
    expect(same.querySelector('.changed')).toBeNull();
  });


  it('shows its note, tags and passages, and edits it in place under the same id', async () => {
    const original = saved();
    const { services, events, calls } = memoryServices([original]);
    const root = await show({ mode: 'view', pageUrl: PAGE_URL, id: original.id }, services);
    expect(root.querySelector('.note')!.textContent).toBe('Compare with the 2019 raids.');
    expect([...root.querySelectorAll('.tag')].map((tag) => tag.textContent)).toEqual(['figures']);
    expect(root.querySelector('.links cite')!.textContent).toContain("Oppose Trump's mass arrest of 2,000 immigrants!");

    await act(async () => button(root, 'Edit').click());
    expect(events).toContainEqual({ footnotePanel: true, type: 'pin' });
    const note = root.querySelector('textarea')!;
    expect(note.value).toBe('Compare with the 2019 raids.');
    await type(note, 'Compare with 2019 and 2020.');
    await act(async () => button(root, 'Remove tag figures').click());
    await act(async () => button(root, 'Save').click());
    expect(calls.saved[0]).toMatchObject({ id: original.id, created: original.created, target: original.target });
    expect(annotationNote(calls.saved[0]!)!.value).toBe('Compare with 2019 and 2020.');
    expect(annotationTags(calls.saved[0]!)).toEqual([]);
    expect(annotationPassages(calls.saved[0]!)).toEqual(annotationPassages(original));
  });

  it('lists a passage linked twice once, and saves it linked once', async () => {
    const twice = createAnnotation({ pageUrl: PAGE_URL, selectors, passages: [PASSAGE, PASSAGE] });
    const { services, calls } = memoryServices([twice]);
    const root = await show({ mode: 'view', pageUrl: PAGE_URL, id: twice.id }, services);
    await act(async () => button(root, 'Edit').click());
    expect(root.querySelectorAll('.passages input')).toHaveLength(1);
    await act(async () => button(root, 'Save').click());
    expect(annotationPassages(calls.saved[0]!).map((link) => link.source)).toEqual([`urn:footnote:passage:${PASSAGE.indexHash}:3`]);
  });

  it('tells apart passages of one article in the edit form by their text', async () => {
    const texts = ['ICE announced the arrest of more than 2,000 people.', 'The raids lasted six weeks.', 'Officials called it routine.'];
    const threeOfOne = createAnnotation({
      pageUrl: PAGE_URL,
      selectors,
      passages: texts.map((text, index) => ({ ...PASSAGE, passageId: 20 + index, text })),
    });
    const { services } = memoryServices([threeOfOne]);
    const root = await show({ mode: 'view', pageUrl: PAGE_URL, id: threeOfOne.id }, services);
    await act(async () => button(root, 'Edit').click());
    const labels = [...root.querySelectorAll('.passages label')].map((label) => label.textContent!);
    expect(new Set(labels).size).toBe(3);
    labels.forEach((label, index) => expect(label).toContain(texts[index]));
  });

  it('keeps an unticked link listed until saved, so it can be ticked again', async () => {
    const texts = ['ICE announced the arrest of more than 2,000 people.', 'The raids lasted six weeks.'];
    const twoLinks = createAnnotation({
      pageUrl: PAGE_URL,
      selectors,
      passages: texts.map((text, index) => ({ ...PASSAGE, passageId: 20 + index, text })),
    });
    const { services, calls } = memoryServices([twoLinks]);
    const root = await show({ mode: 'view', pageUrl: PAGE_URL, id: twoLinks.id }, services);
    await act(async () => button(root, 'Edit').click());
    const ticks = () => [...root.querySelectorAll<HTMLInputElement>('.passages input')];
    await act(async () => ticks()[0]!.click());
    expect(ticks().map((input) => input.checked)).toEqual([false, true]);
    await act(async () => ticks()[0]!.click());
    await act(async () => ticks()[1]!.click());
    expect(ticks().map((input) => input.checked)).toEqual([true, false]);
    await act(async () => button(root, 'Save').click());
    expect(annotationPassages(calls.saved[0]!).map((link) => link.selector.exact)).toEqual([texts[0]]);
  });

  it('deletes with an Undo that puts it back exactly', async () => {
    const original = saved();
    const { services, calls, stored } = memoryServices([original]);
    const root = await show({ mode: 'view', pageUrl: PAGE_URL, id: original.id }, services);
    await act(async () => button(root, 'Delete').click());
    expect(stored.has(original.id)).toBe(false);
    expect(root.querySelector('[role=status]')!.textContent).toContain('Annotation deleted.');
    await act(async () => button(root, 'Undo').click());
    expect(calls.restored).toEqual([original]);
    expect(stored.get(original.id)).toEqual(original);
    expect(root.querySelector('.note')!.textContent).toBe('Compare with the 2019 raids.');
  });

  it('says so when the annotation no longer exists, or the request is damaged', async () => {
    const { services } = memoryServices();
    const gone = await show({ mode: 'view', pageUrl: PAGE_URL, id: 'urn:uuid:gone' }, services);
    expect(gone.textContent).toContain('This annotation no longer exists.');
    act(() => render(null, gone));
    const damaged = await show(undefined, services);
    expect(damaged.textContent).toContain('This annotation no longer exists.');
  });
});
