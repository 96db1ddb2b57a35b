/**
 * Footnote's settings: their shape and defaults, validation of whatever storage or an import hands
 * back, migration of older versions, export/import, and the popup's per-site switch.
 */
import { ENTITY_TYPES, FIGURE_KINDS, type EntityType, type FigureKind } from '../core/index/types';
import {
  isEnabledForKey,
  normalizeRule,
  parseSiteRule,
  ruleMatches,
  sameRule,
  type SiteKey,
  type SiteMode,
  type SiteRule,
} from '../core/site/site-key';
import { DEFAULT_HIGHLIGHT } from './highlight-default';
import { readJsonFile } from '../core/text/json-syntax-error';

export const SETTINGS_VERSION = 1;
export const SETTINGS_FORMAT = 'footnote-settings';

/**
 * A value may also hold fields this version does not know (written by a newer Footnote), at the top
 * level or inside an object field: change settings by spreading the current value so they are kept.
 */
export interface Settings {
  /** SETTINGS_VERSION, or a newer one kept from storage so that a newer Footnote does not migrate again. */
  version: number;
  enabled: boolean;
  mode: SiteMode;
  blocklist: SiteRule[];
  allowlist: SiteRule[];
  entityTypes: Record<EntityType, boolean>;
  figureKinds: Record<FigureKind, boolean>;
  markEvery: 'every' | 'first-per-paragraph';
  highlight: { style: 'underline' | 'background'; color: string };
}

const MODES: readonly SiteMode[] = ['blocklist', 'allowlist'];
const MARK_EVERY: readonly Settings['markEvery'][] = ['every', 'first-per-paragraph'];
const HIGHLIGHT_STYLES: readonly Settings['highlight']['style'][] = ['underline', 'background'];
const HEX_COLOR = /^#[0-9a-f]{6}$/i;

function allOn<K extends string>(keys: readonly K[]): Record<K, boolean> {
  return Object.fromEntries(keys.map((key) => [key, true])) as Record<K, boolean>;
}

/** A fresh copy each call, so callers may mutate what they get. */
export function defaultSettings(): Settings {
  return {
    version: SETTINGS_VERSION,
    enabled: true,
    mode: 'blocklist',
    blocklist: [],
    allowlist: [],
    entityTypes: allOn(ENTITY_TYPES),
    figureKinds: allOn(FIGURE_KINDS),
    // Repeating the mark on every mention of "ICE" in a paragraph clutters the article.
    markEvery: 'first-per-paragraph',
    highlight: { ...DEFAULT_HIGHLIGHT },
  };
}

type Fields = Record<string, unknown>;

function isPlainObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Unknown values nesting deeper are dropped: JSON.stringify and the browser's storage recurse over
 * them (Chrome's storage silently cuts values below 100 levels).
 */
const MAX_UNKNOWN_DEPTH = 32;

function nestsDeeperThan(value: unknown, limit: number): boolean {
  const isContainer = (item: unknown): item is object => typeof item === 'object' && item !== null;
  let level = [value].filter(isContainer);
  for (let depth = 1; level.length > 0; depth += 1) {
    if (depth > limit) return true;
    level = level.flatMap((container) => Object.values(container)).filter(isContainer);
  }
  return false;
}

/**
 * Keeps a field this version does not know, as it was. Defined rather than assigned, so that a
 * "__proto__" key from JSON stays a plain field instead of replacing the prototype.
 */
function keepUnknown(target: object, key: string, value: unknown, where: string, problems: string[]): void {
  if (nestsDeeperThan(value, MAX_UNKNOWN_DEPTH)) {
    problems.push(`${where}: unknown field nested more than ${MAX_UNKNOWN_DEPTH} levels deep dropped`);
    return;
  }
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A short rendering of a bad value for a problem message. */
function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // JSON.stringify recurses: a value nested deeply enough (which JSON.parse accepts) overflows it.
    text = Array.isArray(value) ? '[...]' : '{...}';
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function listOf(allowed: readonly string[]): string {
  return allowed.map((item) => `"${item}"`).join(' or ');
}

/**
 * Turns the stored object of version n into one of version n + 1. Problems with the old data are
 * reported; the result is validated like any stored object afterwards.
 */
type Migration = (old: Fields, problems: string[]) => Fields;

/**
 * v0 (no `version` field) kept only a global switch and a list of disabled hostnames:
 * `{ enabled?: boolean; disabledSites?: string[] }`. They become block-list rules.
 */
const migrateV0: Migration = (old, problems) => {
  const { disabledSites, ...rest } = old;
  const blocklist: SiteRule[] = [];
  if (Array.isArray(disabledSites)) {
    disabledSites.forEach((entry, index) => {
      const parsed = typeof entry === 'string' ? parseSiteRule(entry) : { error: `expected a site, got ${show(entry)}` };
      if ('error' in parsed) problems.push(`disabledSites[${index}]: ${parsed.error}; dropped`);
      else if (!blocklist.some((rule) => sameRule(rule, parsed.rule))) blocklist.push(parsed.rule);
    });
  } else if (disabledSites !== undefined) {
    problems.push(`disabledSites: expected a list of sites, got ${show(disabledSites)}; dropped`);
  }
  return { ...rest, version: 1, blocklist };
};

/** MIGRATIONS[n] migrates version n to n + 1. */
const MIGRATIONS: readonly Migration[] = [migrateV0];

function storedVersion(stored: Fields, problems: string[]): number {
  const version = stored.version;
  if (version === undefined) return 0;
  if (typeof version === 'number' && Number.isInteger(version) && version >= 0) return version;
  problems.push(`version: expected a whole number, got ${show(version)}`);
  return SETTINGS_VERSION;
}

function validateRules(value: unknown, field: string, problems: string[]): SiteRule[] {
  if (!Array.isArray(value)) {
    problems.push(`${field}: expected a list of site rules, got ${show(value)}`);
    return [];
  }
  const rules: SiteRule[] = [];
  value.forEach((item, index) => {
    const where = `${field}[${index}]`;
    if (!isPlainObject(item) || !oneOf(item.kind, ['site', 'host']) || typeof item.value !== 'string') {
      problems.push(`${where}: expected { "kind": "site" or "host", "value": text }, got ${show(item)}`);
      return;
    }
    const normalized = normalizeRule({ kind: item.kind, value: item.value });
    if ('error' in normalized) {
      problems.push(`${where}: ${normalized.error}`);
      return;
    }
    if (rules.some((rule) => sameRule(rule, normalized.rule))) return;
    const rule = { ...normalized.rule };
    for (const [key, field] of Object.entries(item)) {
      if (key !== 'kind' && key !== 'value') keepUnknown(rule, key, field, `${where}.${key}`, problems);
    }
    rules.push(rule);
  });
  return rules;
}

/**
 * Keys missing from a switch map take their default silently, and unknown ones are kept: a later
 * release may add a type.
 */
function validateSwitches<K extends string>(
  value: unknown,
  keys: readonly K[],
  field: string,
  problems: string[],
): Record<K, boolean> {
  const result = allOn(keys);
  if (!isPlainObject(value)) {
    problems.push(`${field}: expected an object of true/false switches, got ${show(value)}`);
    return result;
  }
  for (const [key, flag] of Object.entries(value)) {
    if (!oneOf(key, keys)) keepUnknown(result, key, flag, `${field}.${key}`, problems);
    else if (typeof flag !== 'boolean') problems.push(`${field}.${key}: expected true or false, got ${show(flag)}`);
    else result[key] = flag;
  }
  return result;
}

function validateHighlight(value: unknown, problems: string[]): Settings['highlight'] {
  const result = defaultSettings().highlight;
  if (!isPlainObject(value)) {
    problems.push(`highlight: expected an object with "style" and "color", got ${show(value)}`);
    return result;
  }
  for (const [key, field] of Object.entries(value)) {
    if (key === 'style') {
      if (oneOf(field, HIGHLIGHT_STYLES)) result.style = field;
      else problems.push(`highlight.style: expected ${listOf(HIGHLIGHT_STYLES)}, got ${show(field)}`);
    } else if (key === 'color') {
      if (typeof field === 'string' && HEX_COLOR.test(field)) result.color = field.toLowerCase();
      else problems.push(`highlight.color: expected a colour like "#f5b700", got ${show(field)}`);
    } else {
      keepUnknown(result, key, field, `highlight.${key}`, problems);
    }
  }
  return result;
}

/**
 * Reads settings from anything storage or an import may hold. Each field is checked on its own: a
 * bad field takes its default and the others are kept; a bad entry of a site list is dropped alone.
 * Fields that are missing take their default without a problem. Unknown fields, at the top level
 * or inside a known object, are kept as they were (with a newer version number), so that saving
 * settings written by a newer Footnote does not lose what this version cannot read.
 */
export function validateSettings(stored: unknown): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const settings = defaultSettings();
  if (stored === undefined) return { settings, problems };
  if (!isPlainObject(stored)) {
    problems.push(`settings: expected an object, got ${show(stored)}`);
    return { settings, problems };
  }

  let fields = stored;
  const version = storedVersion(stored, problems);
  for (let from = version; from < SETTINGS_VERSION; from += 1) {
    const migrate = MIGRATIONS[from];
    if (migrate) fields = migrate(fields, problems);
  }

  for (const [key, value] of Object.entries(fields)) {
    switch (key) {
      case 'version':
        if (version > SETTINGS_VERSION) settings.version = version;
        break;
      case 'enabled':
        if (typeof value === 'boolean') settings.enabled = value;
        else problems.push(`enabled: expected true or false, got ${show(value)}`);
        break;
      case 'mode':
        if (oneOf(value, MODES)) settings.mode = value;
        else problems.push(`mode: expected ${listOf(MODES)}, got ${show(value)}`);
        break;
      case 'blocklist':
        settings.blocklist = validateRules(value, key, problems);
        break;
      case 'allowlist':
        settings.allowlist = validateRules(value, key, problems);
        break;
      case 'entityTypes':
        settings.entityTypes = validateSwitches(value, ENTITY_TYPES, key, problems);
        break;
      case 'figureKinds':
        settings.figureKinds = validateSwitches(value, FIGURE_KINDS, key, problems);
        break;
      case 'markEvery':
        if (oneOf(value, MARK_EVERY)) settings.markEvery = value;
        else problems.push(`markEvery: expected ${listOf(MARK_EVERY)}, got ${show(value)}`);
        break;
      case 'highlight':
        settings.highlight = validateHighlight(value, problems);
        break;
      default:
        keepUnknown(settings, key, value, key, problems);
    }
  }
  return { settings, problems };
}

export function exportSettings(settings: Settings): string {
  return JSON.stringify({ format: SETTINGS_FORMAT, settings: validateSettings(settings).settings }, null, 2);
}

/** Reads an exported file. Strict: any problem rejects the whole import, listing every problem. */
export function importSettings(file: string): { settings: Settings } | { error: string } {
  const read = readJsonFile(file);
  if ('error' in read) return read;
  const parsed = read.value;
  if (!isPlainObject(parsed) || parsed.format === undefined) {
    return { error: `This is not a Footnote settings file: it has no "format": "${SETTINGS_FORMAT}" marker.` };
  }
  if (parsed.format !== SETTINGS_FORMAT) {
    return { error: `Unknown file format ${show(parsed.format)}; expected "${SETTINGS_FORMAT}".` };
  }
  const payload = parsed.settings;
  if (!isPlainObject(payload)) return { error: `The file has no "settings" object (found ${show(payload)}).` };
  // A newer Footnote's file is read as stored settings are: what this version knows is checked, the rest kept
  // (so an install that was downgraded can import its own export).
  const { settings, problems } = validateSettings(payload);
  if (problems.length > 0) {
    return { error: `The settings file has ${problems.length} problem(s):\n${problems.map((p) => `- ${p}`).join('\n')}` };
  }
  return { settings };
}

export interface SiteState {
  /** Whether Footnote runs on the page, counting the global switch. */
  enabled: boolean;
  /** The position of the popup's per-site switch: the list decision alone. */
  siteEnabled: boolean;
  reason: string;
  /** Rules in the current mode's list that cover the page. */
  matchingRules: SiteRule[];
}

export function siteState(settings: Settings, key: SiteKey): SiteState {
  const decision = isEnabledForKey(key, settings);
  return {
    enabled: decision.enabled,
    siteEnabled: isEnabledForKey(key, { ...settings, enabled: true }).enabled,
    reason: decision.reason,
    matchingRules: settings[settings.mode].filter((rule) => ruleMatches(rule, key)),
  };
}

/**
 * Flips the page's site on or off in the current mode's list. Adding uses `scope`; removing drops
 * every rule that covers the page (a site rule too), since any one left would keep the old state.
 * The global switch is left alone.
 */
export function toggleSite(settings: Settings, key: SiteKey, scope: SiteRule['kind']): Settings {
  const list = settings[settings.mode];
  const covered = list.some((rule) => ruleMatches(rule, key));
  const next = covered
    ? list.filter((rule) => !ruleMatches(rule, key))
    : [...list, { kind: scope, value: scope === 'site' ? key.site : key.host }];
  return settings.mode === 'blocklist' ? { ...settings, blocklist: next } : { ...settings, allowlist: next };
}
