/**
 * Which site a page belongs to, and the per-site rules users keep in their block and allow lists.
 *
 * Decisions:
 * - `site` is the registrable domain computed with the Public Suffix List *including* its private
 *   section, so `someone.github.io` is its own site rather than all of github.io.
 * - `site` never carries a port: a site rule for `localhost` covers every local server; a host
 *   rule (`localhost:8080`) targets one. `host` keeps a non-default port.
 * - IP addresses are their own site (IPv6 in brackets, as URLs write them: `[::1]`).
 * - Hostnames with no registrable domain (`localhost`, a one-word intranet name, a bare public
 *   suffix such as `github.io`) are their own site.
 * - Every local file shares the one site `file://`.
 * - Hostnames are compared in the form URLs give them: lower case, IDNs in punycode.
 */
import { parse as parseDomain } from 'tldts';

export interface SiteKey {
  /** Registrable domain, IP address, or a hostname that has none (e.g. `localhost`). */
  site: string;
  /** Exact host, with the port when it is not the scheme's default. */
  host: string;
}

/** A site rule covers the registrable domain and all its subdomains; a host rule one exact host. */
export interface SiteRule {
  kind: 'site' | 'host';
  value: string;
}

export type SiteMode = 'blocklist' | 'allowlist';

/** The part of the settings that decides where Footnote runs. */
export interface SiteSwitches {
  enabled: boolean;
  mode: SiteMode;
  blocklist: readonly SiteRule[];
  allowlist: readonly SiteRule[];
}

export interface SiteDecision {
  enabled: boolean;
  reason: string;
  key?: SiteKey;
}

export const LOCAL_FILES_SITE = 'file://';

const BROWSER_PAGE = 'This is a page of the browser itself; extensions are not allowed to run on it.';
const EXTENSION_PAGE = 'This page belongs to an extension; Footnote cannot run inside it.';

const UNSUPPORTED_SCHEMES: Readonly<Record<string, string>> = {
  'about:': BROWSER_PAGE,
  'chrome:': BROWSER_PAGE,
  'edge:': BROWSER_PAGE,
  'brave:': BROWSER_PAGE,
  'opera:': BROWSER_PAGE,
  'vivaldi:': BROWSER_PAGE,
  'chrome-extension:': EXTENSION_PAGE,
  'moz-extension:': EXTENSION_PAGE,
  'view-source:': 'This is the source view of a page; extensions cannot run on it.',
  'data:': 'This page was opened from a data: address; extensions cannot run on it.',
};

/** Stores whose pages browsers shield from every extension. */
function storeRestriction(url: URL): string | undefined {
  const host = url.hostname;
  if (host === 'chromewebstore.google.com') return 'The Chrome Web Store does not let extensions run on its pages.';
  if (host === 'chrome.google.com' && /^\/webstore(\/|$)/.test(url.pathname)) {
    return 'The Chrome Web Store does not let extensions run on its pages.';
  }
  if (host === 'addons.mozilla.org') return 'Firefox Add-ons does not let extensions run on its pages.';
  if (host === 'microsoftedge.microsoft.com' && /^\/addons(\/|$)/.test(url.pathname)) {
    return 'Microsoft Edge Add-ons does not let extensions run on its pages.';
  }
  return undefined;
}

/** The site of a hostname as URL gives it (lower case, punycode, IPv6 in brackets). */
function siteOfHostname(hostname: string): string {
  if (hostname.startsWith('[')) return hostname;
  const parsed = parseDomain(hostname, { allowPrivateDomains: true });
  if (parsed.isIp) return hostname;
  return parsed.domain ?? hostname;
}

