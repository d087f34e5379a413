// bench_network.mjs — the first screen on a phone network (issue 19), this build beside a baseline build
// in the same run. For loopback and two emulated links (CDP Network.emulateNetworkConditions: 4 Mbit/s
// with 100 ms RTT, 1.6 Mbit/s with 150 ms RTT): the median of 5 fresh loads (new browser context,
// empty cache) of the time to the app's first frame and the bytes transferred before it, then the bytes
// a repeat visit (reload, warm cache) transfers. Loads of the two builds alternate, so that the
// machine's load falls on both alike; each build's loopback figure is its own baseline.
// Then, for one load of each build on the 4 Mbit/s link, a waterfall of the requests before the first
// frame (start, first byte, end, bytes), and the organisation directory: bytes until the first results
// are on screen and bytes for the whole offline copy.
//
//   YISHI_SERVER=build/native/server/yishi-server YISHI_WEB_DIR=build/wasm/web \
//   BENCH_BASELINE_WEB=build/baseline/web NODE_PATH=/usr/share/nodejs node bench/bench_network.mjs
//
// BENCH_BASELINE_WEB is a web directory built earlier (e.g. `cp -a build/wasm/web build/baseline/web`
// before a change, or the build of an older commit); without it only this build is measured.
// BENCH_LOADS=n changes the 5 loads; BENCH_DIRECTORY=0 skips the directory part, BENCH_WATERFALL=0
// the waterfall.
import { startServer, launchBrowser, clickItem } from '../tests/e2e/harness.mjs';
import { loadavg } from 'node:os';

const kLoads = Number(process.env.BENCH_LOADS || 5);
const links = [
  { name: 'loopback', conditions: null },
  { name: '4 Mbit/s, 100 ms RTT', conditions: { downloadThroughput: 4e6 / 8, uploadThroughput: 2e6 / 8, latency: 100 } },
  { name: '1.6 Mbit/s, 150 ms RTT', conditions: { downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8, latency: 150 } },
];
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = n => (n / 1024).toFixed(0) + ' KB';
const load = () => loadavg().map(x => x.toFixed(2)).join(' ');

// A page in a fresh context whose network is emulated; counts the bytes every response put on the
// wire (CDP encodedDataLength: headers and compressed body) and keeps each request's timing.
async function openCounted(browser, conditions) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // The first frame's time from navigation start (performance.now() at the glue's onFirstFrame).
  await context.addInitScript(() => {
    let glue;
    Object.defineProperty(window, 'yishiGlue', {
      configurable: true,
      get: () => glue,
      set: v => {
        const first = v.onFirstFrame;
        v.onFirstFrame = function () { window.__firstFrameNavMs = performance.now(); return first.apply(this, arguments); };
        glue = v;
      },
    });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  if (conditions) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...conditions });
  // Answers the service worker gave from its cache never touched the network: not counted (its own
  // fetches run in the worker, outside this session; on a repeat visit that is the update check).
  const counter = { bytes: 0, requests: new Map(), fromWorker: new Set(), navStart: null };
  cdp.on('Network.requestWillBeSent', e => {
    if (counter.navStart === null && e.type === 'Document') counter.navStart = e.timestamp;
    counter.requests.set(e.requestId, { url: e.request.url, start: e.timestamp });
  });
  cdp.on('Network.responseReceived', e => {
    if (e.response.fromServiceWorker) counter.fromWorker.add(e.requestId);
    const r = counter.requests.get(e.requestId);
    if (r) { r.firstByte = e.timestamp; r.type = e.response.mimeType; r.encoding = e.response.headers['content-encoding'] || e.response.headers['Content-Encoding'] || ''; }
  });
  cdp.on('Network.loadingFinished', e => {
    if (counter.fromWorker.has(e.requestId)) return;
    counter.bytes += e.encodedDataLength;
    const r = counter.requests.get(e.requestId);
    if (r) { r.end = e.timestamp; r.bytes = e.encodedDataLength; }
  });
  return { context, page, cdp, counter };
}

