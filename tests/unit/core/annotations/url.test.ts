import { describe, expect, it } from 'vitest';
import { normalisePageUrl } from '../../../../src/core/annotations/url';

describe('normalisePageUrl', () => {
  it.each([
    ['drops the fragment', 'https://example.com/news/story#comments', 'https://example.com/news/story'],
    ['drops an empty fragment', 'https://example.com/news/story#', 'https://example.com/news/story'],
    [
      'drops utm_* parameters, keeping the others in order',
      'https://example.com/a?utm_source=x&id=7&utm_medium=email&page=2&UTM_Campaign=spring',
      'https://example.com/a?id=7&page=2',
    ],
    ['drops fbclid', 'https://example.com/a?fbclid=IwAR0abc', 'https://example.com/a'],
    ['drops gclid', 'https://example.com/a?q=raids&gclid=Cj0KCQ', 'https://example.com/a?q=raids'],
    ['drops Mailchimp ids', 'https://example.com/a?mc_cid=1a&mc_eid=2b&x=1', 'https://example.com/a?x=1'],
    ['drops igshid', 'https://example.com/a?igshid=MzRlODBiNWFlZA==', 'https://example.com/a'],
    ['drops ref_src', 'https://example.com/a?ref_src=twsrc%5Etfw', 'https://example.com/a'],
    ['drops msclkid and _ga', 'https://example.com/a?msclkid=9&_ga=2.1&b=2', 'https://example.com/a?b=2'],
    ['drops a percent-encoded tracking name', 'https://example.com/a?utm%5Fsource=x&b=2', 'https://example.com/a?b=2'],
    ['keeps a parameter that only contains a tracking name', 'https://example.com/a?xutm_source=1', 'https://example.com/a?xutm_source=1'],
    ['keeps repeated parameters and their order', 'https://example.com/a?tag=b&tag=a', 'https://example.com/a?tag=b&tag=a'],
    ['keeps the encoding of kept parameters', 'https://example.com/s?q=sanctuary+cities&r=a%20b', 'https://example.com/s?q=sanctuary+cities&r=a%20b'],
    ['drops an empty query', 'https://example.com/a?', 'https://example.com/a'],
    ['drops empty parameter slots', 'https://example.com/a?&x=1&&y=2&', 'https://example.com/a?x=1&y=2'],
    ['lower-cases scheme and host', 'HTTPS://WWW.Example.COM/News/Story', 'https://www.example.com/News/Story'],
    ['drops the https default port', 'https://example.com:443/a', 'https://example.com/a'],
    ['drops the http default port', 'http://example.com:80/a', 'http://example.com/a'],
    ['keeps another port', 'http://localhost:8080/a', 'http://localhost:8080/a'],
    ['drops user name and password', 'https://user:secret@example.com/a', 'https://example.com/a'],
    ['adds the root path', 'https://example.com', 'https://example.com/'],
    ['trims surrounding whitespace', '  https://example.com/a#top \n', 'https://example.com/a'],
    ['writes IDN hosts in punycode', 'https://bücher.example/a', 'https://xn--bcher-kva.example/a'],
    ['leaves a string that is not a URL as it is', 'not a url', 'not a url'],
  ])('%s', (_rule, input, expected) => {
    expect(normalisePageUrl(input)).toBe(expected);
  });

  it('gives the same key for one article reached from a newsletter, a social post and a search ad', () => {
    const keys = new Set(
      [
        'https://www.example.com/2020/09/ice-raids.html?utm_source=newsletter&utm_medium=email#top',
        'https://WWW.EXAMPLE.COM/2020/09/ice-raids.html?fbclid=IwAR2x',
        'https://www.example.com:443/2020/09/ice-raids.html?gclid=EAIaIQ',
      ].map(normalisePageUrl),
    );
    expect([...keys]).toEqual(['https://www.example.com/2020/09/ice-raids.html']);
  });
});
