import type { SiteKey } from '../core/site/site-key';
import type { MentionGroup, PageInfo } from '../messaging/tab-protocol';
import type { SiteState } from '../settings/schema';

export type PopupState =
  | { kind: 'loading' }
  /** A page where content scripts cannot run (browser pages, extension stores, …). */
  | { kind: 'unsupported'; reason: string; globalEnabled: boolean }
  | {
      kind: 'page';
      key: SiteKey;
      site: SiteState;
      globalEnabled: boolean;
      /** Rules can be scoped to the exact host only when it differs from the site. */
      hostScope: boolean;
      groups: MentionGroup[];
      /** The tab's total over all frames, as on the badge. */
      total: number;
      /** The top frame's annotations. */
      annotations: PageInfo['annotations'];
    };

export interface PopupActions {
  toggleSite(): void;
  setHostScope(exactHost: boolean): void;
  toggleGlobal(): void;
  reveal(group: MentionGroup): void;
  /** Scrolls the page to a found annotation and opens its note there. */
  revealAnnotation(id: string): void;
  openOptions(): void;
}

function Switch({ id, label, checked, onChange, hint }: { id: string; label: string; checked: boolean; onChange(): void; hint?: string }) {
  return (
    <div class="switch-row">
      <label for={id}>{label}</label>
      <input id={id} type="checkbox" role="switch" checked={checked} onChange={onChange} aria-describedby={hint ? `${id}-hint` : undefined} />
      {hint && (
        <p id={`${id}-hint`} class="muted">
          {hint}
        </p>
      )}
    </div>
  );
}

function MentionList({ groups, total, reveal }: { groups: MentionGroup[]; total: number; reveal(group: MentionGroup): void }) {
  const listed = groups.reduce((sum, group) => sum + group.count, 0);
  if (total === 0) return <p class="muted">No mentions on this page.</p>;
  const entities = groups.filter((g) => g.kind === 'entity');
  const figures = groups.filter((g) => g.kind === 'figure');
  const section = (title: string, items: MentionGroup[]) =>
    items.length > 0 && (
      <>
        <h3>{title}</h3>
        <ul class="mentions">
          {items.map((group) => (
            <li key={group.key}>
              <button type="button" onClick={() => reveal(group)} title="Show the next one on the page">
                <span>{group.label}</span> <span class="count">{group.count}</span>
              </button>
            </li>
          ))}
        </ul>
      </>
    );
  return (
    <section aria-labelledby="mentions-heading">
      <h2 id="mentions-heading">
        <span data-testid="mention-total">{total}</span> {total === 1 ? 'mention' : 'mentions'} on this page
      </h2>
      {section('Named', entities)}
      {section('Figures', figures)}
      {total > listed && <p class="muted">{total - listed} more in embedded frames.</p>}
    </section>
  );
}

const QUOTE_PREVIEW = 80;

function preview(quote: string): string {
  return `“${quote.length > QUOTE_PREVIEW ? `${quote.slice(0, QUOTE_PREVIEW - 1)}…` : quote}”`;
}

/**
 * The page's annotations: those found again, each opening its note on the page (the way there from the
 * keyboard), and the quotes of those that were not.
 */
function AnnotationSummary({ annotations, reveal }: { annotations: PageInfo['annotations']; reveal(id: string): void }) {
  const { total, found, orphans } = annotations;
  if (total === 0) return null;
  return (
    <section aria-labelledby="annotations-heading">
      <h2 id="annotations-heading">
        {total} {total === 1 ? 'annotation' : 'annotations'} on this page
      </h2>
      {found.length > 0 && (
        <ul class="mentions" aria-label="Annotations on this page">
          {found.map((annotation) => (
            <li key={annotation.id}>
              <button type="button" onClick={() => reveal(annotation.id)} title="Show it on the page and open its note">
                <span>{preview(annotation.quote)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {orphans.length > 0 && (
        <>
          <p class="muted">
            {orphans.length} not found in the page as it is now (kept; see the Annotations page):
          </p>
          <ul class="orphans" aria-label="Annotations not found on this page">
            {orphans.map((orphan) => (
              <li key={orphan.id}>{preview(orphan.quote)}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The toolbar popup: this site's switch, the global pause, and what is marked here. */
export function PopupView({ state, actions }: { state: PopupState; actions: PopupActions }) {
  if (state.kind === 'loading') return <p aria-busy="true">Looking at this page…</p>;
  if (state.kind === 'unsupported') {
    return (
      <>
        <p class="notice" role="status">
          Footnote can’t run on this page. {state.reason}
        </p>
        <Switch id="global" label="Footnote on everywhere" checked={state.globalEnabled} onChange={actions.toggleGlobal} />
      </>
    );
  }
  const { key, site, globalEnabled, hostScope, groups, total, annotations } = state;
  return (
    <>
      <section aria-labelledby="site-heading" class="site">
        <h2 id="site-heading" class="site-name">
          {key.site}
        </h2>
        <Switch
          id="site-switch"
          label={`On for ${hostScope ? key.host : key.site}`}
          checked={site.siteEnabled}
          onChange={actions.toggleSite}
          hint={site.reason}
        />
        {key.host !== key.site && (
          <label class="scope">
            <input type="checkbox" checked={hostScope} onChange={(e) => actions.setHostScope((e.target as HTMLInputElement).checked)} />
            Only this host ({key.host})
          </label>
        )}
        <Switch id="global" label="Footnote on everywhere" checked={globalEnabled} onChange={actions.toggleGlobal} />
      </section>
      {site.enabled ? <MentionList groups={groups} total={total} reveal={actions.reveal} /> : <p class="muted">Footnote is off here.</p>}
      {site.enabled && <AnnotationSummary annotations={annotations} reveal={actions.revealAnnotation} />}
    </>
  );
}
