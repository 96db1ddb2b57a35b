// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { parseIndex } from '../../../src/core/index/format';
import { AliasMatcher } from '../../../src/core/match/alias-matcher';
import { findMentions } from '../../../src/core/match/find-mentions';
import { collectTextBlocks, locate, rangeFor, SOFT_BOUNDARY, type TextBlock } from '../../../src/page/text-blocks';
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

describe('containers of inline text read in one piece', () => {
  const texts = (html: string) => collectTextBlocks(render(html)).blocks.map((block) => block.text);

  it('reads a paragraph of inline text whole, and finds its text nodes only when asked', () => {
    const body = render('<p id="p">The <a href="#">Immigration and</a> <em>Customs</em> Enforcement</p><p id="q">ICE<br>agents</p>');
    const [whole, ...walked] = collectTextBlocks(body).blocks;
    expect(whole!.key).toBe(body.querySelector('#p'));
    expect(whole!.nodes.map((node) => node.data)).toEqual(['The ', 'Immigration and', ' ', 'Customs', ' Enforcement']);
    expect(whole!.starts).toEqual([0, 4, 19, 20, 27]);
    // A line break makes the paragraph one to walk node by node.
    expect(walked.map((block) => [block.text, block.key])).toEqual([
      ['ICE', body.querySelector('#q')!.firstChild],
      ['agents', body.querySelector('#q')!.lastChild],
    ]);
  });

  it('reads blocks around nested elements as the node walk does', () => {
    // An element with no text joins the text around it; one with text, even blank, separates it.
    expect(texts('<p>ICE <img alt=""> agents</p>')).toEqual(['ICE  agents']);
    expect(texts('<div>Immigration and<p> </p>Customs Enforcement</div>')).toEqual(['Immigration and', 'Customs Enforcement']);
    expect(texts('<div>before<p>inside <b>bold</b></p>after</div>')).toEqual(['before', 'inside bold', 'after']);
    expect(texts('<p>ICE <span hidden>CBP</span> agents</p>')).toEqual(['ICE  agents']);
  });

  it('walks a container where a letter and a digit meet, beyond ASCII too', () => {
    const body = render('<p id="a"><b>café</b><i>3</i> comments</p><p id="b">ICE\u2019s \u201cagents\u201d <b>2,000</b>\u00a0people</p>');
    const [cafe, quotes] = collectTextBlocks(body).blocks;
    expect(cafe!.text).toBe(`café${SOFT_BOUNDARY}3 comments`);
    // Curly quotes and spaces are no letters or digits: that paragraph is still read whole.
    expect(quotes!.key).toBe(body.querySelector('#b'));
  });

  it('reports a shadow root on a span inside such a paragraph', () => {
    const body = render('<p>text <span id="host"></span> more</p>');
    const shadow = body.querySelector('#host')!.attachShadow({ mode: 'open' });
    const { blocks, shadowRoots } = collectTextBlocks(body);
    expect(blocks[0]!.key).toBe(body.firstChild);
    expect(shadowRoots).toEqual([shadow]);
  });

  it('finds its text nodes after the page hides it behind a dialog', () => {
    const body = render('<div id="app"><p>The <a href="#">Immigration and Customs Enforcement</a> agency</p></div>');
    const block = collectTextBlocks(body).blocks[0]!;
    body.querySelector('#app')!.setAttribute('aria-hidden', 'true');
    expect(rangeFor(block, 4, 39).toString()).toBe('Immigration and Customs Enforcement');
  });

  it('tells whether its text is still in the document', () => {
    const body = render('<p>ICE <b>agents</b></p>');
    const block = collectTextBlocks(body).blocks[0]!;
    expect(block.isAttached()).toBe(true);
    body.firstChild!.remove();
    expect(block.isAttached()).toBe(false);
  });
});

describe('a letter and a digit glued across an element boundary', () => {
  // Breitbart's sidebar: a headline link followed directly by its comment count.
  const SIDEBAR =
    '<ul><li><a href="#">Poll: Californians Want to End Sanctuary Cities</a><span><a href="#">3,930</a> comments</span></li>' +
    '<li><a href="#">The Swearing In of President Donald Trump</a><span><a href="#">42,070</a> comments - 4 days ago</span></li></ul>';

  it('reads them as separate words', () => {
    expect(markedEntities(SIDEBAR)).toEqual(['Sanctuary Cities', 'Donald Trump']);
    expect(markedEntities('<p><b>2019</b>ICE raids</p>')).toEqual(['ICE']);
    expect(markedEntities('<p>ICE<sup>12</sup></p>')).toEqual(['ICE']);
  });

  it('puts SOFT_BOUNDARY in the block text only, between the nodes', () => {
    const { blocks } = collectTextBlocks(render('<p><a>Sanctuary Cities</a><span><a>3,930</a> comments</span></p>'));
    const block = blocks[0]!;
    expect(block.text).toBe(`Sanctuary Cities${SOFT_BOUNDARY}3,930 comments`);
    expect(block.nodes.map((node) => node.data)).toEqual(['Sanctuary Cities', '3,930', ' comments']);
    expect(block.starts).toEqual([0, 17, 22]);
  });

  it('keeps ranges and node offsets exact around it', () => {
    const { blocks } = collectTextBlocks(render('<p><a>Sanctuary Cities</a><span><a>3,930</a> comments</span></p>'));
    const block = blocks[0]!;
    const boundary = block.text.indexOf(SOFT_BOUNDARY);
    expect(rangeFor(block, 10, boundary).toString()).toBe('Cities');
    expect(rangeFor(block, boundary + 1, boundary + 6).toString()).toBe('3,930');
    expect(rangeFor(block, 10, boundary + 6).toString()).toBe('Cities3,930');
    expect(locate(block, boundary + 1)).toEqual({ node: block.nodes[1], offset: 0 });
    // The boundary itself belongs to no node: it maps to the end of the node before it.
    expect(locate(block, boundary)).toEqual({ node: block.nodes[0], offset: 'Sanctuary Cities'.length });
    expect(rangeFor(block, boundary, boundary + 1).collapsed).toBe(true);
  });

  it('leaves other joins as they are', () => {
    const texts = (html: string) => collectTextBlocks(render(html)).blocks.map((block) => block.text);
    // Letters on both sides: one word split by markup.
    expect(texts('<p><span>BOR</span><span>TAC</span> teams</p>')).toEqual(['BORTAC teams']);
    expect(texts('<p><b>1,300</b>,<i>000</i></p>')).toEqual(['1,300,000']);
    // A comment is no element: `Trump<!-- -->42` is one run of text.
    expect(texts('<p>Trump<!-- -->42</p>')).toEqual(['Trump42']);
  });

  it('joins adjacent text nodes of one element without a boundary', () => {
    const body = render('<p id="p"></p>');
    const paragraph = body.querySelector('#p')!;
    paragraph.append(document.createTextNode('ICE'), document.createTextNode('12'));
    expect(collectTextBlocks(body).blocks.map((block) => block.text)).toEqual(['ICE12']);
  });
});
