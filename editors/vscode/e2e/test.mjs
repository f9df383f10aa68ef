// End-to-end test of the packaged Claimdown extension in a real VS Code workbench:
// code-server serves it, Debian's Chromium (driven by playwright-core) opens the fixture
// workspace, opens article.cdown, and waits for the language server's diagnostics to show in
// the Problems count and panel. Run through run.sh, which installs what this needs.
//
// Environment: CLAIMDOWN (server binary, absolute), VSIX (packaged extension, absolute),
// CODE_SERVER (code-server's bin script), WORK (scratch folder), CHROMIUM (default /usr/bin/chromium).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../../test-fixtures');
const server = required('CLAIMDOWN');
const vsix = required('VSIX');
const codeServer = required('CODE_SERVER');
const work = required('WORK');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) {
    passed++;
    console.log(`  ok   ${what}`);
  } else {
    failed++;
    console.log(`  FAIL ${what}${detail ? `: ${detail}` : ''}`);
  }
  return ok;
}
function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

/** The number of errors or warnings in the Problems status item's label ("Errors: 1, Warnings: 0",
 * "1 error, 0 warnings", "No Problems", ...). */
function count(label, kind) {
  if (/no problems/i.test(label)) return 0;
  const m = new RegExp(`${kind}s?:\\s*(\\d+)`, 'i').exec(label) || new RegExp(`(\\d+)\\s*${kind}`, 'i').exec(label);
  return m ? Number(m[1]) : 0;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForHttp(url, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

// Fresh folders for everything.
fs.rmSync(work, { recursive: true, force: true });
const userData = path.join(work, 'user-data');
const extensions = path.join(work, 'extensions');
const workspace = path.join(work, 'workspace');
const browserProfile = path.join(work, 'chromium-profile');
for (const dir of [userData, extensions, workspace, browserProfile, path.join(userData, 'User')]) {
  fs.mkdirSync(dir, { recursive: true });
}
for (const name of ['article.cdown', 'actors.cdown']) {
  fs.copyFileSync(path.join(fixtures, name), path.join(workspace, name));
}
// claimdown.server.path is machine-overridable: in code-server (a remote window) such settings
// are read from the machine settings, not the user's.
fs.mkdirSync(path.join(userData, 'Machine'), { recursive: true });
fs.writeFileSync(
  path.join(userData, 'Machine', 'settings.json'),
  JSON.stringify({ 'claimdown.server.path': server }, null, 2),
);
fs.writeFileSync(
  path.join(userData, 'User', 'settings.json'),
  JSON.stringify(
    {
      'workbench.colorTheme': 'Default Dark Modern',
      'claimdown.trace.server': 'messages',
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'security.workspace.trust.enabled': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'extensions.ignoreRecommendations': true,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'chat.disableAIFeatures': true,
      'git.openRepositoryInParentFolders': 'never',
      'git.enabled': false,
    },
    null,
    2,
  ),
);

const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
const install = spawnSync(codeServer, [...common, '--install-extension', vsix], { encoding: 'utf8' });
check(
  install.status === 0 && /claimdown/i.test(install.stdout + install.stderr),
  'code-server installs claimdown.vsix',
  install.stdout + install.stderr,
);

const port = await freePort();
const log = fs.openSync(path.join(work, 'code-server.log'), 'w');
const cs = spawn(
  codeServer,
  [
    ...common,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    workspace,
  ],
  { stdio: ['ignore', log, log], detached: true },
);
let browser;
try {
  check(await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60000), `code-server listens on 127.0.0.1:${port}`);

  browser = await chromium.launchPersistentContext(browserProfile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1400, height: 900 },
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(60000);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
  check(true, 'workbench loads');
  // Let the workbench settle (explorer, extension host).
  await page.waitForSelector('.explorer-folders-view, .explorer-viewlet', { timeout: 60000 }).catch(() => {});

  // Open the article through Quick Open.
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } }).catch(() => {});
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type('article.cdown');
  await page.waitForSelector('.quick-input-list .monaco-list-row', { state: 'visible' });
  await page.keyboard.press('Enter');
  const tab = page.locator('.tabs-container .tab', { hasText: 'article.cdown' });
  check(await tab.waitFor({ timeout: 30000 }).then(() => true, () => false), 'article.cdown opens in an editor');

  // The language mode picked up from the extension.
  const mode = page.locator('#status\\.editor\\.mode');
  const modeText = await mode.textContent({ timeout: 30000 }).catch(() => '');
  check(/Claimdown/.test(modeText ?? ''), 'status bar shows the Claimdown language mode', modeText);

  // TextMate highlighting: actor, source and claim ids get token colours of their own.
  const tokenClass = (pattern) =>
    page
      .locator('.view-line span span')
      .filter({ hasText: pattern })
      .first()
      .getAttribute('class', { timeout: 10000 })
      .catch(() => null);
  const prose = await tokenClass(/^Officials\s+in\s+Tehran\s+rejected\s*$/);
  for (const [id, pattern] of [['@jazayeri', /^@jazayeri$/], ['^fna-remarks', /^\^fna-remarks$/], ['#c-joint', /^#c-joint$/]]) {
    const cls = await tokenClass(pattern);
    if (!check(cls && prose && cls.split(' ')[0] !== prose.split(' ')[0], `${id} is coloured unlike prose`, `${cls} vs ${prose}`)) {
      const html = await page.locator('.view-line', { hasText: 'Officials in Tehran' }).first().innerHTML().catch((e) => String(e));
      console.log(`    line 9 as rendered: ${html}`);
    }
  }

  // Diagnostics from the server in the Problems count (status bar) ...
  const problems = page.locator('#status\\.problems');
  let label = '';
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    label = (await problems.getAttribute('aria-label').catch(() => '')) || (await problems.textContent().catch(() => '')) || '';
    // Wait for the settled count: the server may publish before it has indexed actors.cdown.
    if (count(label, 'error') === 1) break;
    await page.waitForTimeout(500);
  }
  check(count(label, 'error') === 1, 'Problems count shows 1 error', label);

  // ... and the rule name in the Problems panel.
  await page.keyboard.press('Control+Shift+M');
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'nobody' }).first();
  const rowText = await row.textContent({ timeout: 30000 }).catch(() => '');
  check(/undefined-actor/.test(rowText ?? ''), 'Problems panel lists undefined-actor for @nobody', rowText);
  await page.screenshot({ path: path.join(work, 'problems.png') });

  // Hover on @jazayeri (defined in actors.cdown) shows the actor's display name.
  await page.locator('.view-line span span').filter({ hasText: /^@jazayeri$/ }).first().hover();
  const hover = page.locator('.monaco-hover-content', { hasText: 'Massoud Jazayeri' }).first();
  check(await hover.waitFor({ timeout: 20000 }).then(() => true, () => false), 'hover on @jazayeri shows "Massoud Jazayeri"');
  await page.screenshot({ path: path.join(work, 'hover.png') });
  await page.keyboard.press('Escape');

  // The restart command is contributed.
  await page.keyboard.press('Control+Shift+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type('Claimdown: Restart');
  const entry = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Claimdown: Restart server' });
  check(await entry.first().waitFor({ timeout: 15000 }).then(() => true, () => false), 'command palette has "Claimdown: Restart server"');
  await page.keyboard.press('Enter');
  // After a restart the diagnostics come back.
  await page.waitForTimeout(2000);
  const again = await page
    .locator('.markers-panel .monaco-list-row', { hasText: 'nobody' })
    .first()
    .waitFor({ timeout: 30000 })
    .then(() => true, () => false);
  check(again, 'diagnostics are back after "Restart server"');
  await page.screenshot({ path: path.join(work, 'after-restart.png') });

  // Changing claimdown.rules restarts the server with the new severities
  // (initializationOptions.rules): undefined-actor becomes a warning.
  // (Written to the workspace's .vscode/settings.json, as a project would pin its rules.)
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(
    path.join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'claimdown.rules': { 'undefined-actor': 'warning' } }, null, 2),
  );
  let counts = '';
  const rulesDeadline = Date.now() + 45000;
  while (Date.now() < rulesDeadline) {
    counts = (await problems.getAttribute('aria-label').catch(() => '')) || '';
    if (count(counts, 'error') === 0 && count(counts, 'warning') === 1) break;
    await page.waitForTimeout(500);
  }
  check(count(counts, 'error') === 0 && count(counts, 'warning') === 1,
    'claimdown.rules {"undefined-actor": "warning"} turns the error into a warning', counts);
  await page.screenshot({ path: path.join(work, 'rules-warning.png') });

  // A server path that does not exist gives a clear error notification.
  fs.writeFileSync(
    path.join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'claimdown.server.path': '/nonexistent/claimdown' }, null, 2),
  );
  const toast = page.locator('.notifications-toasts', { hasText: "'/nonexistent/claimdown'" }).first();
  const toastText = await toast
    .waitFor({ timeout: 30000 })
    .then(() => toast.textContent(), () => '');
  check(/does not exist or is not executable/.test(toastText ?? ''),
    'a missing server path is reported in a notification', toastText);
  await page.screenshot({ path: path.join(work, 'missing-server.png') });
} catch (error) {
  check(false, 'end-to-end run', String(error && error.stack ? error.stack : error));
} finally {
  await browser?.close().catch(() => {});
  try {
    process.kill(-cs.pid, 'SIGTERM');
  } catch {
    cs.kill('SIGTERM');
  }
}

console.log(`vscode-e2e: ${passed} passed, ${failed} failed (screenshots and code-server.log in ${work})`);
process.exit(failed === 0 ? 0 : 1);
