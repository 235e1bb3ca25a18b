// Accessibility check of a built site with axe-core in headless Chromium.
//
//   node axe.mjs <output dir> <base path> <page> [<page> …]
//
// Pages are paths under the base path ("" is the dashboard, "projects/", "404.html").
// Every page is checked at a phone width (360 px) and a desktop width (1280 px) against
// WCAG 2.0/2.1 A and AA and axe's best practices. Every violation is printed with its
// rule, impact, element and help; the exit code is 1 if there is any.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { launch, serve } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const WIDTHS = [360, 1280];

const [root, base, ...pages] = process.argv.slice(2);
if (!root || !base || pages.length === 0) {
  console.error('usage: node axe.mjs <output dir> <base path> <page> [<page> …]');
  process.exit(2);
}

const axeSource = await readFile(path.join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');
const server = await serve(path.resolve(root), base);
const browser = await launch();
let violations = 0;
try {
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    for (const p of pages) {
      const url = server.url + p;
      const res = await page.goto(url, { waitUntil: 'load' });
      if (!res || (res.status() !== 200 && !p.startsWith('404'))) {
        console.log(`${p || '/'} @${width}px: HTTP ${res ? res.status() : 'no response'}`);
        violations++;
        continue;
      }
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
        TAGS,
      );
      for (const v of result.violations) {
        for (const node of v.nodes) {
          violations++;
          console.log(`${p || '/'} @${width}px: ${v.id} (${v.impact}) ${node.target.join(' ')}`);
          console.log(`    ${v.help} — ${v.helpUrl}`);
          const summary = (node.failureSummary || '').split('\n').map((l) => l.trim()).filter(Boolean);
          for (const line of summary) console.log(`    ${line}`);
          console.log(`    ${node.html.slice(0, 300)}`);
        }
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`axe-core: ${pages.length} pages × ${WIDTHS.length} widths, ${violations} violations`);
process.exit(violations ? 1 : 0);
