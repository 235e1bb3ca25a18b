// The lobby display of a board whose show is longer than `display.show_minutes`: one
// rotation keeps to the page budget (data-max), every slide set is still shown, the
// last page of a cut list says how many rows were left out, and ?district= shows all
// of that district's rows.
// Usage: node show.mjs <output dir> <base path> <district id>
import { launch, serve } from './lib.mjs';

const [, , root, base = '/', district = ''] = process.argv;
const failures = [];
const ok = (cond, msg) => { if (!cond) failures.push(msg); };
const site = await serve(root, base);
const browser = await launch();

async function pagesOf(query) {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${site.url}display/${query}`);
  await page.waitForFunction(() => window.guatuDisplay);
  const { pages } = await page.evaluate(() => window.guatuDisplay.state());
  const seen = [];
  for (let i = 0; i < pages; i++) {
    seen.push(await page.evaluate(() => {
      const s = window.guatuDisplay.state();
      const more = document.querySelector('.slide:not(.off) .d-more');
      return { set: s.set, rows: s.rows, more: more && !more.hidden ? more.textContent : '' };
    }));
    await page.keyboard.press('ArrowRight');
  }
  const max = await page.evaluate(() => +document.body.dataset.max);
  await page.close();
  return { pages, seen, max };
}

const show = await pagesOf('');
ok(show.max > 0 && show.pages === show.max, `the show has ${show.pages} pages, its budget is ${show.max}`);
for (const set of ['overview', 'chart', 'ranking', 'red', 'honour', 'projects'])
  ok(show.seen.some((p) => p.set === set), `slide set ${set} is in the show: ${JSON.stringify(show.seen)}`);
const cut = show.seen.filter((p) => p.more);
ok(cut.length >= 1 && cut.every((p) => /\d/.test(p.more)), `a cut list says how many rows were left out: ${JSON.stringify(cut)}`);
const last = show.seen[show.seen.length - 1];
ok(last.set === 'projects' && last.more, `the last page is the cut project list: ${JSON.stringify(last)}`);

const one = await pagesOf(`?district=${district}`);
ok(one.seen.every((p) => !p.more), `?district= is not cut: ${JSON.stringify(one.seen)}`);

await browser.close();
await site.close();
if (failures.length) {
  console.error('FAIL\n' + failures.map((f) => ' - ' + f).join('\n'));
  process.exit(1);
}
console.log(`show: all checks passed (${show.pages} pages)`);
