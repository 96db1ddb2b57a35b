/** Schema check for the curated gazetteer (assets/gazetteer.json). */
import { ENTITY_TYPES, type EntityType, type GazetteerEntry } from '../index/types';
import { aliasKey, expandAliases } from './aliases';

/** Id prefix each entity type must use, e.g. `agency:ice`, `org:aclu`. */
export const ID_PREFIX: Record<EntityType, string> = {
  agency: 'agency',
  unit: 'unit',
  operation: 'operation',
  policy: 'policy',
  person: 'person',
  place: 'place',
  organisation: 'org',
};

const ID_BODY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DESCRIPTION_MAX = 200;

function isEntityType(value: unknown): value is EntityType {
  return typeof value === 'string' && (ENTITY_TYPES as readonly string[]).includes(value);
}

/**
 * Every problem with `value` as a gazetteer, one message each; empty when it
 * is valid. Beyond shape, it checks unique ids, id prefixes matching the
 * type, one-line descriptions, and that no alias (after number variants,
 * compared case-blind) belongs to two entries.
 */
export function checkGazetteer(value: unknown): string[] {
  if (!Array.isArray(value)) return ['gazetteer must be an array'];
  const problems: string[] = [];
  const ids = new Set<string>();
  const owners = new Map<string, string>();
  value.forEach((raw: unknown, index) => {
    const at = `entry ${index}`;
    if (typeof raw !== 'object' || raw === null) {
      problems.push(`${at}: not an object`);
      return;
    }
    const entry = raw as Record<string, unknown>;
    const id = typeof entry.id === 'string' ? entry.id : undefined;
    const where = id ? `${at} (${id})` : at;
    if (id === undefined) problems.push(`${at}: id must be a string`);
    else if (ids.has(id)) problems.push(`${where}: duplicate id`);
    else ids.add(id);

    if (!isEntityType(entry.type)) problems.push(`${where}: unknown type ${JSON.stringify(entry.type)}`);
    else if (id !== undefined) {
      const [prefix, body, ...rest] = id.split(':');
      if (prefix !== ID_PREFIX[entry.type] || body === undefined || !ID_BODY.test(body) || rest.length > 0) {
        problems.push(`${where}: id must look like "${ID_PREFIX[entry.type]}:lower-case-words"`);
      }
    }

    const name = typeof entry.name === 'string' ? entry.name.trim() : '';
    if (name === '') problems.push(`${where}: name must be a non-empty string`);

    const aliases = entry.aliases;
    const aliasTexts =
      Array.isArray(aliases) && aliases.every((a) => typeof a === 'string' && a.trim() !== '')
        ? (aliases as string[])
        : undefined;
    if (!aliasTexts) problems.push(`${where}: aliases must be an array of non-empty strings`);

    const description = entry.description;
    if (typeof description !== 'string' || description.trim() === '') {
      problems.push(`${where}: description must be a non-empty string`);
    } else if (/[\r\n]/.test(description) || description.length > DESCRIPTION_MAX) {
      problems.push(`${where}: description must be one line of at most ${DESCRIPTION_MAX} characters`);
    }

    if (name === '' || !aliasTexts) return;
    for (const alias of expandAliases([name, ...aliasTexts])) {
      const key = aliasKey(alias.text);
      const owner = owners.get(key);
      if (owner !== undefined && owner !== where) problems.push(`${where}: alias "${alias.text}" also belongs to ${owner}`);
      else owners.set(key, where);
    }
  });
  return problems;
}

/** The gazetteer as typed entries; throws listing every problem when it is not valid. */
export function parseGazetteer(value: unknown): GazetteerEntry[] {
  const problems = checkGazetteer(value);
  if (problems.length > 0) throw new Error(`invalid gazetteer:\n  ${problems.join('\n  ')}`);
  return (value as GazetteerEntry[]).map((entry) => ({
    id: entry.id,
    type: entry.type,
    name: entry.name,
    aliases: [...entry.aliases],
    description: entry.description,
  }));
}
