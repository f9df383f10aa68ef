// End-to-end test of the packaged Claimdown extension in a real VS Code workbench:
// code-server serves it, Debian's Chromium (driven by playwright-core) opens the fixture
// workspace, opens article.cdown, and checks what a person sees: the server found without any
// setting (the binary bundled in the platform .vsix), the colours of actor, source and claim
// ids against prose in the default themes (computed styles, with and without semantic tokens),
// diagnostics in the Problems count, panel and hover (a never-opened file's too, from the workspace pull's
// partial results), "Mark as claim" as a snippet, the preview (it follows typing and the
// cursor, and a click on a claim reveals it), restart, rules, and the missing-server error with
// its Open Settings button. Run through run.sh, which installs what this needs.
//
// Environment: CLAIMDOWN (server binary, absolute; the .vsix bundles a copy of it), VSIX
// (platform-specific package, absolute), CODE_SERVER (code-server's bin script), WORK (scratch
// folder), CHROMIUM (default /usr/bin/chromium).
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

// --- colours -----------------------------------------------------------------------------------
// Two colours count as distinguishable when their CIEDE2000 difference is at least MIN_DELTA_E.
// ΔE00 ≈ 1 is the smallest difference a trained eye notices side by side; 12 is a difference seen
// at a glance in running text. (Before this test, actors in Dark 2026 were ΔE00 5.8 from prose,
// and actors and sources in Dark Modern 9.6 apart.)
const MIN_DELTA_E = 12;

