/**
 * One key per page for annotations: the same article reached from a
 * newsletter, a social post or a search ad must find the same notes.
 */

/** Parameters that only say how the reader arrived (campaign and click ids). */
const TRACKING_PARAMETERS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'mc_cid',
  'mc_eid',
  'igshid',
  'ref_src',
  'ref_url',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
]);

function isTrackingParameter(rawName: string): boolean {
  let name: string;
  try {
    name = decodeURIComponent(rawName.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return false;
  }
  return name.startsWith('utm_') || TRACKING_PARAMETERS.has(name);
}

/**
 * Drops the fragment, tracking parameters and any user name or password;
 * lower-cases scheme and host and drops the scheme's default port (the URL
 * parser does both). Other parameters keep their order and their encoding as
 * written. A string that does not parse as a URL is returned trimmed: there is
 * nothing to normalise, and it still works as a key.
 */
export function normalisePageUrl(url: string): string {
  const trimmed = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return trimmed;
  }
  parsed.hash = '';
  parsed.username = '';
  parsed.password = '';
  const kept = parsed.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !isTrackingParameter(pair.split('=', 1)[0]!));
  parsed.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  return parsed.href;
}
