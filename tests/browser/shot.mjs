// Screenshot of the lobby display of a built site, for looking at it by eye.
// Usage: node shot.mjs <output dir> <base path> <width> <height> <out.png> [query] [slide]
import { launch, serve } from './lib.mjs';

const [, , root, base, w, h, out, query = '', steps = '0'] = process.argv;
const site = await serve(root, base);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: +w, height: +h } });
page.on('pageerror', (e) => console.error('page error:', e.message));
await page.goto(`${site.url}display/${query}`);
await page.waitForFunction(() => window.guatuDisplay);
for (let i = 0; i < +steps; i++) await page.keyboard.press('ArrowRight');
await page.waitForTimeout(300);
console.log(JSON.stringify(await page.evaluate(() => window.guatuDisplay.state())));
await page.screenshot({ path: out });
await browser.close();
await site.close();
