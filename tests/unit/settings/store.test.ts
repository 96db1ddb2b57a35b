import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { defaultSettings, type Settings } from '../../../src/settings/schema';
import { SETTINGS_KEY, loadSettings, saveSettings, updateSettings, watchSettings } from '../../../src/settings/store';

const custom = (): Settings => ({
  ...defaultSettings(),
  mode: 'allowlist',
  allowlist: [{ kind: 'site', value: 'example.com' }],
  markEvery: 'every',
});

async function stored(): Promise<unknown> {
  return (await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
}

/** Collects what a watcher is called with. */
function recorder(): { calls: Settings[]; callback: (settings: Settings) => void } {
  const calls: Settings[] = [];
  return { calls, callback: (settings) => calls.push(settings) };
}

describe('settings store', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('loads the defaults when nothing is stored', async () => {
    expect(await loadSettings()).toEqual(defaultSettings());
  });

  it('saves under the one "settings" key and loads it back', async () => {
    await saveSettings(custom());
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ [SETTINGS_KEY]: custom() });
    expect(await loadSettings()).toEqual(custom());
  });

  it.each([
    ['a string', 'garbage', defaultSettings()],
    ['null', null, defaultSettings()],
    ['one corrupt field', { ...custom(), enabled: 'yes' }, custom()],
    ['a legacy v0 value', { disabledSites: ['example.com'] }, { ...defaultSettings(), blocklist: [{ kind: 'site', value: 'example.com' }] }],
  ])('reads %s without throwing, defaulting field by field', async (_label, value, expected) => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: value });
    expect(await loadSettings()).toEqual(expected);
  });

  it('refuses to save invalid settings and leaves storage as it was', async () => {
    await saveSettings(custom());
    const invalid = { ...custom(), blocklist: [{ kind: 'site' as const, value: 'not a host' }] };
    await expect(saveSettings(invalid)).rejects.toThrow(/blocklist\[0\]: "not a host" is not a host name/);
    expect(await stored()).toEqual(custom());
  });

  it('updates from the stored value and returns the result', async () => {
    await saveSettings(custom());
    const next = await updateSettings((current) => ({ ...current, enabled: !current.enabled }));
    expect(next).toEqual({ ...custom(), enabled: false });
    expect(await stored()).toEqual(next);
  });

  it('keeps fields this version does not know through an update of a known one', async () => {
    const fromNewerFootnote = {
      ...custom(),
      version: 2,
      sync: { every: 'hour' },
      entityTypes: { ...custom().entityTypes, court: false },
      highlight: { ...custom().highlight, glow: 2 },
      allowlist: [{ kind: 'site', value: 'example.com', addedOn: '2026-11-01' }],
    };
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: fromNewerFootnote });
    const next = await updateSettings((current) => ({
      ...current,
      markEvery: 'first-per-paragraph',
      highlight: { ...current.highlight, style: 'background' },
    }));
    const expected = { ...fromNewerFootnote, markEvery: 'first-per-paragraph', highlight: { ...fromNewerFootnote.highlight, style: 'background' } };
    expect(next).toEqual(expected);
    expect(await stored()).toEqual(expected);
  });

  it('runs concurrent updates one after another so none is lost', async () => {
    await Promise.all([
      updateSettings((s) => ({ ...s, blocklist: [...s.blocklist, { kind: 'site', value: 'a.com' }] })),
      updateSettings((s) => ({ ...s, blocklist: [...s.blocklist, { kind: 'site', value: 'b.com' }] })),
    ]);
    expect((await loadSettings()).blocklist).toEqual([
      { kind: 'site', value: 'a.com' },
      { kind: 'site', value: 'b.com' },
    ]);
  });

  it('keeps serving updates after one fails', async () => {
    await expect(
      updateSettings(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await updateSettings((s) => ({ ...s, markEvery: 'every' }))).markEvery).toBe('every');
  });

  it('tells watchers about every change with validated settings', async () => {
    const { calls, callback } = recorder();
    watchSettings(callback);
    await saveSettings(custom());
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...custom(), mode: 'sometimes' } });
    await fakeBrowser.storage.local.remove(SETTINGS_KEY);
    expect(calls).toEqual([custom(), { ...custom(), mode: 'blocklist' }, defaultSettings()]);
  });

  it('ignores other keys and other storage areas', async () => {
    const { calls, callback } = recorder();
    watchSettings(callback);
    await fakeBrowser.storage.local.set({ somethingElse: 1 });
    await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: custom() });
    await fakeBrowser.storage.session.set({ [SETTINGS_KEY]: custom() });
    expect(calls).toEqual([]);
  });

  it('stops when the signal aborts', async () => {
    const { calls, callback } = recorder();
    const controller = new AbortController();
    watchSettings(callback, controller.signal);
    await saveSettings(custom());
    controller.abort();
    await saveSettings(defaultSettings());
    expect(calls).toEqual([custom()]);
  });

  it('stops when the returned function is called', async () => {
    const { calls, callback } = recorder();
    const stop = watchSettings(callback);
    stop();
    await saveSettings(custom());
    expect(calls).toEqual([]);
  });

  it('never starts with an already aborted signal', async () => {
    const { calls, callback } = recorder();
    watchSettings(callback, AbortSignal.abort());
    await saveSettings(custom());
    expect(calls).toEqual([]);
  });
});
