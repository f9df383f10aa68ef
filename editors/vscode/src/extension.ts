// Claimdown for VS Code: starts `claimdown lsp` and wires it to the editor.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
} from 'vscode-languageclient/node';

const SECTION = 'claimdown';
const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
let traceOutput: vscode.LogOutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Claimdown Language Server', { log: true });
  traceOutput = vscode.window.createOutputChannel('Claimdown Language Server Trace', { log: true });
  context.subscriptions.push(output, traceOutput);

  context.subscriptions.push(
    vscode.commands.registerCommand('claimdown.restartServer', async () => {
      await restart();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (
        event.affectsConfiguration(`${SECTION}.server`) ||
        event.affectsConfiguration(`${SECTION}.rules`)
      ) {
        await restart();
      }
    }),
  );

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
  const command = resolveServerPath(config.get<string>('server.path', ''));
  if (typeof command !== 'string') {
    output?.error(command.message);
    // Not awaited: activation must not wait for the user to dismiss the notification.
    void vscode.window.showErrorMessage(command.message, 'Open Settings').then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'claimdown.server.path');
      }
    });
    return;
  }

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
    initializationOptions: { rules: ruleSeverities(config) },
    outputChannel: output,
    traceOutputChannel: traceOutput,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    synchronize: {
      // Definitions live in any .cdown file of the workspace, open or not.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.cdown'),
    },
  };

  const created = new LanguageClient('claimdown', 'Claimdown Language Server', serverOptions, clientOptions);
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

/** The server executable: the setting, else `claimdown` from PATH; an Error says what is missing. */
export function resolveServerPath(setting: string): string | Error {
  const configured = setting.trim();
  if (configured !== '') {
    const expanded = expandPath(configured);
    if (isExecutable(expanded)) {
      return expanded;
    }
    return new Error(
      `Claimdown: the language server '${expanded}' (setting claimdown.server.path) does not exist or is not executable.`,
    );
  }
  const found = findOnPath('claimdown');
  if (found) {
    return found;
  }
  return new Error(
    "Claimdown: the language server 'claimdown' was not found on PATH. Install it (cargo install --path . in the claimdown repository) or set claimdown.server.path.",
  );
}

function expandPath(value: string): string {
  let result = value;
  if (result === '~' || result.startsWith('~/')) {
    result = path.join(os.homedir(), result.slice(1));
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder) {
    result = result.replace(/\$\{workspaceFolder\}/g, folder);
  }
  if (!path.isAbsolute(result) && folder && result.includes(path.sep)) {
    result = path.join(folder, result);
  }
  if (!result.includes(path.sep)) {
    return findOnPath(result) ?? result;
  }
  return result;
}

function findOnPath(name: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
  const extensions = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