async function firstFrame(page, counter) {
  await page.waitForFunction(() => window.yishi && (window.yishi.frames >= 1 || window.yishi.error), null, { timeout: 120000 });
  const r = await page.evaluate(() => ({ ms: window.__firstFrameNavMs, error: window.yishi.error }));
  if (r.error) throw new Error('start-up error: ' + r.error);
  return { ms: r.ms, bytes: counter.bytes };
}

// Waits for start-up's background work to finish: the service worker installed (it caches the shell,
// the program's second part with it), then the glyph fetches that follow.
async function settle(page) {
  await page.waitForFunction(() => window.yishi.offlineReady || !navigator.serviceWorker, null, { timeout: 60000 })
    .catch(() => {});
  await page.waitForTimeout(1500);
}

// One fresh load and a repeat visit of `url`: { ms, bytes, repeat }.
async function measureLoad(browser, url, conditions) {
  const { context, page, counter } = await openCounted(browser, conditions);
  try {
    await page.goto(url + '/', { waitUntil: 'commit' });
    const f = await firstFrame(page, counter);
    // When each start-up step ended (web/yishi-glue.js yishi.phases; builds before issue 19's second
    // round have none).
    const phases = await page.evaluate(() => window.yishi.phases || null);
    // A repeat visit: the same context (warm HTTP cache, service worker if any), a reload, once the
    // first visit's background work has finished, as it has by a resident's next visit.
    await settle(page);
    counter.bytes = 0;
    await page.reload({ waitUntil: 'commit' });
    await firstFrame(page, counter);
    await page.waitForTimeout(500);
    return { ms: f.ms, bytes: f.bytes, repeat: counter.bytes, phases };
  } finally {
    await context.close();
  }
}

// The requests of one fresh load, in the order they started, with times from navigation start;
// those that ended after the first frame are marked (they did not hold it up).
async function waterfall(browser, url, conditions, title) {
  const { context, page, counter } = await openCounted(browser, conditions);
  try {
    await page.goto(url + '/', { waitUntil: 'commit' });
    const f = await firstFrame(page, counter);
    await page.waitForTimeout(1000);
    console.log(`  ${title}: first frame at ${f.ms.toFixed(0)} ms after ${kb(f.bytes)}`);
    const ms = t => t === undefined ? '     -' : ((t - counter.navStart) * 1000).toFixed(0).padStart(6);
    const rows = [...counter.requests.values()].sort((a, b) => a.start - b.start);
    for (const r of rows) {
      const name = new URL(r.url).pathname + new URL(r.url).search;
      const after = r.end !== undefined && (r.end - counter.navStart) * 1000 > f.ms ? '  (after the first frame)' : '';
      console.log(`    ${ms(r.start)} ${ms(r.firstByte)} ${ms(r.end)} ms ${(r.bytes === undefined ? '-' : kb(r.bytes)).padStart(8)} ` +
                  `${(r.encoding || '').padEnd(4)} ${name.slice(0, 48)}${after}`);
    }
  } finally {
    await context.close();
  }
}

async function directory(browser, url, conditions) {
  const { context, page, counter } = await openCounted(browser, conditions);
  try {
    await page.goto(url + '/', { waitUntil: 'commit' });
    await firstFrame(page, counter);
    await settle(page);   // so that what is counted is what opening the directory costs
    counter.bytes = 0;
    const t0 = Date.now();
    await clickItem(page, '社会组织');
    // First results: the result count above the organisation rows.
    await page.waitForFunction(() => window.yishi.items.some(it => /^共 \d+ 个组织/.test(it.label)), null, { timeout: 120000 });
    const first = { bytes: counter.bytes, ms: Date.now() - t0 };
    let full = null;
    try {
      await page.waitForFunction(() => window.yishi.items.some(it => /^本机已存 \d+ 个组织/.test(it.label)) ||
                                       window.yishi.directoryOffline === true, null, { timeout: 120000 });
      full = { bytes: counter.bytes, ms: Date.now() - t0 };
    } catch { /* no offline copy marker seen */ }
    return { first, full };
  } finally {
    await context.close();
  }
}

