// Shared helpers for the browser checks: a static server for a built site and
// a headless Chromium driven by playwright-core (the system's Chromium, no download).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.xml': 'application/xml', '.csv': 'text/csv; charset=utf-8', '.pdf': 'application/pdf',
  '.woff2': 'font/woff2', '.ttf': 'font/ttf',
};

/** The Chromium on PATH (or $CHROMIUM). */
export function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch { /* next */ }
  }
  throw new Error('no Chromium on PATH (install the chromium package or set CHROMIUM)');
}

/** Launches headless Chromium. */
export async function launch() {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * Serves `root` under `base` (e.g. "/zdxm/") on 127.0.0.1 at a free port.
 * `hooks.intercept(pathname, res)` may answer a request itself (return true).
 * Returns { url, close, requests } where requests lists every path asked for.
 */
export async function serve(root, base = '/', hooks = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(pathname);
    if (hooks.intercept && (await hooks.intercept(pathname, res))) return;
    if (!pathname.startsWith(base)) return notFound(res);
    let file = path.join(root, pathname.slice(base.length));
    if (!path.resolve(file).startsWith(path.resolve(root))) return notFound(res);
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store' });
      res.end(body);
    } catch {
      notFound(res);
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${base}`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  };
}

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
}

/** Fails the process with a message (the Rust test prints stdout/stderr). */
export function check(ok, message) {
  if (!ok) throw new Error(message);
}
