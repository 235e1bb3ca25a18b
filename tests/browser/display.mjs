// Drives the lobby display (display/index.html) of a built site in headless Chromium.
// Usage: node display.mjs <output dir> <base path, e.g. /zdxm/> [district id]
// Exits non-zero with a list of failures. Time is faked (playwright's clock), so a day of
// slide changes runs in seconds.
import { launch, serve } from './lib.mjs';

const [, , root, base = '/', district = ''] = process.argv;
const failures = [];
const ok = (cond, msg) => { if (!cond) failures.push(msg); };
const log = (...a) => console.log(...a);

let versionMode = 'same'; // same | changed | error
let realBuild = '';
const site = await serve(root, base, {
  intercept: async (pathname, res) => {
    if (pathname !== `${base}data/version.json` || versionMode === 'same') return false;
    if (versionMode === 'error') {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('unavailable');
    } else {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ build: 'new-build', month: '2026-11', display: 'new-' + realBuild }));
    }
    return true;
  },
});
const browser = await launch();
const url = `${site.url}display/`;

/** A page with a fake clock set to `time`, watching requests and console errors. */
async function open(viewport, time, query = '') {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.errors = [];
  page.foreign = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('request', (r) => { if (!r.url().startsWith(site.origin + '/') && !r.url().startsWith('data:')) page.foreign.push(r.url()); });
  await page.clock.install({ time });
  await page.addInitScript(() => {
    // Counts live timers, to show that nothing accumulates.
    const live = { intervals: 0, timeouts: 0 };
    const si = window.setInterval, ci = window.clearInterval, st = window.setTimeout, ct = window.clearTimeout;
    const pending = new Set();
    window.setInterval = function (...a) { live.intervals++; return si.apply(this, a); };
    window.clearInterval = function (id) { if (id !== undefined) live.intervals--; return ci.call(this, id); };
    window.setTimeout = function (fn, ...a) {
      const id = st.call(this, function (...b) { pending.delete(id); return typeof fn === 'function' ? fn.apply(this, b) : undefined; }, ...a);
      pending.add(id);
      return id;
    };
    window.clearTimeout = function (id) { pending.delete(id); return ct.call(this, id); };
    window.__timers = () => ({ intervals: live.intervals, timeouts: pending.size });
  });
  await page.goto(url + query);
  await page.waitForFunction(() => window.guatuDisplay);
  return { page, context };
}

const state = (page) => page.evaluate(() => window.guatuDisplay.state());
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Everything on screen stays inside the screen and inside its slide. */
async function overflow(page) {
  return page.evaluate(() => {
    const bad = [];
    const W = innerWidth, H = innerHeight;
    const de = document.documentElement;
    if (de.scrollWidth > W || de.scrollHeight > H) bad.push(`page scrolls: ${de.scrollWidth}x${de.scrollHeight} > ${W}x${H}`);
    const slide = document.querySelector('.slide:not(.off):not([hidden])');
    if (!slide) return ['no slide on screen'];
    const box = slide.getBoundingClientRect();
    const inside = (r, b) => r.left >= b.left - 1 && r.right <= b.right + 1 && r.top >= b.top - 1 && r.bottom <= b.bottom + 1;
    for (const e of slide.querySelectorAll('*')) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (e.closest('.off')) continue;
      if (!inside(r, box)) bad.push(`${slide.dataset.set}: <${e.tagName.toLowerCase()} class="${e.className}"> ${e.textContent.trim().slice(0, 30)} leaves the slide`);
      // text that does not fit must be cut with an ellipsis by its own box, not spill
      if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible' && e.children.length === 0)
        bad.push(`${slide.dataset.set}: text spills out of <${e.tagName.toLowerCase()}>`);
    }
    for (const e of document.querySelectorAll('.d-head *, .d-foot *, .d-stale')) {
      const r = e.getBoundingClientRect();
      if (r.width && (r.right > W + 1 || r.bottom > H + 1 || r.left < -1)) bad.push(`chrome element ${e.className} off screen`);
    }
    return bad.slice(0, 10);
  });
}

/** The smallest font size of any visible text. */
async function smallestText(page) {
  return page.evaluate(() => {
    let min = Infinity, where = '';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const n = walker.currentNode;
      if (!n.textContent.trim()) continue;
      const e = n.parentElement;
      if (e.closest('.off, [hidden], script')) continue;
      const size = parseFloat(getComputedStyle(e).fontSize);
      if (size < min) { min = size; where = n.textContent.trim().slice(0, 20); }
    }
    return { min, where };
  });
}

const NOW = new Date('2026-11-20T09:00:00');

