// Where the language server binary comes from. Pure: the file system, PATH, the platform and
// the folders are passed in, so the order can be unit-tested (test/unit/resolve.test.ts).
import * as path from 'node:path';

export interface ResolveEnv {
  /** The `claimdown.server.path` setting, as written. */
  setting: string;
  /** The extension's folder (`context.extensionPath`); the bundled server is `server/claimdown`. */
  extensionPath: string;
  /** `process.env.PATH`. */
  pathVariable: string;
  /** `process.env.PATHEXT` (Windows only). */
  pathExt?: string;
  platform: NodeJS.Platform;
  homedir: string;
  /** The first workspace folder, for `${workspaceFolder}` and relative paths. */
  workspaceFolder?: string;
  /** True when `file` is a regular file this process may execute. */
  isExecutable(file: string): boolean;
}

export type ServerSource = 'setting' | 'bundled' | 'PATH';

export interface ResolvedServer {
  command: string;
  source: ServerSource;
}

/** The bundled server inside a platform-specific .vsix: `server/claimdown` (`.exe` on Windows). */
export function bundledServerPath(extensionPath: string, platform: NodeJS.Platform): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  return p.join(extensionPath, 'server', platform === 'win32' ? 'claimdown.exe' : 'claimdown');
}

/**
 * The server executable, in this order: the `claimdown.server.path` setting, the binary bundled
 * in the extension, `claimdown` on PATH. A non-empty setting that names nothing executable is an
 * error (it is not silently replaced by another binary). The Error says what is missing.
 */
export function resolveServer(env: ResolveEnv): ResolvedServer | Error {
  const configured = env.setting.trim();
  if (configured !== '') {
    const expanded = expandPath(configured, env);
    if (env.isExecutable(expanded)) {
      return { command: expanded, source: 'setting' };
    }
    return new Error(
      `Claimdown: the language server '${expanded}' (setting claimdown.server.path) does not exist or is not executable.`,
    );
  }
  const bundled = bundledServerPath(env.extensionPath, env.platform);
  if (env.isExecutable(bundled)) {
    return { command: bundled, source: 'bundled' };
  }
  const found = findOnPath('claimdown', env);
  if (found) {
    return { command: found, source: 'PATH' };
  }
  return new Error(
    "Claimdown: the language server 'claimdown' was not found: this extension has no bundled server for this platform and 'claimdown' is not on PATH. Install it (cargo install --path . in the claimdown repository) or set claimdown.server.path.",
  );
}

/** `~`, `${workspaceFolder}`, relative paths (against the workspace folder) and bare names (on PATH). */
export function expandPath(value: string, env: ResolveEnv): string {
  const p = env.platform === 'win32' ? path.win32 : path.posix;
  let result = value;
  if (result === '~' || result.startsWith('~/') || result.startsWith('~\\')) {
    result = p.join(env.homedir, result.slice(1));
  }
  const folder = env.workspaceFolder;
  if (folder) {
    result = result.replace(/\$\{workspaceFolder\}/g, folder);
  }
  const hasSeparator = result.includes('/') || (env.platform === 'win32' && result.includes('\\'));
  if (!p.isAbsolute(result) && folder && hasSeparator) {
    result = p.join(folder, result);
  }
  if (!hasSeparator) {
    return findOnPath(result, env) ?? result;
  }
  return result;
}

export function findOnPath(name: string, env: ResolveEnv): string | undefined {
  const p = env.platform === 'win32' ? path.win32 : path.posix;
  const delimiter = env.platform === 'win32' ? ';' : ':';
  const dirs = env.pathVariable.split(delimiter).filter((dir) => dir !== '');
  const extensions = env.platform === 'win32' ? ['', ...(env.pathExt || '.EXE').split(';')] : [''];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = p.join(dir, name + ext);
      if (env.isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}
