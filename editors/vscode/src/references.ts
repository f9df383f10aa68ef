// The code lens over an actor or source definition runs VS Code's own references peek. The
// server sends `editor.action.showReferences` to a client that declares it runs it
// (experimental.commands, as rust-analyzer's clients do), with the arguments as JSON; VS Code
// wants a Uri, a Position and Locations, so the lens is converted on its way in.
import type * as vscode from 'vscode';
import type { BaseLanguageClient, ClientCapabilities, FeatureState, StaticFeature } from 'vscode-languageclient';

export const SHOW_REFERENCES = 'editor.action.showReferences';

/** Declares `experimental.commands.commands: [editor.action.showReferences]` at initialize. */
export class ShowReferencesFeature implements StaticFeature {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    const experimental = (capabilities.experimental ?? {}) as Record<string, unknown>;
    experimental.commands = { commands: [SHOW_REFERENCES] };
    capabilities.experimental = experimental;
  }
  initialize(): void {}
  getState(): FeatureState {
    return { kind: 'static' };
  }
  clear(): void {}
}

interface WireLocation {
  uri: string;
  range: { start: WirePosition; end: WirePosition };
}
interface WirePosition {
  line: number;
  character: number;
}

/** The lens with its showReferences arguments as VS Code objects; other lenses as they are. */
export function convertLens(client: BaseLanguageClient, lens: vscode.CodeLens): vscode.CodeLens {
  const command = lens.command;
  if (command?.command !== SHOW_REFERENCES || !Array.isArray(command.arguments)) {
    return lens;
  }
  const [uri, position, locations] = command.arguments as [string, WirePosition, WireLocation[]];
  const c2p = client.protocol2CodeConverter;
  lens.command = {
    ...command,
    arguments: [
      c2p.asUri(uri),
      c2p.asPosition(position),
      (locations ?? []).map((location) => c2p.asLocation(location)),
    ],
  };
  return lens;
}
