// Unit tests of the code lens conversion: the server's JSON arguments of
// editor.action.showReferences become what VS Code's command takes.
// Run: npm run test:unit (esbuild bundles this file, node --test runs it).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { convertLens, SHOW_REFERENCES } from '../../src/references';

// The converter stands in for vscode-languageclient's: it tags what it converted.
const client = {
  protocol2CodeConverter: {
    asUri: (uri: string) => ({ uri }),
    asPosition: (position: unknown) => ({ position }),
    asLocation: (location: unknown) => ({ location }),
  },
} as unknown as BaseLanguageClient;

const location = {
  uri: 'file:///w/article.cdown',
  range: { start: { line: 3, character: 28 }, end: { line: 3, character: 37 } },
};

function lens(command: string, args: unknown[]): vscode.CodeLens {
  return { range: {}, isResolved: true, command: { title: '1 claim', command, arguments: args } } as unknown as vscode.CodeLens;
}

test('showReferences arguments become a Uri, a Position and Locations', () => {
  const converted = convertLens(client, lens(SHOW_REFERENCES, ['file:///w/actors.cdown', { line: 0, character: 2 }, [location]]));
  assert.deepEqual(converted.command?.arguments, [
    { uri: 'file:///w/actors.cdown' },
    { position: { line: 0, character: 2 } },
    [{ location }],
  ]);
  assert.equal(converted.command?.title, '1 claim');
});

test('other commands are left as they are', () => {
  const other = lens('claimdown.showReferences', ['file:///w/actors.cdown']);
  assert.deepEqual(convertLens(client, other).command?.arguments, ['file:///w/actors.cdown']);
});
