// Claimdown for VS Code: starts `claimdown lsp` and wires it to the editor.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
} from 'vscode-languageclient/node';
import { registerPreview } from './preview';
import { convertLens, ShowReferencesFeature } from './references';
import { bundledServerPath, resolveServer } from './resolve';

const SECTION = 'claimdown';
const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
let traceOutput: vscode.LogOutputChannel | undefined;
let extensionPath = '';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Claimdown Language Server', { log: true });
  traceOutput = vscode.window.createOutputChannel('Claimdown Language Server Trace', { log: true });
  context.subscriptions.push(output, traceOutput);
  extensionPath = context.extensionPath;
  ensureBundledExecutable(extensionPath);

  context.subscriptions.push(
    vscode.commands.registerCommand('claimdown.restartServer', async () => {
      await restart();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (
        event.affectsConfiguration(`${SECTION}.server`) ||
        event.affectsConfiguration(`${SECTION}.rules`) ||
        event.affectsConfiguration(`${SECTION}.inlayHints`)
      ) {
        await restart();
      }
    }),
  );

  registerPreview(context, () => client);

  queue = queue.then(start);
  await queue;
}

export async function deactivate(): Promise<void> {
  await stop();
}

// Starts and stops run one after another, so that a settings change arriving while the server
// is starting does not leave two servers running.
let queue: Promise<void> = Promise.resolve();

function restart(): Promise<void> {
  queue = queue.then(stop).then(start, start);
  return queue;
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop(2000);
    } catch (error) {
      output?.appendLine(`Stopping the server failed: ${String(error)}`);
    }
  }
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const resolved = resolveServer({
    setting: config.get<string>('server.path', '') ?? '',
    extensionPath,
    pathVariable: process.env.PATH ?? '',
    pathExt: process.env.PATHEXT,
    platform: process.platform,
    homedir: os.homedir(),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    isExecutable,
  });
  if (resolved instanceof Error) {
    output?.error(resolved.message);
    // Not awaited: activation must not wait for the user to dismiss the notification.
    void vscode.window.showErrorMessage(resolved.message, OPEN_SETTINGS).then((choice) => {
      if (choice === OPEN_SETTINGS) {
        void openServerPathSetting();
      }
    });
    return;
  }
  const command = resolved.command;
  output?.info(`Server: ${command} (from ${resolved.source === 'setting' ? 'claimdown.server.path' : resolved.source === 'bundled' ? 'the extension' : 'PATH'})`);

  const extraEnv = config.get<Record<string, string>>('server.extraEnv', {});
  // No `transport`: with TransportKind.stdio the client would append `--stdio`, which
  // `claimdown lsp` does not take; without it the client still talks over stdio.
  const serverOptions: ServerOptions = {
    command,
    args: ['lsp'],
    options: { env: { ...process.env, ...extraEnv } },
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'claimdown' },
      { scheme: 'untitled', language: 'claimdown' },
    ],
    initializationOptions: {
      rules: ruleSeverities(config),
      inlayHints: { enable: config.get<boolean>('inlayHints.enable', false) },
    },
    middleware: {
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        return lenses?.map((lens) => (client ? convertLens(client, lens) : lens));
      },
    },
    outputChannel: output,
    traceOutputChannel: traceOutput,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    synchronize: {
      // Definitions live in any .cdown file of the workspace, open or not.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.cdown'),
    },
  };

  const created = new LanguageClient('claimdown', 'Claimdown Language Server', serverOptions, clientOptions);
  created.registerFeature(new ShowReferencesFeature());
  client = created;
  try {
    await created.start();
    output?.appendLine(`Started ${command} lsp`);
  } catch (error) {
    client = undefined;
    const message = `Claimdown: could not start the language server '${command} lsp': ${String(error)}`;
    output?.appendLine(message);
    void vscode.window.showErrorMessage(message);
  }
}

const OPEN_SETTINGS = 'Open Settings';

/**
 * Opens the settings editor on claimdown.server.path, on a tab that shows it. The setting is
 * machine-overridable: in a remote window (Remote-SSH, code-server) the User tab lists no
 * machine settings ("No Settings Found"), so the workspace tab is opened when there is a
 * workspace, else the remote tab.
 */
async function openServerPathSetting(): Promise<void> {
  const query = `${SECTION}.server.path`;
  const remote = vscode.env.remoteName !== undefined;
  if (vscode.workspace.workspaceFolders?.length) {
    await vscode.commands.executeCommand('workbench.action.openWorkspaceSettings', { query });
  } else if (remote) {
    await vscode.commands.executeCommand('workbench.action.openRemoteSettings', { query });
  } else {
    await vscode.commands.executeCommand('workbench.action.openSettings', query);
  }
}

/** The rules setting, keeping only valid rule → severity pairs. */
function ruleSeverities(config: vscode.WorkspaceConfiguration): Record<string, string> {
  const rules = config.get<Record<string, unknown>>('rules', {}) ?? {};
  const result: Record<string, string> = {};
  for (const [rule, severity] of Object.entries(rules)) {
    if (typeof severity === 'string' && SEVERITIES.has(severity)) {
      result[rule] = severity;
    } else {
      output?.appendLine(`Ignoring claimdown.rules.${rule}: expected one of ${[...SEVERITIES].join(', ')}`);
    }
  }
  return result;
}

/** True when `file` is a regular file this process may execute. */
function isExecutable(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** The bundled server should keep its mode from the .vsix; restore it if an unpacker lost it. */
function ensureBundledExecutable(extensionPath: string): void {
  const bundled = bundledServerPath(extensionPath, process.platform);
  if (process.platform === 'win32' || !fs.existsSync(bundled) || isExecutable(bundled)) {
    return;
  }
  try {
    fs.chmodSync(bundled, 0o755);
  } catch (error) {
    output?.appendLine(`Could not make ${bundled} executable: ${String(error)}`);
  }
}