// 1. Rotation, keys, pause, sizes, overflow, text size.
{
  const { page, context } = await open({ width: 1920, height: 1080 }, NOW);
  const seconds = await page.evaluate(() => +document.body.dataset.seconds);
  realBuild = await page.evaluate(() => document.body.dataset.display);
  let s = await state(page);
  ok(s.index === 0 && s.set === 'overview', `starts on the overview, got ${JSON.stringify(s)}`);
  ok(s.pages >= 6, `at least 6 pages, got ${s.pages}`);
  await page.clock.runFor(seconds * 1000);
  s = await state(page);
  ok(s.index === 1, `advances after ${seconds}s, got index ${s.index}`);
  await page.keyboard.press('ArrowRight');
  ok((await state(page)).index === 2, 'ArrowRight goes forward');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  ok((await state(page)).index === 0, 'ArrowLeft goes back');
  await page.keyboard.press('ArrowLeft');
  ok((await state(page)).index === s.pages - 1, 'ArrowLeft from the first page wraps to the last');
  await page.keyboard.press(' ');
  await page.clock.runFor(seconds * 3000);
  s = await state(page);
  ok(s.paused && s.index === s.pages - 1, `space pauses: ${JSON.stringify(s)}`);
  ok(await page.isVisible('#d-paused'), 'the pause is shown on screen');
  await page.keyboard.press(' ');
  await page.clock.runFor(seconds * 1000);
  ok((await state(page)).index === 0, 'space resumes and the show wraps around');
  const sets = new Set();
  for (let i = 0; i < s.pages; i++) {
    const st = await state(page);
    sets.add(st.set);
    for (const b of await overflow(page)) failures.push(`1920x1080 page ${i + 1}: ${b}`);
    const t = await smallestText(page);
    ok(t.min >= 28, `1920x1080 page ${i + 1} (${st.set}): text of ${t.min}px ("${t.where}") is under 28px`);
    await page.keyboard.press('ArrowRight');
  }
  for (const set of ['overview', 'chart', 'ranking', 'red', 'honour', 'projects']) ok(sets.has(set), `slide set ${set} is shown`);
  ok(await page.isVisible('#d-time'), 'clock visible');
  ok(/\d\d:\d\d:\d\d/.test(await page.textContent('#d-time')), 'clock shows the time');
  ok((await page.textContent('.d-asof')).includes('2026'), 'as-of month shown');
  ok(!(await page.isVisible('#d-stale')), 'no freshness notice one month after the data month');
  ok(page.errors.length === 0, `console errors: ${page.errors.join(' | ')}`);
  ok(page.foreign.length === 0, `requests to other origins: ${page.foreign.join(' ')}`);
  await context.close();
}

// 2. The other two screens: 4K and portrait.
for (const viewport of [{ width: 3840, height: 2160 }, { width: 1080, height: 1920 }]) {
  const { page, context } = await open(viewport, NOW);
  const { pages } = await state(page);
  for (let i = 0; i < pages; i++) {
    for (const b of await overflow(page)) failures.push(`${viewport.width}x${viewport.height} page ${i + 1}: ${b}`);
    const t = await smallestText(page);
    const floor = 28 * Math.min(viewport.width, viewport.height) / 1080;
    ok(t.min >= floor - 0.01, `${viewport.width}x${viewport.height} page ${i + 1}: text ${t.min}px < ${floor}px ("${t.where}")`);
    await page.keyboard.press('ArrowRight');
  }
  ok(page.errors.length === 0, `console errors at ${viewport.width}x${viewport.height}: ${page.errors.join(' | ')}`);
  await context.close();
}

// 3. Freshness notice, computed from the screen's own clock.
{
  const { page, context } = await open({ width: 1920, height: 1080 }, new Date('2027-02-03T10:00:00'));
  ok(await page.isVisible('#d-stale'), 'stale data shows a notice');
  const text = await page.textContent('#d-stale');
  ok(/4/.test(text), `notice counts 4 months (2026-10 → 2027-02): "${text}"`);
  for (const b of await overflow(page)) failures.push(`stale notice: ${b}`);
  await context.close();
}

// 4. District and slide-set selection.
if (district) {
  const { page, context } = await open({ width: 1920, height: 1080 }, NOW, `?district=${district}`);
  const { pages } = await state(page);
  for (let i = 0; i < pages; i++) {
    const info = await page.evaluate(() => {
      const slide = document.querySelector('.slide:not(.off)');
      const rows = [...slide.querySelectorAll('.row:not(.off)')].map((r) => r.dataset.district);
      return { set: slide.dataset.set, scope: slide.dataset.scope || '', district: slide.dataset.district || '', rows };
    });
    if (i === 0) ok(info.scope === 'district' && info.district === district, `district overview first: ${JSON.stringify(info)}`);
    ok(info.scope !== 'board', 'no board-wide overview in district mode');
    if (['red', 'honour', 'projects'].includes(info.set))
      ok(info.rows.every((d) => d === district), `only ${district}'s projects on ${info.set}: ${info.rows}`);
    await page.keyboard.press('ArrowRight');
  }
  await context.close();
  const sel = await open({ width: 1920, height: 1080 }, NOW, '?slides=ranking,red');
  const seen = new Set();
  const n = (await state(sel.page)).pages;
  for (let i = 0; i < n; i++) {
    seen.add((await state(sel.page)).set);
    await sel.page.keyboard.press('ArrowRight');
  }
  ok([...seen].sort().join() === 'ranking,red', `?slides=ranking,red shows just those: ${[...seen]}`);
  await sel.context.close();
}

