// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { parseIndex } from '../../../src/core/index/format';
import { AliasMatcher } from '../../../src/core/match/alias-matcher';
import { findMentions } from '../../../src/core/match/find-mentions';
import { collectTextBlocks, rangeFor, type TextBlock } from '../../../src/page/text-blocks';
// A compiled index (gazetteer plus one article): its matcher holds every curated alias.
import indexFixture from '../../fixtures/index/index-v1.json';

const matcher = AliasMatcher.fromJSON(parseIndex(indexFixture).matcher);

function render(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body;
}

/** Entity mentions in the body, as the DOM ranges the page would mark. */
function markedEntities(html: string): string[] {
  const { blocks } = collectTextBlocks(render(html));
  return blocks.flatMap((block: TextBlock) =>
    findMentions(block.text, matcher, { figureKinds: new Set() })
      .filter((m) => m.type === 'entity')
      .map((m) => rangeFor(block, m.start, m.end).toString()),
  );
}

describe('reading blocks across inline markup', () => {
  it.each([
    ['<p>The <a href="#">Immigration and</a> <em>Customs</em> Enforcement agency</p>', ['Immigration and Customs Enforcement']],
    ['<p><span>BOR</span><span>TAC</span> teams</p>', ['BORTAC']],
    ['<p>Operation&nbsp;Safe&nbsp;City</p>', ['Operation\u00a0Safe\u00a0City']],
    ['<p>sanctu\u00adary cities</p>', ['sanctu\u00adary cities']],
    ['<p>ICE\u2019s agents</p>', ['ICE']],
    ['<p>Matthew\n   Albence said</p>', ['Matthew\n   Albence']],
  ])('%s', (html, expected) => {
    expect(markedEntities(html)).toEqual(expected);
  });

  it('does not join words across block boundaries or line breaks', () => {
    expect(markedEntities('<div>Immigration and</div><div>Customs Enforcement</div>')).toEqual([]);
    expect(markedEntities('<p>BOR<br>TAC</p>')).toEqual([]);
    expect(markedEntities('<ul><li>ICE</li><li>CBP</li></ul>')).toEqual(['ICE', 'CBP']);
  });

  it('skips text that is not for reading', () => {
    const html = `<p>ICE</p><script>var ICE = 1;</script><style>.ICE{}</style><textarea>ICE</textarea>
      <div contenteditable="true">ICE</div><p hidden>ICE</p><input value="ICE"><pre>ICE</pre>
      <div data-footnote-ui>ICE</div><p aria-hidden="true">ICE</p>`;
    expect(markedEntities(html)).toEqual(['ICE']);
  });

  it('reports open shadow roots for separate scanning', () => {
    const body = render('<div id="host"></div><p>text</p>');
    const shadow = body.querySelector('#host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p>BORTAC inside</p>';
    const { blocks, shadowRoots } = collectTextBlocks(body);
    expect(shadowRoots).toEqual([shadow]);
    expect(blocks.map((b) => b.text)).toEqual(['text']);
    expect(collectTextBlocks(shadow).blocks.map((b) => b.text)).toEqual(['BORTAC inside']);
  });

  it('maps block offsets back to the right text nodes', () => {
    const { blocks } = collectTextBlocks(render('<p>one <b>two</b> three</p>'));
    const block = blocks[0]!;
    expect(block.text).toBe('one two three');
    const range = rangeFor(block, 4, 13);
    expect(range.toString()).toBe('two three');
    expect(range.startContainer.textContent).toBe('two');
  });
});
