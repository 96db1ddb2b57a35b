import { describe, expect, it } from 'vitest';
import { ENTITY_TYPES, FIGURE_KINDS } from '../../../src/core/index/types';
import { siteKeyOf, type SiteKey } from '../../../src/core/site/site-key';
import {
  SETTINGS_FORMAT,
  SETTINGS_VERSION,
  defaultSettings,
  exportSettings,
  importSettings,
  siteState,
  toggleSite,
  validateSettings,
  type Settings,
} from '../../../src/settings/schema';

/** Settings where every field differs from its default, so a fallback is visible. */
function customSettings(): Settings {
  const settings = defaultSettings();
  return {
    ...settings,
    enabled: false,
    mode: 'allowlist',
    blocklist: [{ kind: 'site', value: 'example.com' }],
    allowlist: [
      { kind: 'host', value: 'news.example.co.uk' },
      { kind: 'site', value: 'someone.github.io' },
    ],
    entityTypes: { ...settings.entityTypes, person: false, place: false },
    figureKinds: { ...settings.figureKinds, money: false },
    markEvery: 'every',
    highlight: { style: 'background', color: '#112233' },
  };
}

function keyOf(url: string): SiteKey {
  const key = siteKeyOf(url);
  if ('unsupported' in key) throw new Error(`test URL unsupported: ${url}`);
  return key;
}

