// "Claimdown: Open Preview to the Side": the article's HTML page (the server's
// `claimdown/render`, for the text as it is in the editor) in a webview that follows edits
// (debounced) and the cursor, and reveals in the editor a claim clicked on in the preview.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const OPEN_PREVIEW = 'claimdown.openPreviewToSide';
const DEBOUNCE_MS = 300;

interface Position {
  line: number;
  character: number;
}
interface Rendered {
  html: string;
  claims: { anchor: string; range: { start: Position; end: Position } }[];
}

/** Registers the command; `client` gives the running language client, if any. */
export function registerPreview(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const previews = new Map<string, Preview>();
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_PREVIEW, async (uri?: vscode.Uri) => {
      const editor = vscode.window.activeTextEditor;
      const document = uri
        ? await vscode.workspace.openTextDocument(uri)
        : editor?.document.languageId === 'claimdown' ? editor.document : undefined;
      if (!document) {
        void vscode.window.showInformationMessage('Claimdown: open a .cdown file to preview it.');
        return;
      }
      const key = document.uri.toString();
      const open = previews.get(key);
      if (open) {
        open.panel.reveal(vscode.ViewColumn.Beside, true);
        return;
      }
      const preview = new Preview(document, client, editor?.viewColumn ?? vscode.ViewColumn.One);
      previews.set(key, preview);
      preview.panel.onDidDispose(() => previews.delete(key));
    }),
  );
}

class Preview {
  readonly panel: vscode.WebviewPanel;
  private claims: Rendered['claims'] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Counts the renders asked for: an answer to an older one that comes after a newer one
   * is dropped, or the preview would go back to an earlier text. */
  private asked = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly document: vscode.TextDocument,
    private readonly client: () => LanguageClient | undefined,
    private readonly editorColumn: vscode.ViewColumn,
  ) {
    const name = document.uri.path.split('/').pop() ?? 'article';
    this.panel = vscode.window.createWebviewPanel(
      'claimdown.preview',
      `Preview ${name}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      // The page loads nothing: no local resource is needed.
      { enableScripts: true, localResourceRoots: [] },
    );
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        // (A change of the dirty flag alone comes with no content change.)
        if (event.document === this.document && event.contentChanges.length > 0) this.schedule();
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor.document === this.document) this.follow(event.selections[0].active);
      }),
      this.panel.webview.onDidReceiveMessage((message) => this.received(message)),
      this.panel.onDidDispose(() => this.dispose()),
    );
    void this.render();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.render(), DEBOUNCE_MS);
  }

  private async render(): Promise<void> {
    const running = this.client();
    if (!running) {
      this.panel.webview.html = message('The Claimdown language server is not running.');
      return;
    }
    const ask = ++this.asked;
    try {
      const rendered = await running.sendRequest<Rendered | null>('claimdown/render', {
        textDocument: { uri: this.document.uri.toString() },
      });
      if (ask !== this.asked) return;
      if (!rendered) {
        this.panel.webview.html = message('The language server does not know this file.');
        return;
      }
      this.claims = rendered.claims;
      this.panel.webview.html = withScript(rendered.html);
    } catch (error) {
      this.panel.webview.html = message(`The preview could not be made: ${String(error)}`);
    }
  }

  /** Scrolls the preview to the innermost claim under the cursor. */
  private follow(position: vscode.Position): void {
    let best: { anchor: string; size: number } | undefined;
    for (const claim of this.claims) {
      const range = toRange(claim.range);
      if (!range.contains(position)) continue;
      const size = this.document.offsetAt(range.end) - this.document.offsetAt(range.start);
      if (!best || size <= best.size) best = { anchor: claim.anchor, size };
    }
    if (best) void this.panel.webview.postMessage({ type: 'scrollTo', anchor: best.anchor });
  }

  private received(message: { type?: string; anchor?: string }): void {
    if (message.type === 'ready') {
      const editor = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
      if (editor) this.follow(editor.selection.active);
    } else if (message.type === 'reveal') {
      const claim = this.claims.find((c) => c.anchor === message.anchor);
      if (!claim) return;
      const range = toRange(claim.range);
      void vscode.window.showTextDocument(this.document, {
        viewColumn: this.editorColumn,
        selection: new vscode.Range(range.start, range.start),
      });
    }
  }

  private dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

function toRange(range: { start: Position; end: Position }): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** The page with the preview's script, allowed by a nonce added to the page's own
 * Content-Security-Policy (which allows no script at all). */
function withScript(html: string): string {
  const nonce = crypto.randomBytes(16).toString('base64');
  const csp = /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/;
  const page = html.replace(csp, (_, open, policy, close) => `${open}${policy}; script-src 'nonce-${nonce}'${close}`);
  return page.replace('</body>', `<script nonce="${nonce}">${SCRIPT}</script></body>`);
}

// Runs in the webview: a click on a claim (not on a link in its card) asks the editor to
// reveal it; the editor's cursor scrolls the preview to its claim, outlined.
const SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const claim = event.target.closest('.claim');
  if (claim && !event.target.closest('a')) vscode.postMessage({ type: 'reveal', anchor: claim.id });
});
let current;
window.addEventListener('message', (event) => {
  if (event.data.type !== 'scrollTo') return;
  const el = document.getElementById(event.data.anchor);
  if (!el) return;
  if (current) current.style.outline = '';
  current = el;
  el.style.outline = '2px solid currentColor';
  el.scrollIntoView({ block: 'center' });
  document.body.dataset.current = el.id;
});
vscode.postMessage({ type: 'ready' });
`;

function message(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>${escaped}</p></body></html>`;
}