// 5. Reload check: a failing server keeps the slides; a new build reloads the page.
{
  const { page, context } = await open({ width: 1920, height: 1080 }, NOW);
  const reload = await page.evaluate(() => +document.body.dataset.reload);
  await page.evaluate(() => { window.__marker = 'first load'; });
  versionMode = 'error';
  await page.clock.runFor(reload * 1000);
  await sleep(300);
  await page.clock.runFor(1000);
  let s = await state(page);
  ok(s.offline, 'a failing poll is noticed');
  ok(await page.isVisible('.slide:not(.off)'), 'a failing poll keeps a slide on screen');
  ok((await page.evaluate(() => window.__marker)) === 'first load', 'a failing poll does not reload');
  // the network fails outright (no HTTP answer at all)
  versionMode = 'same';
  await page.route('**/data/version.json', (r) => r.abort('connectionrefused'));
  await page.clock.runFor(reload * 1000);
  await sleep(300);
  ok(await page.isVisible('.slide:not(.off)'), 'a refused connection keeps a slide on screen');
  ok((await page.evaluate(() => window.__marker)) === 'first load', 'a refused connection does not reload');
  await page.unroute('**/data/version.json');
  await page.clock.runFor(reload * 1000);
  await sleep(300);
  await page.clock.runFor(1000);
  s = await state(page);
  ok(!s.offline, 'recovers when the server answers again');
  ok((await page.evaluate(() => window.__marker)) === 'first load', 'same build: no reload');
  versionMode = 'changed';
  const navigated = page.waitForEvent('framenavigated', { timeout: 10000 }).then(() => true, () => false);
  await page.clock.runFor(reload * 1000);
  ok(await navigated, 'a changed build id reloads the page');
  await page.waitForFunction(() => window.guatuDisplay, null, { timeout: 10000 }).catch(() => {});
  ok((await page.evaluate(() => window.__marker)) === undefined, 'the page was reloaded');
  versionMode = 'same';
  ok(page.foreign.length === 0, `requests to other origins: ${page.foreign.join(' ')}`);
  await context.close();
}

// 6. Days of running: thousands of slide changes with accelerated time; no growth.
{
  const { page, context } = await open({ width: 1920, height: 1080 }, NOW);
  const seconds = await page.evaluate(() => +document.body.dataset.seconds);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const measure = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    const timers = await page.evaluate(() => window.__timers());
    return { heap: m.JSHeapUsedSize, nodes: m.Nodes, listeners: m.JSEventListeners, ...timers };
  };
  // warm up one full cycle first
  const { pages } = await state(page);
  await page.clock.runFor(pages * seconds * 1000);
  const before = await measure();
  const changes = 3000;
  const chunk = 100;
  for (let done = 0; done < changes; done += chunk) {
    await page.clock.runFor(chunk * seconds * 1000);
    await sleep(5); // let the version checks' network round trips finish
  }
  // Blink frees DOM nodes in its own collector, which may leave a few unswept after one
  // forced GC: take the smallest of three readings, and allow a few nodes of slack (a leak
  // of one node per slide change would show as thousands).
  let after = await measure();
  for (let i = 0; i < 2 && after.nodes > before.nodes; i++) {
    await sleep(50);
    const again = await measure();
    if (again.nodes < after.nodes) after = again;
  }
  log(`long run: ${changes} slide changes (${(changes * seconds / 3600).toFixed(1)} h of screen time)`, JSON.stringify({ before, after }));
  ok(after.intervals === 1 && after.timeouts <= 1, `timers stay put: ${JSON.stringify(after)}`);
  ok(after.nodes <= before.nodes + 16, `DOM nodes grow: ${before.nodes} → ${after.nodes}`);
  ok(after.listeners <= before.listeners, `listeners grow: ${before.listeners} → ${after.listeners}`);
  ok(after.heap < before.heap * 1.5 + 2e6, `heap grows: ${before.heap} → ${after.heap}`);
  ok(page.errors.length === 0, `console errors during the long run: ${page.errors.join(' | ')}`);
  await context.close();
}

await browser.close();
await site.close();
if (failures.length) {
  console.error('FAIL\n' + failures.map((f) => ' - ' + f).join('\n'));
  process.exit(1);
}
log('display: all checks passed');
