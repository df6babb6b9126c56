/** State handed between the action's steps is checked when read back, never trusted as typed. */
import { savedConfig, savedRestoreState } from '../../src/action/saved-state.js';
import { readConfig } from '../../src/config/inputs.js';

const fresh = readConfig(name => (name === 'cache-dir' ? '/tmp/cc-saved-state' : ''), {});

describe('savedConfig', () => {
  it('takes back what pre saved', () => {
    const saved = { ...fresh, maxSize: 123, namespaces: ['compile/a'] };
    expect(savedConfig(JSON.stringify(saved), fresh)).toEqual(saved);
  });

  it.each([
    ['not JSON', '{"cacheDir":'],
    ['an array', '[]'],
    ['a missing field', JSON.stringify({ ...fresh, maxSize: undefined })],
    ['a number as a string', JSON.stringify({ ...fresh, maxSize: '5G' })],
    ['a negative number', JSON.stringify({ ...fresh, concurrency: -1 })],
    ['a backend out of its set', JSON.stringify({ ...fresh, backend: 'ftp' })],
    ['an upload mode out of its set', JSON.stringify({ ...fresh, uploadMode: 'all' })],
    ['namespaces that are not strings', JSON.stringify({ ...fresh, namespaces: [1] })],
    ['a relative cache directory', JSON.stringify({ ...fresh, cacheDir: 'cache' })]
  ])('refuses %s', (_what, text) => {
    expect(savedConfig(text, fresh)).toBeUndefined();
  });

  it('drops fields it does not know', () => {
    const out = savedConfig(JSON.stringify({ ...fresh, extra: 'x' }), fresh);
    expect(out).toEqual(fresh);
    expect(out).not.toHaveProperty('extra');
  });
});

describe('savedRestoreState', () => {
  const figures = {
    namespace: 'compile',
    remoteEntries: 3,
    remoteBytes: 30,
    restoredEntries: 2,
    restoredBytes: 20,
    alreadyLocal: 1,
    skippedForBudget: 0,
    restoredFromPacks: 2
  };
  const state = { figures: [figures], warnings: ['w'], remoteUnavailable: false, note: 'n' };

  it('takes back a restore state', () => {
    expect(savedRestoreState(JSON.stringify(state))).toEqual(state);
  });

  it.each([
    ['not JSON', 'nope'],
    ['figures that are not a list', JSON.stringify({ ...state, figures: {} })],
    [
      'a count that is a string',
      JSON.stringify({ ...state, figures: [{ ...figures, restoredEntries: '2' }] })
    ],
    ['a nested object in the figures', JSON.stringify({ ...state, figures: [{ ...figures, x: {} }] })],
    ['warnings that are not strings', JSON.stringify({ ...state, warnings: [1] })],
    ['a missing remoteUnavailable', JSON.stringify({ ...state, remoteUnavailable: undefined })],
    ['a note that is not a string', JSON.stringify({ ...state, note: 5 })]
  ])('refuses %s', (_what, text) => {
    expect(savedRestoreState(text)).toBeUndefined();
  });
});
