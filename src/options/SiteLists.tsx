import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import {
  LOCAL_FILES_SITE,
  parseSiteRule,
  parseSiteRules,
  sameRule,
  type SiteMode,
  type SiteRule,
  type SiteRuleLineError,
} from '../core/site/site-key';
import type { Settings } from '../settings/schema';
import type { UpdateSettings } from './types';

const LISTS: Record<SiteMode, { title: string; name: string; purpose: string }> = {
  blocklist: { title: 'Block list', name: 'block list', purpose: 'Footnote stays off on these sites.' },
  allowlist: { title: 'Allow list', name: 'allow list', purpose: 'Footnote runs only on these sites.' },
};

const MODE_LABELS: Record<SiteMode, string> = {
  blocklist: 'On everywhere except the block list',
  allowlist: 'Only on the allow list',
};

function ruleText(rule: SiteRule): string {
  return rule.value === LOCAL_FILES_SITE ? 'Local files' : rule.value;
}

function ruleScope(rule: SiteRule): string {
  if (rule.value === LOCAL_FILES_SITE) return 'every file opened from this computer';
  return rule.kind === 'site' ? 'the whole site, with its subdomains' : 'this host only';
}

/** Parser messages are phrases or whole sentences; this makes either end in one full stop. */
function sentence(text: string): string {
  return text.endsWith('.') ? text : `${text}.`;
}

function withRules(list: readonly SiteRule[], added: readonly SiteRule[]): SiteRule[] {
  return [...list, ...added.filter((rule) => !list.some((kept) => sameRule(kept, rule)))];
}