function parseRgb(css) {
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(css ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}
function hex(rgb) {
  return rgb ? '#' + rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('').toUpperCase() : String(rgb);
}
function lab([r, g, b]) {
  const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [R, G, B] = [lin(r), lin(g), lin(b)];
  const x = (0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047;
  const y = 0.2126729 * R + 0.7151522 * G + 0.072175 * B;
  const z = (0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883;
  const f = (t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
/** CIEDE2000 colour difference of two sRGB colours (Sharma, Wu, Dalal 2005). */
function deltaE2000(rgb1, rgb2) {
  const [L1, a1, b1] = lab(rgb1);
  const [L2, a2, b2] = lab(rgb2);
  const rad = Math.PI / 180;
  const Cb = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2;
  const G = 0.5 * (1 - Math.sqrt(Cb ** 7 / (Cb ** 7 + 25 ** 7)));
  const a1p = (1 + G) * a1, a2p = (1 + G) * a2;
  const C1p = Math.hypot(a1p, b1), C2p = Math.hypot(a2p, b2);
  const hue = (b, a) => (a === 0 && b === 0 ? 0 : ((Math.atan2(b, a) / rad) % 360 + 360) % 360);
  const h1p = hue(b1, a1p), h2p = hue(b2, a2p);
  const dLp = L2 - L1, dCp = C2p - C1p;
  let dhp = 0;
  if (C1p * C2p !== 0) {
    dhp = h2p - h1p;
    if (dhp > 180) dhp -= 360;
    else if (dhp < -180) dhp += 360;
  }
  const dHp = 2 * Math.sqrt(C1p * C2p) * Math.sin((dhp / 2) * rad);
  const Lbp = (L1 + L2) / 2, Cbp = (C1p + C2p) / 2;
  let hbp = h1p + h2p;
  if (C1p * C2p !== 0) {
    if (Math.abs(h1p - h2p) <= 180) hbp = (h1p + h2p) / 2;
    else hbp = h1p + h2p < 360 ? (h1p + h2p + 360) / 2 : (h1p + h2p - 360) / 2;
  }
  const T = 1 - 0.17 * Math.cos((hbp - 30) * rad) + 0.24 * Math.cos(2 * hbp * rad)
    + 0.32 * Math.cos((3 * hbp + 6) * rad) - 0.2 * Math.cos((4 * hbp - 63) * rad);
  const dTheta = 30 * Math.exp(-(((hbp - 275) / 25) ** 2));
  const Rc = 2 * Math.sqrt(Cbp ** 7 / (Cbp ** 7 + 25 ** 7));
  const Sl = 1 + (0.015 * (Lbp - 50) ** 2) / Math.sqrt(20 + (Lbp - 50) ** 2);
  const Sc = 1 + 0.045 * Cbp, Sh = 1 + 0.015 * Cbp * T;
  const Rt = -Math.sin(2 * dTheta * rad) * Rc;
  return Math.sqrt((dLp / Sl) ** 2 + (dCp / Sc) ** 2 + (dHp / Sh) ** 2 + Rt * (dCp / Sc) * (dHp / Sh));
}
// Self-check: black/white is 100; Dark 2026's old actor colour against its prose, 5.836 (the same
// formula in Python, checked against Sharma's test data, gives 5.8359).
if (Math.abs(deltaE2000([0, 0, 0], [255, 255, 255]) - 100) > 0.01
  || Math.abs(deltaE2000([0xc9, 0xd1, 0xd9], [0xbb, 0xbe, 0xbf]) - 5.8359) > 0.001) {
  console.error('deltaE2000 self-check failed');
  process.exit(2);
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
// A file never opened: its error reaches the Problems panel through the workspace pull, whose
// reports VS Code takes as partial results.
fs.writeFileSync(path.join(workspace, 'closed.cdown'), 'Never opened: [a claim]{#c-closed @ghost}.\n');
// No claimdown.server.path anywhere: the server must be found without setup (bundled).
const THEMES = [
  // [settings id, kind]: the defaults of this VS Code (Dark 2026, Light 2026) and the previous ones.
  ['Dark 2026', 'dark'],
  ['Light 2026', 'light'],
  ['Dark Modern', 'dark'],
  ['Light Modern', 'light'],
];
fs.writeFileSync(
  path.join(userData, 'User', 'settings.json'),
  JSON.stringify(
    {
      'workbench.colorTheme': THEMES[0][0],
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
// An external write to the user settings file is not noticed by code-server's workbench (waited
// 45 s), so settings changed during the test go to the workspace's .vscode/settings.json.
function workspaceSettings(settings) {
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
}

// code-server must not find a claimdown on PATH either: the bundled one has to be used.
const isExe = (file) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};
const cleanPath = (process.env.PATH ?? '').split(':').filter((dir) => dir && !isExe(path.join(dir, 'claimdown'))).join(':');
const env = { ...process.env, PATH: cleanPath };

const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
const install = spawnSync(codeServer, [...common, '--install-extension', vsix], { encoding: 'utf8', env });
check(
  install.status === 0 && /claimdown/i.test(install.stdout + install.stderr),
  `code-server installs ${path.basename(vsix)}`,
  install.stdout + install.stderr,
);
const installedDir = fs.readdirSync(extensions).find((name) => name.startsWith('claimdown.claimdown-'));
const bundled = installedDir ? path.join(extensions, installedDir, 'server', 'claimdown') : '';
check(Boolean(installedDir) && isExe(bundled), 'the installed extension has an executable server/claimdown', installedDir);

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
  { stdio: ['ignore', log, log], detached: true, env },
);

/** The extension's log ("Claimdown Language Server" output channel) as code-server wrote it. */
function extensionLog() {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'Claimdown Language Server.log') found.push(full);
    }
  };
  try {
    walk(path.join(userData, 'logs'));
  } catch {
    return '';
  }
  return found.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
}

/** Computed colours of the rendered tokens of article.cdown: prose ("Officials in Tehran rejected"),
 * @jazayeri, ^fna-remarks, #c-joint and @nobody, and the workbench's theme kind. (Monaco renders
 * spaces as U+00A0: the needles are single words; "Jazayeri" in prose is capitalised.) */
async function tokenColours(page) {
  return page.evaluate(() => {
    // All rendered token spans of the editor (a long line wraps into several .view-line rows).
    const spans = [...document.querySelectorAll('.monaco-editor .view-lines .view-line span span')];
    const colourOf = (text) => {
      const span = spans.find((s) => s.textContent.includes(text));
      return span ? getComputedStyle(span).color : null;
    };
    const wb = document.querySelector('.monaco-workbench');
    return {
      kind: wb?.classList.contains('vs-dark') ? 'dark' : wb?.classList.contains('vs') ? 'light' : 'other',
      background: getComputedStyle(document.querySelector('.monaco-editor .monaco-editor-background') ?? document.body).backgroundColor,
      prose: colourOf('Officials'),
      actor: colourOf('jazayeri'),
      source: colourOf('fna-remarks'),
      claim: colourOf('c-joint'),
      unresolved: colourOf('nobody'),
    };
  });
}

/** Sets the theme (and semantic highlighting) and waits until the editor shows it: the theme kind
 * matches, @nobody differs from @jazayeri exactly when semantic tokens are applied (an unresolved
 * reference is an actor to the TextMate grammar), and two reads 700 ms apart agree. */
async function coloursIn(page, theme, kind, semantic) {
  workspaceSettings({ 'workbench.colorTheme': theme, 'editor.semanticHighlighting.enabled': semantic });
  const deadline = Date.now() + 25000;
  let previous = null;
  let colours = null;
  while (Date.now() < deadline) {
    colours = await tokenColours(page);
    const applied = colours.actor && colours.unresolved && (colours.actor !== colours.unresolved) === semantic;
    if (colours.kind === kind && applied && JSON.stringify(colours) === JSON.stringify(previous)) {
      return colours;
    }
    previous = colours;
    await page.waitForTimeout(700);
  }
  return { ...colours, timedOut: true };
}

/** Hovers the first token whose text matches `token` until a hover containing `text` shows (a
 * hover can be hidden by a re-render under the mouse: up to 3 tries); its text, or ''. */
async function hoverShows(page, token, text) {
  const hover = page.locator('.monaco-hover-content', { hasText: text }).first();
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.mouse.move(5, 5);
    await page.locator('.view-line span span').filter({ hasText: token }).first().hover();
    if (await hover.waitFor({ timeout: 8000 }).then(() => true, () => false)) {
      return (await hover.textContent()) ?? '';
    }
  }
  return '';
}

/** Runs `title` from the command palette (typing `typed`); whether the palette listed it. */
async function runCommand(page, typed, title) {
  await page.keyboard.press('Control+Shift+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(typed);
  const entry = page.locator('.quick-input-list .monaco-list-row', { hasText: title });
  const listed = await entry.first().waitFor({ timeout: 15000 }).then(() => true, () => false);
  await page.keyboard.press('Enter');
  return listed;
}

/** Moves the editor's cursor with Go to Line (`where`: "line:column"). */
async function goToLine(page, where) {
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(where);
  await page.keyboard.press('Enter');
}

/** The status bar's cursor position ("Ln 9, Col 25"), polled for up to `ms` until it matches
 * `pattern`; the last text read either way. */
async function cursorAt(page, pattern, ms) {
  const selection = page.locator('#status\\.editor\\.selection');
  let where = '';
  for (const until = Date.now() + ms; Date.now() < until && !pattern.test(where); await page.waitForTimeout(250)) {
    where = (await selection.textContent().catch(() => '')) ?? '';
  }
  return where;
}

/** The webview frame whose page shows `text`, polled for up to `ms`; null if none does. */
async function previewFrame(page, text, ms) {
  for (const until = Date.now() + ms; ; await page.waitForTimeout(250)) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      // The article's page: its <main> holds the article (the workbench's own text, the
      // editor's included, is in other frames).
      const body = await frame.evaluate(() => document.querySelector('main article')?.innerText ?? '').catch(() => '');
      if (body.includes(text)) return frame;
    }
    if (Date.now() >= until) return null;
  }
}

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

  // Diagnostics from the server in the Problems count (status bar) ...
  const problems = page.locator('#status\\.problems');
  let label = '';
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    label = (await problems.getAttribute('aria-label').catch(() => '')) || (await problems.textContent().catch(() => '')) || '';
    // Wait for the settled count: the server may publish before it has indexed actors.cdown.
    if (count(label, 'error') === 2) break;
    await page.waitForTimeout(500);
  }
  check(count(label, 'error') === 2, "Problems count shows 2 errors (the article's and the closed file's)", label);

  // ... from the server bundled in the .vsix, found with no setting and nothing on PATH.
  // (The output channel reaches its log file a little later: poll.)
  let started = null;
  for (const logDeadline = Date.now() + 15000; !started && Date.now() < logDeadline; await page.waitForTimeout(250)) {
    started = /Server: (.*) \(from ([^)]*)\)/.exec(extensionLog());
  }
  check(started && started[1] === bundled && started[2] === 'the extension',
    'the server bundled in the extension was started (no setting, not on PATH)', started ? started[0] : 'no "Server:" line in the log');

  // Colours as a person sees them: the computed colour of the rendered spans, in each theme, with
  // the server's semantic tokens and with the TextMate grammar alone.
  const report = [];
  for (const semantic of [true, false]) {
    for (const [theme, kind] of THEMES) {
      const c = await coloursIn(page, theme, kind, semantic);
      const what = `${theme}, ${semantic ? 'semantic tokens' : 'TextMate only'}`;
      const roles = ['prose', 'actor', 'source', 'claim'];
      const rgb = Object.fromEntries(roles.map((role) => [role, parseRgb(c[role])]));
      report.push(`    ${what}: background ${hex(parseRgb(c.background))}; ` +
        roles.map((role) => `${role} ${hex(rgb[role])}`).join(', ') + `, @nobody ${hex(parseRgb(c.unresolved))}`);
      if (!check(!c.timedOut && roles.every((role) => rgb[role]), `${what}: theme applied and tokens rendered`, JSON.stringify(c))) {
        await page.screenshot({ path: path.join(work, `colours-${theme.replace(/\W+/g, '-')}-${semantic ? 'semantic' : 'textmate'}.png`) });
        continue;
      }
      const pairs = [];
      for (let i = 0; i < roles.length; i++) {
        for (let j = i + 1; j < roles.length; j++) {
          pairs.push([roles[i], roles[j], deltaE2000(rgb[roles[i]], rgb[roles[j]])]);
        }
      }
      const close = pairs.filter(([, , d]) => d < MIN_DELTA_E);
      check(close.length === 0, `${what}: prose, actor, source and claim id pairwise ΔE00 ≥ ${MIN_DELTA_E} (min ${Math.min(...pairs.map(([, , d]) => d)).toFixed(1)})`,
        close.map(([a, b, d]) => `${a}/${b} ${d.toFixed(1)}`).join(', '));
      await page.screenshot({ path: path.join(work, `colours-${theme.replace(/\W+/g, '-')}-${semantic ? 'semantic' : 'textmate'}.png`) });
    }
  }
  console.log('  colours measured (getComputedStyle):');
  console.log(report.join('\n'));
  // Back to the user's theme with semantic tokens, settled, before the settings file is emptied
  // (a re-render under the mouse would hide the hovers below).
  await coloursIn(page, THEMES[0][0], THEMES[0][1], true);
  workspaceSettings({});

  // ... and the rule name in the Problems panel; the message is plain text (no `code` quoting).
  await page.keyboard.press('Control+Shift+M');
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'nobody' }).first();
  const rowText = await row.textContent({ timeout: 30000 }).catch(() => '');
  check(/undefined-actor/.test(rowText ?? ''), 'Problems panel lists undefined-actor for @nobody', rowText);
  check(Boolean(rowText) && !rowText.includes('`'), 'the Problems panel message has no backtick', rowText);
  // The closed file's error is listed too, under its file, from the workspace pull.
  const closedRow = page.locator('.markers-panel .monaco-list-row', { hasText: 'ghost' }).first();
  const closedText = await closedRow.textContent({ timeout: 30000 }).catch(() => '');
  check(/undefined-actor/.test(closedText ?? ''), 'Problems panel lists the never-opened closed.cdown (@ghost)', closedText);
  await page.screenshot({ path: path.join(work, 'problems.png') });

  // Hover on @jazayeri (defined in actors.cdown) shows the actor's display name.
  check(await hoverShows(page, /jazayeri/, 'Massoud Jazayeri'), 'hover on @jazayeri shows "Massoud Jazayeri"');
  await page.screenshot({ path: path.join(work, 'hover.png') });
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');

  // Hover on @nobody shows the diagnostic, in plain text.
  const diagText = await hoverShows(page, /nobody/, 'not defined');
  check(/nobody/.test(diagText || '') && !diagText.includes('`'), 'hover on @nobody shows the diagnostic without backticks', diagText);
  await page.screenshot({ path: path.join(work, 'hover-diagnostic.png') });
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');

  // "Mark as claim" on a word, from the Refactor menu: a snippet edit (VS Code declares LSP
  // 3.18's snippetEditSupport) that leaves the cursor after the new id, for the attribution.
  // Select "Officials", the first word of line 9, from the keyboard.
  await page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
  await goToLine(page, '9:1');
  await page.keyboard.press('Control+Shift+ArrowRight');
  await page.keyboard.press('Control+Shift+R');
  const mark = page.locator('.action-widget .action-list-item, .context-view .monaco-list-row', { hasText: 'Mark as claim' }).first();
  const offered = await mark.waitFor({ timeout: 15000 }).then(() => true, () => false);
  check(offered, 'the Refactor menu offers "Mark as claim" on a selected word');
  if (offered) {
    await mark.click();
    const marked = await page.locator('.editor-group-container .view-line', { hasText: 'Officials]{#c-officials}' }).first()
      .waitFor({ timeout: 15000 }).then(() => true, () => false);
    await page.screenshot({ path: path.join(work, 'mark-as-claim.png') });
    check(marked, '"Mark as claim" wraps the word as [Officials]{#c-officials}',
      await page.locator('.editor-group-container .view-line', { hasText: 'Tehran' }).first().textContent().catch(() => ''));
    const at = await cursorAt(page, /Ln 9, Col 25\b/, 10000);
    check(/Ln 9, Col 25\b/.test(at), 'the snippet leaves the cursor after the new id', at);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+S');
  }

  // The preview: "Claimdown: Open Preview to the Side" shows the article's page in a webview
  // beside the editor, follows typing and the cursor, and a click on a claim reveals it.
  check(await runCommand(page, 'Claimdown: Open Preview', 'Claimdown: Open Preview to the Side'),
    'command palette has "Claimdown: Open Preview to the Side"');
  const preview = await previewFrame(page, 'Officials in Tehran rejected', 30000);
  check(Boolean(preview), 'the preview shows the article as a page', preview ? '' : 'no webview frame with the article');
  if (preview) {
    const cards = await preview.locator('mark.claim .card').count().catch(() => 0);
    check(cards >= 3, 'the preview has the claims with their cards', `${cards} cards`);
    // Typing in the editor updates the preview (the focus goes back to the editor first: the
    // Problems panel had it).
    await page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n\nA paragraph typed just now.');
    const updated = await previewFrame(page, 'A paragraph typed just now.', 20000);
    check(Boolean(updated), 'the preview follows typing in the editor');
    // The cursor on #c-never (line 11) scrolls the preview to its claim.
    await goToLine(page, '11:30');
    let current = '';
    for (const until = Date.now() + 15000; Date.now() < until && current !== 'c1'; await page.waitForTimeout(250)) {
      const frame = await previewFrame(page, 'A paragraph typed just now.', 1000);
      current = (await frame?.evaluate(() => document.body.dataset.current ?? '').catch(() => '')) ?? '';
    }
    check(current === 'c1', 'the preview follows the cursor to the claim under it', `current: ${current}`);
    // A click on #r-untrue in the preview puts the editor's cursor at its start (line 13, column 37).
    // (Up to three clicks, each on the frame found anew: a render may replace the page under the
    // pointer, and a slow machine may have the claim still scrolling.)
    let where = '';
    for (let attempt = 0; attempt < 3 && !/Ln 13, Col 37\b/.test(where); attempt++) {
      const frame = await previewFrame(page, 'A paragraph typed just now.', 5000);
      const claim = frame?.locator('#c2');
      await claim?.scrollIntoViewIfNeeded().catch(() => {});
      await claim?.click().catch((error) => console.log(`    (click: ${String(error).split('\n')[0]})`));
      where = await cursorAt(page, /Ln 13, Col 37\b/, 5000);
    }
    check(/Ln 13, Col 37\b/.test(where), 'a click on a claim in the preview reveals it in the editor', where);
    await page.screenshot({ path: path.join(work, 'preview.png') });
    // Back to the text as it was, and the preview closed.
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+S');
  }

  // The restart command is contributed.
  const starts = () => (extensionLog().match(/\] Started .* lsp$/gm) ?? []).length;
  const startsBefore = starts();
  check(await runCommand(page, 'Claimdown: Restart', 'Claimdown: Restart server'), 'command palette has "Claimdown: Restart server"');
  // After a restart the diagnostics come back.
  await page.waitForTimeout(2000);
  const again = await page
    .locator('.markers-panel .monaco-list-row', { hasText: 'nobody' })
    .first()
    .waitFor({ timeout: 30000 })
    .then(() => true, () => false);
  const restartDeadline = Date.now() + 30000;
  while (starts() <= startsBefore && Date.now() < restartDeadline) await page.waitForTimeout(250);
  check(starts() > startsBefore, '"Restart server" starts the server again (extension log)', `${startsBefore} → ${starts()} starts`);
  check(again, 'diagnostics are back after "Restart server"');
  await page.screenshot({ path: path.join(work, 'after-restart.png') });

  // Changing claimdown.rules restarts the server with the new severities
  // (initializationOptions.rules): undefined-actor becomes a warning.
  // (Written to the workspace's .vscode/settings.json, as a project would pin its rules.)
  workspaceSettings({ 'claimdown.rules': { 'undefined-actor': 'warning' } });
  let counts = '';
  const rulesDeadline = Date.now() + 45000;
  while (Date.now() < rulesDeadline) {
    counts = (await problems.getAttribute('aria-label').catch(() => '')) || '';
    if (count(counts, 'error') === 0 && count(counts, 'warning') === 2) break;
    await page.waitForTimeout(500);
  }
  check(count(counts, 'error') === 0 && count(counts, 'warning') === 2,
    'claimdown.rules {"undefined-actor": "warning"} turns the errors into warnings, the closed file\'s too', counts);
  await page.screenshot({ path: path.join(work, 'rules-warning.png') });

  // A server path that does not exist gives a clear error notification ...
  workspaceSettings({ 'claimdown.server.path': '/nonexistent/claimdown' });
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: "'/nonexistent/claimdown'" }).first();
  const toastText = await toast
    .waitFor({ timeout: 30000 })
    .then(() => toast.textContent(), () => '');
  check(/does not exist or is not executable/.test(toastText ?? ''),
    'a missing server path is reported in a notification', toastText);
  await page.screenshot({ path: path.join(work, 'missing-server.png') });

  // ... whose Open Settings button shows the setting (not "No Settings Found").
  await toast.locator('.monaco-button', { hasText: 'Open Settings' }).click({ timeout: toastText ? 10000 : 1000 }).catch(() => {});
  const settingItem = page.locator('.settings-editor .setting-item-contents', { hasText: 'Server: Path' }).first();
  const shown = await settingItem.waitFor({ timeout: 20000 }).then(() => true, () => false);
  const noneFound = await page.locator('.settings-editor .no-results-message').isVisible().catch(() => false);
  const settingText = shown ? await settingItem.textContent() : await page.locator('.settings-editor').textContent().catch(() => '');
  check(shown && !noneFound, '"Open Settings" shows the claimdown.server.path setting', settingText?.slice(0, 300));
  await page.screenshot({ path: path.join(work, 'open-settings.png') });
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
