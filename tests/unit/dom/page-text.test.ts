import { afterEach, describe, expect, it } from 'vitest';
import { anchor, describeQuote } from '../../../src/core/annotations/anchoring';
import { PageText } from '../../../src/page/page-text';

afterEach(() => {
  document.body.innerHTML = '';
});

function page(html: string): PageText {
  document.body.innerHTML = html;
  return PageText.read(document);
}

describe('PageText', () => {
  it('reads body text in document order across inline markup, without script, style, noscript, template or our UI', () => {
    const text = page(
      '<p>Agents of <a href="#">Immigration and <em>Customs</em> Enforcement</a> arrested 498 people.</p>' +
        '<script>var ice = 1;</script><style>p{}</style><noscript>no js</noscript><template><p>later</p></template>' +
        '<div data-footnote-ui>our card</div><p>Second paragraph.</p>',
    );
    expect(text.text).toBe('Agents of Immigration and Customs Enforcement arrested 498 people.Second paragraph.');
  });

  it('maps a quote to a Range over the same characters, across element boundaries', () => {
    const text = page('<p>Agents of <a>Immigration and <em>Customs</em> Enforcement</a> arrested.</p>');
    const start = text.text.indexOf('Customs');
    const range = text.rangeFor(start - 4, start + 'Customs Enforcement'.length)!;
    expect(range.toString()).toBe('and Customs Enforcement');
    expect(range.startContainer.textContent).toBe('Immigration and ');
    expect(range.endContainer.textContent).toBe(' Enforcement');
  });

  it('ends a range that stops on a node boundary inside the earlier node', () => {
    const text = page('<p><b>BORTAC</b> agents</p>');
    const range = text.rangeFor(0, 6)!;
    expect(range.toString()).toBe('BORTAC');
    expect(range.endContainer.textContent).toBe('BORTAC');
  });

  it('maps a DOM selection back to offsets, also when it is bounded by elements rather than text', () => {
    const text = page('<p id="a">First <b>bold</b> words.</p><p id="b">Then more.</p>');
    const range = document.createRange();
    range.setStart(document.getElementById('a')!.querySelector('b')!, 0);
    range.setEnd(document.getElementById('b')!, 0);
    expect(text.offsetsOf(range)).toEqual({ start: 'First '.length, end: 'First bold words.'.length });

    const inText = document.createRange();
    const words = document.getElementById('b')!.firstChild!;
    inText.setStart(words, 5);
    inText.setEnd(words, 9);
    const offsets = text.offsetsOf(inText)!;
    expect(text.text.slice(offsets.start, offsets.end)).toBe('more');
  });

  it('gives no offsets for a range over none of its text', () => {
    const text = page('<p>Words.</p><script>code()</script>');
    const range = document.createRange();
    range.selectNodeContents(document.querySelector('script')!);
    expect(text.offsetsOf(range)).toBeUndefined();
  });

  it('describes a selection that anchors again after the page is re-rendered with different markup', () => {
    const before = page('<p>In 2019, ICE raided seven plants in Mississippi and arrested 680 workers.</p>');
    const start = before.text.indexOf('arrested 680 workers');
    const selectors = describeQuote(before.text, start, start + 'arrested 680 workers'.length);
    const after = page('<div><p>Breaking: in 2019, <b>ICE</b> raided seven plants in <i>Mississippi</i></p><p>and arrested 680 workers.</p></div>');
    const found = anchor(after.text, selectors);
    expect(found).toMatchObject({ method: 'quote' });
    if ('orphan' in found) throw new Error('not anchored');
    expect(after.rangeFor(found.start, found.end)!.toString()).toBe('arrested 680 workers');
  });
});
