// The history table of a project page on a phone, in headless Chromium.
//
//   node cards.mjs <output dir> <base path> <project page>
//
// At 360 px the rows of the monthly history become cards, and every cell shows the
// label of its column before its value (from the table's --l1 … --l7 and style.css):
// each label must equal the column's header. At 1280 px the table is a table and the
// cells show no label.
import path from 'node:path';
import { launch, serve, check } from './lib.mjs';

const [root, base, pagePath] = process.argv.slice(2);
if (!root || !base || !pagePath) {
  console.error('usage: node cards.mjs <output dir> <base path> <project page>');
  process.exit(2);
}

const server = await serve(path.resolve(root), base);
const browser = await launch();
try {
  for (const width of [360, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(server.url + pagePath, { waitUntil: 'load' });
    const seen = await page.evaluate(() => {
      const table = document.querySelector('table.history');
      if (!table) return null;
      const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
      const cells = [...table.querySelector('tbody tr').querySelectorAll('td')];
      return {
        heads,
        labels: cells.map((td) => getComputedStyle(td, '::before').content),
        display: getComputedStyle(table.querySelector('tbody tr')).display,
      };
    });
    check(seen, `${pagePath}: no history table`);
    if (width === 360) {
      check(seen.display === 'block', `@360px: history rows are not cards (display ${seen.display})`);
      // Cell k (after the month's <th>) belongs to header k + 1.
      seen.labels.forEach((content, k) => {
        const want = `"${seen.heads[k + 1]}："`;
        check(content === want, `@360px: cell ${k + 1} shows ${content}, not ${want}`);
      });
      console.log(`ok - @360px: ${seen.labels.length} cells labelled ${seen.heads.slice(1).join(', ')}`);
    } else {
      check(seen.labels.every((c) => c === 'none'), `@1280px: cells show labels: ${seen.labels.join(' ')}`);
      console.log('ok - @1280px: a plain table, no labels in the cells');
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
