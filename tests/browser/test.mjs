// The HTML export in a real browser: headless Chromium driven by playwright-core.
// For each example article: no request leaves the page, a hovered claim shows its card with
// the actor's name and the source's title, keyboard focus opens a card too, and a rebuttal
// link scrolls to the claim it rebuts; axe-core finds no serious or critical accessibility
// violation on any page of the site, light or dark. Usage: node test.mjs (run.sh installs and
// runs it).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const root = resolve(import.meta.dirname, "../..");
const claimdown = process.env.CLAIMDOWN ?? join(root, "target/debug/claimdown");
const browserPath = process.env.CLAIMDOWN_CHROMIUM ?? "/usr/bin/chromium";

const site = mkdtempSync(join(tmpdir(), "claimdown-site-"));
execFileSync(claimdown, ["export", "--format", "html", "examples/", "-o", site], { cwd: root, stdio: "inherit" });
const pages = readdirSync(join(site, "articles")).filter((name) => name.endsWith(".html"));
assert.ok(pages.includes("iran-strikes.html"), `pages: ${pages}`);

// What each example must show: a claim, its card's actor and source, and a rebuttal link.
const expected = {
  "iran-strikes.html": { claim: "#c1", actor: "Massoud Jazayeri", source: "Remarks of Gen. Jazayeri to FNA", rebuts: "#c0" },
};

// axe-core, evaluated in the page through the DevTools protocol: a <script> tag would be
// (rightly) refused by the page's Content-Security-Policy.
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
async function accessibility(page, what) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const described = serious.map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  assert.deepEqual(described, [], `${what}: accessibility violations`);
}

const browser = await chromium.launch({ executablePath: browserPath, args: ["--no-sandbox"] });
let failures = 0;
for (const name of pages) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 500 } });
  const url = pathToFileURL(join(site, "articles", name)).href;
  const requests = [];
  page.on("request", (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  try {
    await page.goto(url);
    const claims = page.locator("mark.claim, blockquote.claim, div.claim");
    const n = await claims.count();
    if (name !== "actors.html") assert.ok(n > 0, "no claim on the page");
    const want = expected[name];
    // The claim to hover: the expected one, else the first whose card names an actor.
    const selector = want?.claim ?? (await page.evaluate(() => {
      const claim = [...document.querySelectorAll(".claim")].find((el) => el.querySelector(":scope > .card .actor"));
      return claim ? `#${claim.id}` : null;
    }));
    if (selector) {
      const claim = page.locator(selector);
      const card = claim.locator(":scope > .card");
      assert.equal(await card.isVisible(), false, "a card shows before any hover");
      await claim.hover();
      assert.equal(await card.isVisible(), true, "hovering shows no card");
      const actor = (await card.locator(".actor .name").first().innerText()).trim();
      assert.ok(actor.length > 0, "the card names no actor");
      if (want) {
        assert.equal(actor, want.actor);
        assert.equal((await card.locator(".source .title").first().innerText()).trim(), want.source);
      }
      await page.mouse.move(0, 0);
      assert.equal(await card.isVisible(), false, "the card stays after the pointer left");
      // Keyboard: every claim is in the tab order and focus opens its card.
      await claim.focus();
      assert.equal(await card.isVisible(), true, "focus shows no card");
      if (want?.rebuts) {
        await card.locator(`a[href="${want.rebuts}"]`).click();
        assert.equal(new URL(page.url()).hash, want.rebuts);
        const inView = await page.locator(want.rebuts).evaluate((el) => {
          const box = el.getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight;
        });
        assert.ok(inView, `${want.rebuts} is not scrolled into view`);
      }
    }
    assert.deepEqual(requests, [], "the page made requests");
    for (const colorScheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme });
      await accessibility(page, `${name}, ${colorScheme}`);
      await page.screenshot({ path: join(site, `${name}.${colorScheme}.png`) });
    }
    console.log(`ok ${name}`);
  } catch (err) {
    failures += 1;
    console.log(`FAILED ${name}: ${err.message}`);
  }
  await page.close();
}
// The site's other pages: its index, and each actor's and source's page.
const others = ["index.html"];
for (const folder of ["actors", "sources"]) {
  for (const file of readdirSync(join(site, folder)).filter((n) => n.endsWith(".html"))) others.push(join(folder, file));
}
for (const name of others) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 500 } });
  try {
    await page.goto(pathToFileURL(join(site, name)).href);
    for (const colorScheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme });
      await accessibility(page, `${name}, ${colorScheme}`);
    }
    console.log(`ok ${name}`);
  } catch (err) {
    failures += 1;
    console.log(`FAILED ${name}: ${err.message}`);
  }
  await page.close();
}
await browser.close();
console.log(`site and screenshots in ${site}`);
process.exit(failures ? 1 : 0);
