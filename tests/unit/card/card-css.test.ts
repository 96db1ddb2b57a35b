import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/corpus';

const css = readFileSync(resolve(ROOT, 'src/card/card.css'), 'utf8');

describe('card.css', () => {
  it('loads nothing from the network (no fonts, images or imports), so a page cannot see the card open', () => {
    expect(css).not.toMatch(/url\(|@import|@font-face/);
  });

  it('follows the system colour scheme and lets data-scheme force either', () => {
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\)\s*\{\s*\.card:not\(\[data-scheme='light'\]\)/);
    expect(css).toContain(".card[data-scheme='dark']");
  });

  it('shows a focus ring on everything focusable in the card', () => {
    expect(css).toMatch(/\.card :focus-visible\s*\{[^}]*outline: 2px solid/);
  });
});