function changeList(list: SiteMode, change: (rules: SiteRule[]) => SiteRule[]): (current: Settings) => Settings {
  return (current) => ({ ...current, [list]: change(current[list]) });
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

interface RuleListProps {
  list: SiteMode;
  rules: SiteRule[];
  /** Whether the current mode uses this list. */
  inUse: boolean;
  update: UpdateSettings;
}

/** One site list: its rules with remove buttons, a field to add one, and a box to paste many. */
export function RuleList({ list, rules, inUse, update }: RuleListProps) {
  const { title, name, purpose } = LISTS[list];
  const [single, setSingle] = useState('');
  const [singleError, setSingleError] = useState<string>();
  const [singleStatus, setSingleStatus] = useState<string>();
  const [pasted, setPasted] = useState('');
  const [pasteErrors, setPasteErrors] = useState<SiteRuleLineError[]>([]);
  const [pasteStatus, setPasteStatus] = useState<string>();
  const listRef = useRef<HTMLUListElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  /** Position of a rule just removed: focus moves to its neighbour rather than being lost. */
  const removedAt = useRef<number>();

  useLayoutEffect(() => {
    const index = removedAt.current;
    if (index === undefined) return;
    removedAt.current = undefined;
    const buttons = listRef.current?.querySelectorAll('button');
    (buttons?.[Math.min(index, buttons.length - 1)] ?? inputRef.current)?.focus();
  }, [rules]);

  const remove = (rule: SiteRule, index: number) => {
    removedAt.current = index;
    void update(changeList(list, (current) => current.filter((kept) => !sameRule(kept, rule))));
  };

  const addOne = (event: Event) => {
    event.preventDefault();
    setSingleStatus(undefined);
    const parsed = parseSiteRule(single);
    if ('error' in parsed) {
      setSingleError(`Can’t add “${single.trim()}”: ${sentence(parsed.error)}`);
      return;
    }
    setSingleError(undefined);
    setSingle('');
    if (rules.some((rule) => sameRule(rule, parsed.rule))) {
      setSingleStatus(`${ruleText(parsed.rule)} is already on the ${name}.`);
      return;
    }
    void update(changeList(list, (current) => withRules(current, [parsed.rule]))).then((saved) => {
      if (saved) setSingleStatus(`Added ${ruleText(parsed.rule)}.`);
    });
  };

  const addMany = (event: Event) => {
    event.preventDefault();
    const { rules: parsed, errors } = parseSiteRules(pasted);
    setPasteErrors(errors);
    // The rejected entries stay in the box to be corrected.
    setPasted(errors.map((error) => error.input).join('\n'));
    const fresh = parsed.filter((rule) => !rules.some((kept) => sameRule(kept, rule)));
    const already = parsed.length - fresh.length;
    const alreadyNote = already > 0 ? `${plural(already, 'was', 'were')} already on the list` : '';
    if (fresh.length === 0) {
      setPasteStatus(parsed.length > 0 ? `Nothing new: ${alreadyNote}.` : undefined);
      return;
    }
    const added = `Added ${plural(fresh.length, 'site', 'sites')}`;
    void update(changeList(list, (current) => withRules(current, fresh))).then((saved) => {
      setPasteStatus(saved ? `${added}${alreadyNote ? `; ${alreadyNote}` : ''}.` : undefined);
    });
  };

  const id = (part: string) => `${list}-${part}`;
  return (
    <fieldset class={inUse ? 'rule-list' : 'rule-list unused'} aria-describedby={id('purpose')}>
      <legend>{title}</legend>
      <p id={id('purpose')} class="muted">
        {purpose}
        {inUse ? '' : ' Not in use: Footnote follows the other list in this mode.'}
      </p>
      {rules.length === 0 ? (
        <p class="empty">The {name} is empty.</p>
      ) : (
        <ul class="rules" ref={listRef} aria-label={`Sites on the ${name}`}>
          {rules.map((rule, index) => (
            <li key={`${rule.kind}:${rule.value}`}>
              <span class="rule-value">{ruleText(rule)}</span> <span class="muted">{ruleScope(rule)}</span>
              <button type="button" onClick={() => remove(rule, index)} aria-label={`Remove ${ruleText(rule)} from the ${name}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}

      <form class="add-one" onSubmit={addOne}>
        <label for={id('add')}>Add a site</label>
        <div class="row">
          <input
            id={id('add')}
            ref={inputRef}
            type="text"
            inputMode="url"
            autocomplete="off"
            spellcheck={false}
            placeholder="example.com"
            value={single}
            onInput={(event) => setSingle(event.currentTarget.value)}
            aria-invalid={singleError ? true : undefined}
            aria-describedby={`${id('add-hint')}${singleError ? ` ${id('add-error')}` : ''}`}
          />
          <button type="submit">Add</button>
        </div>
        <p id={id('add-hint')} class="muted">
          example.com covers the whole site and its subdomains; news.example.com or localhost:8080 only that host.
        </p>
        {singleError && (
          <p id={id('add-error')} class="error" role="alert">
            {singleError}
          </p>
        )}
        {singleStatus && (
          <p class="status" role="status">
            {singleStatus}
          </p>
        )}
      </form>

      <form class="add-many" onSubmit={addMany}>
        <label for={id('paste')}>Add many sites (one per line, or separated by commas)</label>
        <textarea
          id={id('paste')}
          rows={3}
          spellcheck={false}
          value={pasted}
          onInput={(event) => setPasted(event.currentTarget.value)}
          aria-invalid={pasteErrors.length > 0 ? true : undefined}
          aria-describedby={pasteErrors.length > 0 ? id('paste-errors') : undefined}
        />
        <button type="submit">Add all</button>
        {pasteErrors.length > 0 && (
          <div id={id('paste-errors')} class="error" role="alert">
            <p>{plural(pasteErrors.length, 'entry was', 'entries were')} not added:</p>
            <ul>
              {pasteErrors.map((error) => (
                <li key={`${error.line}:${error.input}`}>
                  “{error.input}” (line {error.line}): {sentence(error.error)}
                </li>
              ))}
            </ul>
          </div>
        )}
        {pasteStatus && (
          <p class="status" role="status">
            {pasteStatus}
          </p>
        )}
      </form>
    </fieldset>
  );
}

/** Where Footnote runs: the mode and both lists (each list is kept whichever mode is chosen). */
export function SiteLists({ settings, update }: { settings: Settings; update: UpdateSettings }) {
  const modes: SiteMode[] = ['blocklist', 'allowlist'];
  return (
    <>
      <fieldset>
        <legend>Where Footnote runs</legend>
        {modes.map((mode) => (
          <label key={mode} class="choice">
            <input
              type="radio"
              name="mode"
              value={mode}
              checked={settings.mode === mode}
              onChange={() => void update((current) => ({ ...current, mode }))}
            />
            {MODE_LABELS[mode]}
          </label>
        ))}
      </fieldset>
      {modes.map((mode) => (
        <RuleList key={mode} list={mode} rules={settings[mode]} inUse={settings.mode === mode} update={update} />
      ))}
    </>
  );
}
