import { describe, expect, it } from 'vitest';
import {
  isEnabledFor,
  normalizeRule,
  parseSiteRule,
  parseSiteRules,
  ruleMatches,
  siteKeyOf,
  type SiteRule,
  type SiteSwitches,
} from '../../../src/core/site/site-key';

describe('siteKeyOf', () => {
  it.each([
    ['a plain domain', 'https://example.com/a?b#c', 'example.com', 'example.com'],
    ['a subdomain', 'https://news.example.com/story', 'example.com', 'news.example.com'],
    ['a deep subdomain', 'https://a.b.c.example.com/', 'example.com', 'a.b.c.example.com'],
    ['a multi-part public suffix', 'https://news.example.co.uk/story', 'example.co.uk', 'news.example.co.uk'],
    ['www under co.uk', 'https://www.bbc.co.uk/news', 'bbc.co.uk', 'www.bbc.co.uk'],
    ['a private suffix (github.io)', 'https://someone.github.io/project/', 'someone.github.io', 'someone.github.io'],
    ['below a private suffix', 'https://a.b.blogspot.com/', 'b.blogspot.com', 'a.b.blogspot.com'],
    ['a bare public suffix', 'https://github.io/', 'github.io', 'github.io'],
    ['a non-default port', 'https://example.com:8443/', 'example.com', 'example.com:8443'],
    ['the default https port', 'https://example.com:443/', 'example.com', 'example.com'],
    ['the default http port', 'http://news.example.com:80/', 'example.com', 'news.example.com'],
    ['localhost with a port', 'http://localhost:8080/app', 'localhost', 'localhost:8080'],
    ['localhost without a port', 'http://localhost/', 'localhost', 'localhost'],
    ['IPv4 with a port', 'http://127.0.0.1:3000/x', '127.0.0.1', '127.0.0.1:3000'],
    ['IPv4', 'http://192.168.1.20/', '192.168.1.20', '192.168.1.20'],
    ['IPv6 loopback with a port', 'http://[::1]:8080/', '[::1]', '[::1]:8080'],
    ['IPv6 in upper case', 'https://[2001:DB8::1]/', '[2001:db8::1]', '[2001:db8::1]'],
    ['an upper-case host', 'HTTPS://NEWS.EXAMPLE.CO.UK/Story', 'example.co.uk', 'news.example.co.uk'],
    ['an IDN host', 'https://bücher.de/', 'xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['a punycode host', 'https://xn--bcher-kva.de/', 'xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['an IDN subdomain', 'https://news.BÜCHER.de/', 'xn--bcher-kva.de', 'news.xn--bcher-kva.de'],
    ['a trailing dot', 'https://example.com./', 'example.com', 'example.com'],
    ['a one-word intranet host', 'http://intranet/wiki', 'intranet', 'intranet'],
    ['a local file', 'file:///home/me/article.html', 'file://', 'file://'],
    ['a Windows local file', 'file:///C:/Users/me/a.html', 'file://', 'file://'],
    ['google.com outside the store', 'https://chrome.google.com/search', 'google.com', 'chrome.google.com'],
  ])('%s: %s', (_label, url, site, host) => {
    expect(siteKeyOf(url)).toEqual({ site, host });
  });

  it.each([
    ['chrome://extensions/', /page of the browser itself/],
    ['edge://settings', /page of the browser itself/],
    ['about:blank', /page of the browser itself/],
    ['about:addons', /page of the browser itself/],
    ['chrome-extension://abcdefgh/popup.html', /belongs to an extension/],
    ['moz-extension://0f3c-uuid/options.html', /belongs to an extension/],
    ['view-source:https://example.com/', /source view/],
    ['data:text/html,<p>hi</p>', /data: address/],
    ['https://chromewebstore.google.com/detail/footnote/abc', /Chrome Web Store/],
    ['https://chrome.google.com/webstore/category/extensions', /Chrome Web Store/],
    ['https://chrome.google.com/webstore', /Chrome Web Store/],
    ['https://addons.mozilla.org/en-US/firefox/', /Firefox Add-ons/],
    ['ftp://example.com/file', /web pages \(http and https\) and local files, not on ftp: addresses/],
    ['javascript:alert(1)', /not on javascript: addresses/],
    ['not a url at all', /not a web address/],
    ['', /not a web address/],
  ])('%s is unsupported', (url, reason) => {
    const key = siteKeyOf(url);
    expect(key).toHaveProperty('unsupported');
    expect((key as { unsupported: string }).unsupported).toMatch(reason);
  });
});

describe('parseSiteRule', () => {
  it.each([
    ['example.com', 'site', 'example.com'],
    ['  example.com  ', 'site', 'example.com'],
    ['EXAMPLE.COM', 'site', 'example.com'],
    ['https://www.example.com/path?q=1#top', 'site', 'example.com'],
    ['www.example.co.uk', 'site', 'example.co.uk'],
    ['*.example.com', 'site', 'example.com'],
    ['https://*.example.com/', 'site', 'example.com'],
    ['news.example.co.uk', 'host', 'news.example.co.uk'],
    ['https://news.example.co.uk/politics', 'host', 'news.example.co.uk'],
    ['example.com/some/page', 'site', 'example.com'],
    ['example.com.', 'site', 'example.com'],
    ['example.com:8080', 'host', 'example.com:8080'],
    ['https://example.com:443/', 'site', 'example.com'],
    ['someone.github.io', 'site', 'someone.github.io'],
    ['blog.someone.github.io', 'host', 'blog.someone.github.io'],
    ['bücher.de', 'site', 'xn--bcher-kva.de'],
    ['xn--bcher-kva.de', 'site', 'xn--bcher-kva.de'],
    ['localhost', 'site', 'localhost'],
    ['*.localhost', 'site', 'localhost'],
    ['localhost:3000', 'host', 'localhost:3000'],
    ['http://localhost:3000/', 'host', 'localhost:3000'],
    ['192.168.0.1', 'site', '192.168.0.1'],
    ['192.168.0.1:8080', 'host', '192.168.0.1:8080'],
    ['::1', 'site', '[::1]'],
    ['fe80::1', 'site', '[fe80::1]'],
    ['[::1]:8080', 'host', '[::1]:8080'],
    ['http://intranet/', 'site', 'intranet'],
    ['file:///home/me/a.html', 'site', 'file://'],
    ['file://', 'site', 'file://'],
  ])('%j → %s rule %s', (input, kind, value) => {
    expect(parseSiteRule(input)).toEqual({ rule: { kind, value } });
  });

  it.each([
    ['', /enter a web address/],
    ['   ', /enter a web address/],
    ['example .com', /spaces are not allowed/],
    ['https://example.com/a b', /spaces are not allowed/],
    ['hello', /not a web address/],
    ['foo..com', /not a web address/],
    ['-bad.com', /not a web address/],
    ['under_score.com', /not a web address/],
    ['ex!ample.com', /not a web address/],
    ['999.1.1.1', /not a web address/],
    ['example.com:abc', /not a web address/],
    ['reader@example.com', /not a web address/],
    ['https://', /not a web address/],
    ['co.uk', /a public suffix such as co.uk cannot be a site/],
    ['com', /a public suffix such as com cannot be a site/],
    ['*.co.uk', /a public suffix such as co.uk cannot be a site/],
    ['github.io', /a public suffix such as github.io cannot be a site/],
    ['*.news.example.co.uk', /must name a whole site, such as \*\.example\.co\.uk/],
    ['ex*ample.com', /a \* is only allowed at the start/],
    ['*.example.com:8080', /cannot have a port/],
    ['chrome://settings', /page of the browser itself/],
    ['about:blank', /page of the browser itself/],
    ['mailto:someone@example.com', /not on mailto: addresses/],
    ['chromewebstore.google.com', /Chrome Web Store/],
    ['https://chrome.google.com/webstore/detail/x', /Chrome Web Store/],
  ])('rejects %j', (input, message) => {
    const result = parseSiteRule(input);
    expect(result).toHaveProperty('error');
    expect((result as { error: string }).error).toMatch(message);
  });
});

describe('parseSiteRules', () => {
  it('reads one rule per line or comma separated, keeps duplicates once, reports bad lines', () => {
    const pasted = [
      'example.com, news.example.co.uk',
      '',
      'co.uk',
      '  *.example.com ,https://www.other.org/x,  ',
      'hello, localhost:3000',
    ].join('\r\n');
    expect(parseSiteRules(pasted)).toEqual({
      rules: [
        { kind: 'site', value: 'example.com' },
        { kind: 'host', value: 'news.example.co.uk' },
        { kind: 'site', value: 'other.org' },
        { kind: 'host', value: 'localhost:3000' },
      ],
      errors: [
        { line: 3, input: 'co.uk', error: expect.stringMatching(/public suffix/) },
        { line: 5, input: 'hello', error: 'not a web address' },
      ],
    });
  });

  it('returns nothing for blank text', () => {
    expect(parseSiteRules(' \n , \n')).toEqual({ rules: [], errors: [] });
  });
});

describe('normalizeRule', () => {
  it.each([
    [{ kind: 'site', value: 'Example.COM' }, { kind: 'site', value: 'example.com' }],
    [{ kind: 'host', value: 'example.com' }, { kind: 'host', value: 'example.com' }],
    [{ kind: 'host', value: 'example.com:80' }, { kind: 'host', value: 'example.com' }],
    [{ kind: 'host', value: 'localhost:8080' }, { kind: 'host', value: 'localhost:8080' }],
    [{ kind: 'site', value: 'intranet' }, { kind: 'site', value: 'intranet' }],
    [{ kind: 'site', value: 'github.io' }, { kind: 'site', value: 'github.io' }],
    [{ kind: 'site', value: '[::1]' }, { kind: 'site', value: '[::1]' }],
    [{ kind: 'site', value: 'file://' }, { kind: 'site', value: 'file://' }],
  ] as [SiteRule, SiteRule][])('keeps %j as %j', (rule, normalized) => {
    expect(normalizeRule(rule)).toEqual({ rule: normalized });
  });

  it.each([
    [{ kind: 'site', value: 'news.example.com' }, /is a host, not a whole site/],
    [{ kind: 'site', value: 'localhost:8080' }, /is a host, not a whole site/],
    [{ kind: 'host', value: 'a b.com' }, /not a host name/],
    [{ kind: 'host', value: 'example.com/path' }, /not a host name/],
    [{ kind: 'host', value: '*.example.com' }, /not a host name/],
    [{ kind: 'host', value: '' }, /not a host name/],
    [{ kind: 'host', value: 'chromewebstore.google.com' }, /Chrome Web Store/],
  ] as [SiteRule, RegExp][])('rejects %j', (rule, message) => {
    const result = normalizeRule(rule);
    expect(result).toHaveProperty('error');
    expect((result as { error: string }).error).toMatch(message);
  });
});

describe('ruleMatches', () => {
  const site = (value: string): SiteRule => ({ kind: 'site', value });
  const host = (value: string): SiteRule => ({ kind: 'host', value });

  it.each([
    [site('example.co.uk'), 'https://news.example.co.uk/', true],
    [site('example.co.uk'), 'https://example.co.uk/', true],
    [site('example.co.uk'), 'https://example.co.uk:8443/', true],
    [site('example.co.uk'), 'https://other.co.uk/', false],
    [site('example.co.uk'), 'https://example.co.uk.evil.com/', false],
    [host('news.example.co.uk'), 'https://news.example.co.uk/a', true],
    [host('news.example.co.uk'), 'http://news.example.co.uk/a', true],
    [host('news.example.co.uk'), 'https://sport.example.co.uk/', false],
    [host('news.example.co.uk'), 'https://example.co.uk/', false],
    [host('news.example.co.uk'), 'https://news.example.co.uk:8443/', false],
    [host('example.com'), 'https://www.example.com/', false],
    [site('someone.github.io'), 'https://someone.github.io/x', true],
    [site('someone.github.io'), 'https://other.github.io/x', false],
    [site('localhost'), 'http://localhost:3000/', true],
    [host('localhost:3000'), 'http://localhost:3000/', true],
    [host('localhost:3000'), 'http://localhost:5173/', false],
    [site('[::1]'), 'http://[::1]:8080/', true],
    [site('file://'), 'file:///tmp/a.html', true],
    [site('file://'), 'https://example.com/', false],
  ])('%j on %s → %s', (rule, url, expected) => {
    const key = siteKeyOf(url);
    if ('unsupported' in key) throw new Error(`test URL unsupported: ${url}`);
    expect(ruleMatches(rule, key)).toBe(expected);
  });
});

describe('isEnabledFor', () => {
  const switches = (overrides: Partial<SiteSwitches>): SiteSwitches => ({
    enabled: true,
    mode: 'blocklist',
    blocklist: [{ kind: 'site', value: 'blocked.com' }, { kind: 'host', value: 'news.mixed.co.uk' }],
    allowlist: [{ kind: 'site', value: 'allowed.org' }, { kind: 'host', value: 'sport.mixed.co.uk' }],
    ...overrides,
  });

  it.each([
    ['blocklist', 'https://example.com/', true, /On: example.com is not on your block list/],
    ['blocklist', 'https://www.blocked.com/', false, /Off: blocked.com is on your block list/],
    ['blocklist', 'https://news.mixed.co.uk/', false, /Off: news.mixed.co.uk is on your block list/],
    ['blocklist', 'https://sport.mixed.co.uk/', true, /On: mixed.co.uk is not on your block list/],
    ['blocklist', 'https://allowed.org/', true, /not on your block list/],
    ['allowlist', 'https://example.com/', false, /Off: example.com is not on your allow list/],
    ['allowlist', 'https://a.allowed.org/', true, /On: allowed.org is on your allow list/],
    ['allowlist', 'https://sport.mixed.co.uk/', true, /On: sport.mixed.co.uk is on your allow list/],
    ['allowlist', 'https://news.mixed.co.uk/', false, /Off: mixed.co.uk is not on your allow list/],
    ['allowlist', 'https://blocked.com/', false, /not on your allow list/],
    ['allowlist', 'file:///tmp/a.html', false, /Off: local files are not on your allow list/],
    ['blocklist', 'file:///tmp/a.html', true, /^On: local files are not on your block list\.$/],
  ] as const)('%s mode, %s → %s', (mode, url, enabled, reason) => {
    const decision = isEnabledFor(url, switches({ mode }));
    expect(decision.enabled).toBe(enabled);
    expect(decision.reason).toMatch(reason);
    expect(decision.key).toEqual(siteKeyOf(url));
  });

  it.each(['blocklist', 'allowlist'] as const)('the global switch turns everything off in %s mode', (mode) => {
    for (const url of ['https://example.com/', 'https://allowed.org/', 'https://blocked.com/']) {
      const decision = isEnabledFor(url, switches({ mode, enabled: false }));
      expect(decision).toEqual({ enabled: false, reason: 'Footnote is switched off everywhere.', key: siteKeyOf(url) });
    }
  });

  it('names the rule that matched for local files', () => {
    const decision = isEnabledFor('file:///x.html', switches({ blocklist: [{ kind: 'site', value: 'file://' }] }));
    expect(decision).toMatchObject({ enabled: false, reason: 'Off: local files are on your block list.' });
  });

  it('is off without a key on pages where content scripts cannot run', () => {
    const decision = isEnabledFor('chrome://newtab/', switches({}));
    expect(decision.enabled).toBe(false);
    expect(decision.reason).toMatch(/page of the browser itself/);
    expect(decision.key).toBeUndefined();
  });
});