const builds = [{ name: 'this build', web: undefined }];
if (process.env.BENCH_BASELINE_WEB) builds.unshift({ name: 'baseline', web: process.env.BENCH_BASELINE_WEB });
for (const b of builds) b.server = await startServer(['--demo'], null, b.web);
const browser = await launchBrowser();
try {
  console.log(`first screen, median of ${kLoads} fresh loads (time from navigation start; bytes on the wire); ` +
              `builds: ${builds.map(b => b.name + ' = ' + (b.web || process.env.YISHI_WEB_DIR)).join(', ')}`);
  console.log(`load average at start: ${load()}`);
  const table = [];
  for (const link of links) {
    const runs = builds.map(() => ({ times: [], bytes: [], repeats: [], phases: [] }));
    for (let i = 0; i < kLoads; ++i) {
      for (const [k, b] of builds.entries()) {
        const r = await measureLoad(browser, b.server.url, link.conditions);
        runs[k].times.push(r.ms);
        runs[k].bytes.push(r.bytes);
        runs[k].repeats.push(r.repeat);
        if (r.phases) runs[k].phases.push(r.phases);
      }
    }
    for (const [k, b] of builds.entries()) {
      const r = runs[k];
      const row = { link: link.name, build: b.name, ms: median(r.times), bytes: median(r.bytes), repeat: median(r.repeats) };
      table.push(row);
      console.log(`  ${link.name.padEnd(24)} ${b.name.padEnd(10)} first frame ${row.ms.toFixed(0).padStart(6)} ms ` +
                  `(${r.times.map(t => t.toFixed(0)).join(', ')}), before it ${kb(row.bytes).padStart(8)}, ` +
                  `repeat visit ${kb(row.repeat).padStart(7)}`);
      if (r.phases.length) {
        const names = Object.keys(r.phases[0]).sort((a, b) => r.phases[0][a] - r.phases[0][b]);
        console.log(`  ${''.padEnd(35)}start-up steps ended at (ms, medians): ` +
                    names.map(n => `${n} ${median(r.phases.map(p => p[n]).filter(x => x !== undefined)).toFixed(0)}`).join(', '));
      }
    }
  }
  console.log('summary (medians):');
  for (const link of links) {
    const rows = table.filter(r => r.link === link.name);
    const loop = builds.map(b => table.find(r => r.link === 'loopback' && r.build === b.name).ms);
    console.log(`  ${link.name.padEnd(24)} ` + rows.map((r, k) =>
      `${r.build}: ${r.ms.toFixed(0)} ms (${(r.ms / loop[k]).toFixed(1)}x its loopback), ${kb(r.bytes)}, repeat ${kb(r.repeat)}`).join(' | ') +
      (rows.length === 2 ? ` | this/baseline ${(rows[1].ms / rows[0].ms).toFixed(2)}x time, ${(rows[1].bytes / rows[0].bytes).toFixed(2)}x bytes` : ''));
  }

  if (process.env.BENCH_WATERFALL !== '0') {
    console.log(`waterfall on ${links[1].name} (start, first byte, end in ms from navigation start; bytes; encoding):`);
    for (const b of builds) await waterfall(browser, b.server.url, links[1].conditions, b.name);
  }

  if (process.env.BENCH_DIRECTORY !== '0') {
    for (const b of builds) {
      const d = await directory(browser, b.server.url, links[1].conditions);
      console.log(`directory at 4 Mbit/s, ${b.name}: first results after ${kb(d.first.bytes)} (${d.first.ms} ms)` +
                  (d.full === null ? ', offline copy not observed within 120 s'
                                   : `, offline copy complete after ${kb(d.full.bytes)} (${d.full.ms} ms)`));
    }
  }
  console.log(`load average at end: ${load()}`);
} finally {
  await browser.close();
  for (const b of builds) await b.server.stop();
}