export function siteKeyOf(url: string): SiteKey | { unsupported: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { unsupported: 'This is not a web address Footnote can read.' };
  }
  const scheme = parsed.protocol;
  if (scheme === 'file:') return { site: LOCAL_FILES_SITE, host: LOCAL_FILES_SITE };
  if (scheme !== 'http:' && scheme !== 'https:') {
    return {
      unsupported:
        UNSUPPORTED_SCHEMES[scheme] ??
        `Footnote runs on web pages (http and https) and local files, not on ${scheme} addresses.`,
    };
  }
  const restriction = storeRestriction(parsed);
  if (restriction) return { unsupported: restriction };
  // "example.com." is the same host as "example.com".
  const hostname = parsed.hostname.replace(/\.$/, '');
  if (!hostname) return { unsupported: 'This address has no host name.' };
  return { site: siteOfHostname(hostname), host: parsed.port ? `${hostname}:${parsed.port}` : hostname };
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A scheme such as "https:" or "about:", but not "localhost:3000" or "example.com:abc". */
const SCHEME_PREFIX = /^[a-z][a-z0-9+-]*:(?!\d+(?:[/?#]|$))/i;
const WILDCARD_PREFIX = '*.';
const BARE_IPV6 = /^[0-9a-f]*:[0-9a-f]*:[0-9a-f:.]*$/i;

/**
 * Reads what a user typed or pasted into the block or allow list. A registrable domain, `*.domain`
 * or `www.domain` gives a site rule; any other subdomain, or an address with a port, a host rule.
 * Paths, queries and fragments are ignored.
 */
export function parseSiteRule(input: string): { rule: SiteRule } | { error: string } {
  const text = input.trim();
  if (!text) return { error: 'enter a web address such as example.com' };
  if (/\s/.test(text)) return { error: 'spaces are not allowed' };

  const bareIpv6 = BARE_IPV6.test(text);
  const hasScheme = !bareIpv6 && SCHEME_PREFIX.test(text);
  // Without a scheme, "user@example.com" is far more likely an e-mail address than a login.
  if (!hasScheme && text.includes('@')) return { error: 'not a web address' };
  if (hasScheme) {
    const key = siteKeyOf(text);
    if ('unsupported' in key) return { error: key.unsupported };
    if (key.site === LOCAL_FILES_SITE) return { rule: { kind: 'site', value: LOCAL_FILES_SITE } };
  }
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `http://${bareIpv6 ? `[${text}]` : text}`);
  } catch {
    return { error: 'not a web address' };
  }
  const restriction = storeRestriction(url);
  if (restriction) return { error: restriction };

  let hostname = url.hostname.replace(/\.$/, '');
  const wildcard = hostname.startsWith(WILDCARD_PREFIX);
  if (wildcard) hostname = hostname.slice(WILDCARD_PREFIX.length);
  if (hostname.includes('*')) return { error: 'a * is only allowed at the start, as in *.example.com' };
  if (wildcard && url.port) return { error: 'a *. rule covers a whole site and cannot have a port' };

  const isIpv6 = hostname.startsWith('[');
  const suffixInfo = isIpv6 ? undefined : parseDomain(hostname, { allowPrivateDomains: true });
  if (!isIpv6 && suffixInfo?.isIp !== true) {
    if (!hostname.split('.').every((label) => LABEL.test(label))) return { error: 'not a web address' };
    if (suffixInfo?.domain === null && (suffixInfo.isIcann === true || suffixInfo.isPrivate === true)) {
      return { error: `a public suffix such as ${hostname} cannot be a site: many sites share it` };
    }
    // A lone word is a typo more often than an intranet host; those can be added with a scheme.
    if (!hostname.includes('.') && hostname !== 'localhost' && !hasScheme) return { error: 'not a web address' };
  }
  const site = siteOfHostname(hostname);
  if (wildcard && site !== hostname) return { error: `a *. rule must name a whole site, such as *.${site}` };

  if (url.port) return { rule: { kind: 'host', value: `${hostname}:${url.port}` } };
  if (hostname === site || hostname === `www.${site}`) return { rule: { kind: 'site', value: site } };
  return { rule: { kind: 'host', value: hostname } };
}

export interface SiteRuleLineError {
  /** 1-based line of the pasted text. */
  line: number;
  input: string;
  error: string;
}

/** Reads many rules, one per line or comma separated; duplicates are kept once. */
export function parseSiteRules(text: string): { rules: SiteRule[]; errors: SiteRuleLineError[] } {
  const rules: SiteRule[] = [];
  const errors: SiteRuleLineError[] = [];
  text.split(/\r\n|\r|\n/).forEach((lineText, index) => {
    for (const part of lineText.split(',')) {
      const input = part.trim();
      if (!input) continue;
      const result = parseSiteRule(input);
      if ('error' in result) errors.push({ line: index + 1, input, error: result.error });
      else if (!rules.some((rule) => sameRule(rule, result.rule))) rules.push(result.rule);
    }
  });
  return { rules, errors };
}

export function sameRule(a: SiteRule, b: SiteRule): boolean {
  return a.kind === b.kind && a.value === b.value;
}

/**
 * Checks a rule read back from storage or an import and returns it normalised. Looser than
 * `parseSiteRule`: it accepts whatever a page's key can produce (e.g. `intranet`, `github.io`),
 * since the popup makes rules straight from keys.
 */
export function normalizeRule(rule: SiteRule): { rule: SiteRule } | { error: string } {
  if (rule.value === LOCAL_FILES_SITE) return { rule: { kind: rule.kind, value: LOCAL_FILES_SITE } };
  if (/[\s/?#@\\*,]/.test(rule.value) || rule.value === '') {
    return { error: `"${rule.value}" is not a host name` };
  }
  const key = siteKeyOf(`http://${rule.value}/`);
  if ('unsupported' in key) return { error: `"${rule.value}": ${key.unsupported}` };
  if (rule.kind === 'host') return { rule: { kind: 'host', value: key.host } };
  if (key.site !== key.host) return { error: `"${rule.value}" is a host, not a whole site` };
  return { rule: { kind: 'site', value: key.site } };
}

export function ruleMatches(rule: SiteRule, key: SiteKey): boolean {
  return rule.kind === 'site' ? rule.value === key.site : rule.value === key.host;
}

/** A site or rule value with its verb, for a reason: "example.com is", "local files are". */
function subjectIs(value: string): string {
  return value === LOCAL_FILES_SITE ? 'local files are' : `${value} is`;
}

/** The decision for a page whose key is known (the popup has the key of its tab). */
export function isEnabledForKey(key: SiteKey, switches: SiteSwitches): SiteDecision {
  if (!switches.enabled) return { enabled: false, reason: 'Footnote is switched off everywhere.', key };
  if (switches.mode === 'blocklist') {
    const rule = switches.blocklist.find((candidate) => ruleMatches(candidate, key));
    return rule
      ? { enabled: false, reason: `Off: ${subjectIs(rule.value)} on your block list.`, key }
      : { enabled: true, reason: `On: ${subjectIs(key.site)} not on your block list.`, key };
  }
  const rule = switches.allowlist.find((candidate) => ruleMatches(candidate, key));
  return rule
    ? { enabled: true, reason: `On: ${subjectIs(rule.value)} on your allow list.`, key }
    : { enabled: false, reason: `Off: ${subjectIs(key.site)} not on your allow list.`, key };
}

export function isEnabledFor(url: string, switches: SiteSwitches): SiteDecision {
  const key = siteKeyOf(url);
  if ('unsupported' in key) return { enabled: false, reason: key.unsupported };
  return isEnabledForKey(key, switches);
}
