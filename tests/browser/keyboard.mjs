// Keyboard use of the all-projects page, in headless Chromium.
//
//   node keyboard.mjs <output dir> <base path> [<page>]   (page defaults to "projects/")
//
// With the keyboard only: the first Tab lands on the skip link, which is shown and
// leads to the main content; Tab then reaches every filter control and the sort
// buttons, each with a visible focus outline; choosing a district with the arrow keys
// filters the table; typing in the search box filters by name; Enter and Space on a
// sort button sort the table up and down and set aria-sort on its header.
import path from 'node:path';
import { launch, serve, check } from './lib.mjs';

const [root, base, pagePath = 'projects/'] = process.argv.slice(2);
if (!root || !base) {
  console.error('usage: node keyboard.mjs <output dir> <base path> [<page>]');
  process.exit(2);
}

const server = await serve(path.resolve(root), base);
const browser = await launch();
const steps = [];
const step = (s) => { steps.push(s); console.log(`ok - ${s}`); };
try {
  for (const width of [1280, 360]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url + pagePath, { waitUntil: 'load' });

    // What has focus: a short description, whether it shows an outline, where it is.
    const focused = () => page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { desc: 'body' };
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      let desc = el.tagName.toLowerCase();
      if (el.id) desc += `#${el.id}`;
      if (el.className && typeof el.className === 'string') desc += `.${el.className.split(' ').join('.')}`;
      if (el.name) desc += `[name=${el.name}]`;
      return {
        desc,
        outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
        visible: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth,
        text: el.textContent.trim().slice(0, 40),
      };
    });

    // 1. The first Tab stop is the skip link, visible while focused; Enter moves to <main>.
    await page.keyboard.press('Tab');
    let f = await focused();
    check(f.desc === 'a.skip', `@${width}px: the first Tab stop is ${f.desc}, not the skip link`);
    check(f.visible && f.outline, `@${width}px: the focused skip link is not visible with an outline`);
    await page.keyboard.press('Enter');
    f = await focused();
    check(f.desc.startsWith('main#main'), `@${width}px: the skip link leads to ${f.desc}, not the main content`);
    step(`@${width}px: skip link first, visible on focus, leads to main`);

    // 2. Tab on from the main content: every filter control, then the sort buttons.
    const want = ['select[name=district]', 'select[name=status]', 'input[name=q]', 'button.sort'];
    const seen = [];
    for (let i = 0; i < 40 && !want.every((w) => seen.some((s) => s.desc.endsWith(w))); i++) {
      await page.keyboard.press('Tab');
      seen.push(await focused());
    }
    for (const w of want) {
      const hit = seen.find((s) => s.desc.endsWith(w));
      check(hit, `@${width}px: Tab never reaches ${w}; it went ${seen.map((s) => s.desc).join(' → ')}`);
      check(hit.outline, `@${width}px: ${w} shows no focus outline`);
    }
    const missing = seen.filter((s) => !s.outline || !s.visible);
    check(missing.length === 0, `@${width}px: focus is invisible on ${missing.map((s) => s.desc).join(', ')}`);
    step(`@${width}px: Tab reaches the filters and a sort button, all with a visible outline`);

    const rows = () => page.$$eval('#all tbody tr', (trs) => trs.map((tr) => ({
      hidden: tr.hidden, district: tr.dataset.district, name: tr.cells[0].textContent.trim(),
      percent: parseFloat(tr.cells[5].dataset.value),
    })));
    const total = (await rows()).length;

    // 3. A district chosen with the keyboard filters the table.
    await page.focus('select[name=district]');
    await page.keyboard.press('ArrowDown');
    const district = await page.$eval('select[name=district]', (s) => s.value);
    check(district !== '', `@${width}px: ArrowDown on the district filter chose nothing`);
    let shown = (await rows()).filter((r) => !r.hidden);
    check(shown.length > 0 && shown.length < total && shown.every((r) => r.district === district),
      `@${width}px: filtering by ${district} shows ${shown.length} of ${total} rows`);
    const count = await page.$eval('#count', (c) => c.textContent);
    check(count.includes(String(shown.length)), `@${width}px: the count says "${count}", ${shown.length} rows shown`);
    await page.keyboard.press('Home');
    shown = (await rows()).filter((r) => !r.hidden);
    check(shown.length === total, `@${width}px: back to all districts shows ${shown.length} of ${total}`);
    step(`@${width}px: the district filter works from the keyboard and the count follows`);

    // 4. Typing in the search box filters by name.
    const first = (await rows())[0].name;
    const query = [...first].slice(0, 3).join('');
    await page.focus('input[name=q]');
    await page.keyboard.type(query);
    shown = (await rows()).filter((r) => !r.hidden);
    check(shown.length > 0 && shown.every((r) => r.name.includes(query)),
      `@${width}px: searching "${query}" shows ${shown.map((r) => r.name).join(', ')}`);
    for (let i = 0; i < [...query].length; i++) await page.keyboard.press('Backspace');
    check((await rows()).every((r) => !r.hidden), `@${width}px: clearing the search shows every row again`);
    step(`@${width}px: the search box filters by name`);

    // 5. Enter and Space on the progress column's sort button sort the table.
    const button = '#all thead th:nth-child(6) button.sort';
    await page.focus(button);
    const sortOf = () => page.$eval('#all thead th:nth-child(6)', (th) => th.getAttribute('aria-sort'));
    const percents = async () => (await rows()).map((r) => r.percent);
    const sorted = (xs, dir) => xs.every((x, i) => i === 0 || (dir > 0 ? xs[i - 1] <= x : xs[i - 1] >= x));
    await page.keyboard.press('Enter');
    check(await sortOf() === 'ascending', `@${width}px: Enter set aria-sort to ${await sortOf()}`);
    check(sorted(await percents(), 1), `@${width}px: Enter did not sort by progress ascending`);
    await page.keyboard.press(' ');
    check(await sortOf() === 'descending', `@${width}px: Space set aria-sort to ${await sortOf()}`);
    check(sorted(await percents(), -1), `@${width}px: Space did not sort by progress descending`);
    const others = await page.$$eval('#all thead th[aria-sort]', (ths) => ths.length);
    check(others === 1, `@${width}px: ${others} headers carry aria-sort`);
    f = await focused();
    check(f.desc.endsWith('button.sort'), `@${width}px: focus left the sort button for ${f.desc}`);
    step(`@${width}px: Enter and Space sort the table both ways and set aria-sort`);

    check(errors.length === 0, `@${width}px: script errors: ${errors.join('; ')}`);
    await page.close();
  }
} catch (e) {
  console.log(`not ok - ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
  await server.close();
}
console.log(`keyboard: ${steps.length} checks passed${process.exitCode ? ', then one failed' : ''}`);
