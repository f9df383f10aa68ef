// Unit tests of the server resolution order, on a fake file system and PATH.
// Run: npm run test:unit (esbuild bundles this file, node --test runs it).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResolveEnv, resolveServer } from '../../src/resolve';

const EXT = '/home/u/.vscode/extensions/claimdown.claimdown-0.1.0-linux-x64';
const BUNDLED = `${EXT}/server/claimdown`;

function env(executables: string[], overrides: Partial<ResolveEnv> = {}): ResolveEnv {
  const files = new Set(executables);
  return {
    setting: '',
    extensionPath: EXT,
    pathVariable: '/usr/local/bin:/usr/bin',
    platform: 'linux',
    homedir: '/home/u',
    workspaceFolder: '/home/u/articles',
    isExecutable: (file) => files.has(file),
    ...overrides,
  };
}

test('the setting wins over the bundled server and PATH', () => {
  const r = resolveServer(env(['/opt/claimdown', BUNDLED, '/usr/bin/claimdown'], { setting: '/opt/claimdown' }));
  assert.deepEqual(r, { command: '/opt/claimdown', source: 'setting' });
});

test('the bundled server wins over PATH', () => {
  assert.deepEqual(resolveServer(env([BUNDLED, '/usr/bin/claimdown'])), { command: BUNDLED, source: 'bundled' });
});

test('PATH is used when nothing is bundled, first directory first', () => {
  assert.deepEqual(resolveServer(env(['/usr/local/bin/claimdown', '/usr/bin/claimdown'])), {
    command: '/usr/local/bin/claimdown',
    source: 'PATH',
  });
  assert.deepEqual(resolveServer(env(['/usr/bin/claimdown'])), { command: '/usr/bin/claimdown', source: 'PATH' });
});

test('nothing found: an error that names the setting', () => {
  const r = resolveServer(env([]));
  assert.ok(r instanceof Error);
  assert.match(r.message, /not found/);
  assert.match(r.message, /claimdown\.server\.path/);
});

test('a setting naming a missing file is an error, not a fallback to the bundled server', () => {
  const r = resolveServer(env([BUNDLED, '/usr/bin/claimdown'], { setting: '/nonexistent/claimdown' }));
  assert.ok(r instanceof Error);
  assert.match(r.message, /'\/nonexistent\/claimdown' \(setting claimdown\.server\.path\) does not exist/);
});

test('a blank setting counts as unset', () => {
  assert.deepEqual(resolveServer(env([BUNDLED], { setting: '   ' })), { command: BUNDLED, source: 'bundled' });
});

test('~, ${workspaceFolder} and relative paths in the setting are expanded', () => {
  assert.deepEqual(resolveServer(env(['/home/u/bin/claimdown'], { setting: '~/bin/claimdown' })), {
    command: '/home/u/bin/claimdown',
    source: 'setting',
  });
  assert.deepEqual(
    resolveServer(env(['/home/u/articles/tools/claimdown'], { setting: '${workspaceFolder}/tools/claimdown' })),
    { command: '/home/u/articles/tools/claimdown', source: 'setting' },
  );
  assert.deepEqual(resolveServer(env(['/home/u/articles/tools/claimdown'], { setting: 'tools/claimdown' })), {
    command: '/home/u/articles/tools/claimdown',
    source: 'setting',
  });
});

test('a bare name in the setting is looked up on PATH', () => {
  assert.deepEqual(resolveServer(env(['/usr/bin/claimdown-nightly', BUNDLED], { setting: 'claimdown-nightly' })), {
    command: '/usr/bin/claimdown-nightly',
    source: 'setting',
  });
});

test('Windows: claimdown.exe is bundled, PATH is searched with PATHEXT', () => {
  const ext = 'C:\\Users\\u\\.vscode\\extensions\\claimdown.claimdown-0.1.0-win32-x64';
  const win = (executables: string[]) =>
    env(executables, { platform: 'win32', extensionPath: ext, pathVariable: 'C:\\tools;C:\\bin', pathExt: '.COM;.EXE' });
  assert.deepEqual(resolveServer(win([`${ext}\\server\\claimdown.exe`, 'C:\\bin\\claimdown.EXE'])), {
    command: `${ext}\\server\\claimdown.exe`,
    source: 'bundled',
  });
  assert.deepEqual(resolveServer(win(['C:\\bin\\claimdown.EXE'])), { command: 'C:\\bin\\claimdown.EXE', source: 'PATH' });
});