describe('defaultSettings', () => {
  it('is on everywhere in block-list mode with every type and kind shown', () => {
    const settings = defaultSettings();
    expect(settings).toMatchObject({ version: 1, enabled: true, mode: 'blocklist', blocklist: [], allowlist: [] });
    expect(Object.keys(settings.entityTypes).sort()).toEqual([...ENTITY_TYPES].sort());
    expect(Object.values(settings.entityTypes).every(Boolean)).toBe(true);
    expect(Object.keys(settings.figureKinds).sort()).toEqual([...FIGURE_KINDS].sort());
    expect(Object.values(settings.figureKinds).every(Boolean)).toBe(true);
    expect(settings.highlight.color).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('returns a fresh copy each time', () => {
    const first = defaultSettings();
    first.blocklist.push({ kind: 'site', value: 'example.com' });
    first.entityTypes.agency = false;
    expect(defaultSettings().blocklist).toEqual([]);
    expect(defaultSettings().entityTypes.agency).toBe(true);
  });
});

describe('validateSettings', () => {
  it('gives the defaults without problems when nothing is stored', () => {
    expect(validateSettings(undefined)).toEqual({ settings: defaultSettings(), problems: [] });
  });

  it('keeps valid settings unchanged', () => {
    expect(validateSettings(customSettings())).toEqual({ settings: customSettings(), problems: [] });
  });

  it.each([null, 'settings', 42, true, [customSettings()]])('gives the defaults for a stored %j', (stored) => {
    const { settings, problems } = validateSettings(stored);
    expect(settings).toEqual(defaultSettings());
    expect(problems).toEqual([expect.stringMatching(/^settings: expected an object/)]);
  });

  const defaults = defaultSettings();
  it.each([
    ['enabled', 'yes', defaults.enabled, /^enabled: expected true or false, got "yes"/],
    ['mode', 'sometimes', defaults.mode, /^mode: expected "blocklist" or "allowlist", got "sometimes"/],
    ['blocklist', 'example.com', defaults.blocklist, /^blocklist: expected a list of site rules/],
    ['allowlist', { kind: 'site' }, defaults.allowlist, /^allowlist: expected a list of site rules/],
    ['entityTypes', ['agency'], defaults.entityTypes, /^entityTypes: expected an object/],
    ['figureKinds', null, defaults.figureKinds, /^figureKinds: expected an object/],
    ['markEvery', 3, defaults.markEvery, /^markEvery: expected "every" or "first-per-paragraph", got 3/],
    ['highlight', 'yellow', defaults.highlight, /^highlight: expected an object/],
  ] as const)('a corrupt %s alone falls back to its default and keeps the other fields', (field, bad, fallback, problem) => {
    const { settings, problems } = validateSettings({ ...customSettings(), [field]: bad });
    expect(settings).toEqual({ ...customSettings(), [field]: fallback });
    expect(problems).toEqual([expect.stringMatching(problem)]);
  });

  it('keeps the other switches when one switch is corrupt, and an unknown switch as it was', () => {
    const stored = {
      ...customSettings(),
      entityTypes: { ...customSettings().entityTypes, agency: 'no', spaceships: { shown: 'sometimes' } },
      figureKinds: { money: false },
    };
    const { settings, problems } = validateSettings(stored);
    expect(settings.entityTypes).toEqual({ ...customSettings().entityTypes, agency: true, spaceships: { shown: 'sometimes' } });
    expect(settings.figureKinds).toEqual(customSettings().figureKinds);
    expect(problems).toEqual(['entityTypes.agency: expected true or false, got "no"']);
  });

  it('keeps the other highlight field when one is corrupt, and an unknown one as it was', () => {
    const { settings, problems } = validateSettings({ highlight: { style: 'background', color: 'red', glow: 1 } });
    expect(settings.highlight).toEqual({ style: 'background', color: defaultSettings().highlight.color, glow: 1 });
    expect(problems).toEqual(['highlight.color: expected a colour like "#f5b700", got "red"']);
  });

  it('lower-cases a colour', () => {
    expect(validateSettings({ version: 1, highlight: { color: '#AABBCC' } }).settings.highlight.color).toBe('#aabbcc');
  });

  it('drops bad rules one by one, normalises and de-duplicates the rest', () => {
    const stored = {
      version: 1,
      blocklist: [
        { kind: 'site', value: 'Example.COM' },
        { kind: 'site', value: 'example.com' },
        { kind: 'domain', value: 'x.org' },
        'plain.org',
        { kind: 'site', value: 'news.example.co.uk' },
        { kind: 'host', value: 'news.example.co.uk:80', note: 'hi' },
        { kind: 'host', value: 'bad host' },
        { kind: 'site', value: 'EXAMPLE.com', note: 'a duplicate' },
      ],
    };
    const { settings, problems } = validateSettings(stored);
    expect(settings.blocklist).toEqual([
      { kind: 'site', value: 'example.com' },
      { kind: 'host', value: 'news.example.co.uk', note: 'hi' },
    ]);
    expect(problems).toEqual([
      expect.stringMatching(/^blocklist\[2\]: expected \{ "kind"/),
      expect.stringMatching(/^blocklist\[3\]: expected \{ "kind"/),
      'blocklist[4]: "news.example.co.uk" is a host, not a whole site',
      'blocklist[6]: "bad host" is not a host name',
    ]);
  });

  it('keeps unknown top-level fields as they were, without a problem', () => {
    const extra = { theme: 'dark', sync: { every: 'hour', devices: ['laptop'] } };
    const { settings, problems } = validateSettings({ ...customSettings(), ...extra });
    expect(settings).toEqual({ ...customSettings(), ...extra });
    expect(problems).toEqual([]);
  });

  it('keeps a "__proto__" field from JSON as a plain field, leaving the prototype alone', () => {
    const stored: unknown = JSON.parse('{"__proto__": {"enabled": false}, "highlight": {"__proto__": {"style": "background"}}}');
    const { settings, problems } = validateSettings(stored);
    expect(problems).toEqual([]);
    expect(Object.getPrototypeOf(settings)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(settings.highlight)).toBe(Object.prototype);
    expect(settings.enabled).toBe(true);
    expect(settings.highlight.style).toBe(defaultSettings().highlight.style);
    expect(Object.getOwnPropertyDescriptor(settings, '__proto__')).toMatchObject({ value: { enabled: false }, enumerable: true });
    expect(Object.getOwnPropertyDescriptor(settings.highlight, '__proto__')).toMatchObject({ value: { style: 'background' }, enumerable: true });
  });

  it('drops an unknown value nested too deeply to store, and says so', () => {
    const nest = (levels: number): unknown => (levels === 0 ? 'core' : { inner: nest(levels - 1) });
    const { settings, problems } = validateSettings({ ...customSettings(), shallow: nest(32), deep: nest(33), highlight: { ...customSettings().highlight, deep: nest(33) } });
    expect(settings).toEqual({ ...customSettings(), shallow: nest(32) });
    expect(problems).toEqual([
      'highlight.deep: unknown field nested more than 32 levels deep dropped',
      'deep: unknown field nested more than 32 levels deep dropped',
    ]);
  });

  it('gives missing fields their defaults without a problem', () => {
    expect(validateSettings({ version: 1, enabled: false })).toEqual({
      settings: { ...defaultSettings(), enabled: false },
      problems: [],
    });
  });

  it('checks the fields it knows from a newer version and keeps the rest and the version as they were', () => {
    const { settings, problems } = validateSettings({ ...customSettings(), version: 2, mode: 'sometimes', sync: true });
    expect(settings).toEqual({ ...customSettings(), version: 2, mode: 'blocklist', sync: true });
    expect(problems).toEqual(['mode: expected "blocklist" or "allowlist", got "sometimes"']);
  });

  it('reports a version that is not a whole number and reads the rest as current', () => {
    const { settings, problems } = validateSettings({ ...customSettings(), version: 'one' });
    expect(settings).toEqual(customSettings());
    expect(problems).toEqual(['version: expected a whole number, got "one"']);
  });
});

describe('migration from version 0', () => {
  it('turns disabledSites into block-list rules and keeps the global switch', () => {
    const legacy = {
      enabled: false,
      disabledSites: ['news.example.co.uk', 'Example.com', 'https://www.other.org/page', 'example.com', 'localhost:3000'],
    };
    expect(validateSettings(legacy)).toEqual({
      settings: {
        ...defaultSettings(),
        enabled: false,
        blocklist: [
          { kind: 'host', value: 'news.example.co.uk' },
          { kind: 'site', value: 'example.com' },
          { kind: 'site', value: 'other.org' },
          { kind: 'host', value: 'localhost:3000' },
        ],
      },
      problems: [],
    });
  });

  it('also applies to an explicit version 0', () => {
    expect(validateSettings({ version: 0, disabledSites: ['example.com'] }).settings.blocklist).toEqual([
      { kind: 'site', value: 'example.com' },
    ]);
  });

  it('reports legacy entries it cannot read and keeps the others', () => {
    const { settings, problems } = validateSettings({ disabledSites: ['co.uk', 42, 'example.com'] });
    expect(settings.blocklist).toEqual([{ kind: 'site', value: 'example.com' }]);
    expect(problems).toEqual([
      'disabledSites[0]: a public suffix such as co.uk cannot be a site: many sites share it; dropped',
      'disabledSites[1]: expected a site, got 42; dropped',
    ]);
  });

  it('reports a disabledSites that is not a list', () => {
    const { settings, problems } = validateSettings({ enabled: false, disabledSites: 'example.com' });
    expect(settings).toEqual({ ...defaultSettings(), enabled: false });
    expect(problems).toEqual(['disabledSites: expected a list of sites, got "example.com"; dropped']);
  });
});

describe('exportSettings / importSettings', () => {
  it('round-trips settings through pretty JSON with a format marker', () => {
    const json = exportSettings(customSettings());
    expect(JSON.parse(json)).toEqual({ format: SETTINGS_FORMAT, settings: customSettings() });
    expect(json).toContain('\n  "format": "footnote-settings"');
    expect(importSettings(json)).toEqual({ settings: customSettings() });
  });

  it('exports and imports fields this version does not know', () => {
    const withExtra = { ...customSettings(), sync: { every: 'hour' }, highlight: { ...customSettings().highlight, glow: 2 } };
    const json = exportSettings(withExtra);
    expect(JSON.parse(json)).toEqual({ format: SETTINGS_FORMAT, settings: withExtra });
    expect(importSettings(json)).toEqual({ settings: withExtra });
  });

  it('imports a newer Footnote\'s file as far as this version reads it, keeping the rest, and exports it again alike', () => {
    const newer = { ...customSettings(), version: SETTINGS_VERSION + 1, sync: { every: 'hour' } };
    const imported = importSettings(JSON.stringify({ format: SETTINGS_FORMAT, settings: newer }));
    expect(imported).toEqual({ settings: newer });
    expect(importSettings(exportSettings((imported as { settings: Settings }).settings))).toEqual(imported);
    // Known fields are still checked.
    const wrong = importSettings(JSON.stringify({ format: SETTINGS_FORMAT, settings: { ...newer, mode: 'sometimes' } }));
    expect(wrong).toEqual({ error: expect.stringMatching(/mode: expected "blocklist" or "allowlist", got "sometimes"/) });
  });

  it('imports a file saved with a byte order mark', () => {
    expect(importSettings(`\ufeff${exportSettings(customSettings())}`)).toEqual({ settings: customSettings() });
  });

  it('imports an older export by migrating it', () => {
    const json = JSON.stringify({ format: SETTINGS_FORMAT, settings: { disabledSites: ['example.com'] } });
    expect(importSettings(json)).toEqual({
      settings: { ...defaultSettings(), blocklist: [{ kind: 'site', value: 'example.com' }] },
    });
  });

  const exported = exportSettings(customSettings());
  it.each([
    ['an empty file', ' \n', /^The file is empty\.$/],
    ['a trailing comma', '{"format": "footnote-settings",}', /^The file is not valid JSON: at line 1, column 32, trailing comma before '}'\.$/],
    ['a bare word', '{\n  "format": "footnote-settings",\n  "settings": { "enabled": yes }\n}', /^The file is not valid JSON: at line 3, column 28, expected a value, found 'y'\.$/],
    ['a truncated file', exported.slice(0, exported.indexOf('"mode"')), /^The file is incomplete \(it looks cut off\): at line 6, column 5, the file ends inside an object \(2 unclosed brackets\)\.$/],
    ['a list', '[]', /not a Footnote settings file: it has no "format": "footnote-settings" marker/],
    ['no format marker', JSON.stringify({ settings: customSettings() }), /not a Footnote settings file/],
    ['another format', JSON.stringify({ format: 'other-extension', settings: {} }), /Unknown file format "other-extension"; expected "footnote-settings"/],
    ['no settings', JSON.stringify({ format: SETTINGS_FORMAT }), /no "settings" object \(found nothing\)/],
    ['settings of the wrong type', JSON.stringify({ format: SETTINGS_FORMAT, settings: 'all' }), /no "settings" object \(found "all"\)/],
  ])('rejects %s', (_label, json, message) => {
    const result = importSettings(json);
    expect(result).toHaveProperty('error');
    expect((result as { error: string }).error).toMatch(message);
  });

  it('locates the error in a deeply nested file without overflowing the stack', () => {
    const depth = 200_000;
    const json = `{"format": "footnote-settings", "settings": {"enabled": ${'['.repeat(depth)}`;
    expect(importSettings(json)).toEqual({
      error: `The file is incomplete (it looks cut off): at line 1, column ${json.length + 1}, the file ends inside an array (${depth + 2} unclosed brackets).`,
    });
  });

  it('reports a deeply nested value as a problem instead of throwing', () => {
    const depth = 100_000;
    const json = `{"format": "footnote-settings", "settings": {"enabled": ${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    expect(importSettings(json)).toEqual({ error: 'The settings file has 1 problem(s):\n- enabled: expected true or false, got [...]' });
  });

  it('lists every wrong field of an import', () => {
    const json = JSON.stringify({
      format: SETTINGS_FORMAT,
      settings: { version: 1, enabled: 'yes', mode: 'sometimes', highlight: { color: 'red' }, blocklist: [{ kind: 'site', value: 'co uk' }] },
    });
    const result = importSettings(json);
    expect(result).toEqual({
      error: [
        'The settings file has 4 problem(s):',
        '- enabled: expected true or false, got "yes"',
        '- mode: expected "blocklist" or "allowlist", got "sometimes"',
        '- highlight.color: expected a colour like "#f5b700", got "red"',
        '- blocklist[0]: "co uk" is not a host name',
      ].join('\n'),
    });
  });
});

describe('toggleSite / siteState', () => {
  const news = keyOf('https://news.example.co.uk/story');
  const sport = keyOf('https://sport.example.co.uk/');

  it('turns a site off and on again in block-list mode', () => {
    const off = toggleSite(defaultSettings(), news, 'site');
    expect(off.blocklist).toEqual([{ kind: 'site', value: 'example.co.uk' }]);
    expect(siteState(off, news)).toEqual({
      enabled: false,
      siteEnabled: false,
      reason: 'Off: example.co.uk is on your block list.',
      matchingRules: [{ kind: 'site', value: 'example.co.uk' }],
    });
    expect(siteState(off, sport).enabled).toBe(false);

    const on = toggleSite(off, news, 'site');
    expect(on).toEqual(defaultSettings());
    expect(siteState(on, news)).toMatchObject({ enabled: true, siteEnabled: true, matchingRules: [] });
  });

  it('scopes a rule to the exact host', () => {
    const off = toggleSite(defaultSettings(), news, 'host');
    expect(off.blocklist).toEqual([{ kind: 'host', value: 'news.example.co.uk' }]);
    expect(siteState(off, news).enabled).toBe(false);
    expect(siteState(off, sport).enabled).toBe(true);
  });

  it('turning a page back on removes every rule covering it and keeps unrelated ones', () => {
    const settings: Settings = {
      ...defaultSettings(),
      blocklist: [
        { kind: 'site', value: 'example.co.uk' },
        { kind: 'site', value: 'other.com' },
        { kind: 'host', value: 'news.example.co.uk' },
      ],
    };
    expect(toggleSite(settings, news, 'host').blocklist).toEqual([{ kind: 'site', value: 'other.com' }]);
  });

  it('uses the allow list in allow-list mode and leaves the block list alone', () => {
    const settings: Settings = { ...defaultSettings(), mode: 'allowlist', blocklist: [{ kind: 'site', value: 'x.com' }] };
    expect(siteState(settings, news)).toMatchObject({ enabled: false, siteEnabled: false });

    const on = toggleSite(settings, news, 'site');
    expect(on.allowlist).toEqual([{ kind: 'site', value: 'example.co.uk' }]);
    expect(on.blocklist).toEqual(settings.blocklist);
    expect(siteState(on, news)).toMatchObject({ enabled: true, reason: 'On: example.co.uk is on your allow list.' });

    expect(toggleSite(on, news, 'site').allowlist).toEqual([]);
  });

  it('keeps the per-site switch apart from the global switch', () => {
    const settings: Settings = { ...defaultSettings(), enabled: false };
    expect(siteState(settings, news)).toEqual({
      enabled: false,
      siteEnabled: true,
      reason: 'Footnote is switched off everywhere.',
      matchingRules: [],
    });
    expect(toggleSite(settings, news, 'site')).toMatchObject({ enabled: false, blocklist: [{ kind: 'site', value: 'example.co.uk' }] });
  });

  it('does not change the settings it is given', () => {
    const settings = defaultSettings();
    toggleSite(settings, news, 'site');
    expect(settings).toEqual(defaultSettings());
  });

  it('writes rules that validate', () => {
    const localhost = keyOf('http://localhost:8080/');
    const withRules = toggleSite(toggleSite(defaultSettings(), localhost, 'host'), keyOf('file:///a.html'), 'site');
    expect(validateSettings(withRules)).toEqual({ settings: withRules, problems: [] });
  });
});
