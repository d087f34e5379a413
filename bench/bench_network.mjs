// bench_network.mjs — the first screen on a phone network (issue 19): for loopback and two emulated
// links (CDP Network.emulateNetworkConditions: 4 Mbit/s with 100 ms RTT, 1.6 Mbit/s with 150 ms RTT),
// the median of 5 fresh loads (new browser context, empty cache) of the time to the app's first frame
// and the bytes transferred before it, then the bytes a repeat visit (reload, warm cache) transfers.
// Loopback is the baseline measured in the same run; the emulated links are what a resident on a
// slow 4G connection sees. Then the organisation directory on the 4 Mbit/s link: bytes until the first
// results are on screen, and bytes for the whole offline copy.
//
//   YISHI_SERVER=build/native/server/yishi-server YISHI_WEB_DIR=build/wasm/web node bench/bench_network.mjs
//   (BENCH_LOADS=n changes the 5 loads; BENCH_DIRECTORY=0 skips the directory part)
import { startServer, launchBrowser, clickItem } from '../tests/e2e/harness.mjs';

const kLoads = Number(process.env.BENCH_LOADS || 5);
const links = [
  { name: 'loopback', conditions: null },
  { name: '4 Mbit/s, 100 ms RTT', conditions: { downloadThroughput: 4e6 / 8, uploadThroughput: 2e6 / 8, latency: 100 } },
  { name: '1.6 Mbit/s, 150 ms RTT', conditions: { downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8, latency: 150 } },
];
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = n => (n / 1024).toFixed(0) + ' KB';

// A page in a fresh context whose network is emulated; counts the bytes every response put on the
// wire (CDP encodedDataLength: headers and compressed body).
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
  const counter = { bytes: 0, requests: 0, fromWorker: new Set() };
  cdp.on('Network.responseReceived', e => { if (e.response.fromServiceWorker) counter.fromWorker.add(e.requestId); });
  cdp.on('Network.loadingFinished', e => {
    if (counter.fromWorker.has(e.requestId)) return;
    counter.bytes += e.encodedDataLength;
    counter.requests++;
  });
  return { context, page, cdp, counter };
}

async function firstFrame(page, counter) {
  await page.waitForFunction(() => window.yishi && (window.yishi.frames >= 1 || window.yishi.error), null, { timeout: 120000 });
  const r = await page.evaluate(() => ({ ms: window.__firstFrameNavMs, error: window.yishi.error }));
  if (r.error) throw new Error('start-up error: ' + r.error);
  return { ms: r.ms, bytes: counter.bytes };
}

const server = await startServer(['--demo']);
const browser = await launchBrowser();
try {
  console.log(`first screen, median of ${kLoads} fresh loads (time from navigation start; bytes on the wire)`);
  const results = [];
  for (const link of links) {
    const times = [], bytes = [], repeats = [];
    for (let i = 0; i < kLoads; ++i) {
      const { context, page, counter } = await openCounted(browser, link.conditions);
      await page.goto(server.url + '/', { waitUntil: 'commit' });
      const f = await firstFrame(page, counter);
      times.push(f.ms);
      bytes.push(f.bytes);
      // A repeat visit: the same context (warm HTTP cache, service worker if any), a reload.
      await page.waitForTimeout(1500);   // let background work settle (service worker install, glyph fetches)
      counter.bytes = 0;
      await page.reload({ waitUntil: 'commit' });
      await firstFrame(page, counter);
      await page.waitForTimeout(500);
      repeats.push(counter.bytes);
      await context.close();
    }
    results.push({ link: link.name, ms: median(times), bytes: median(bytes), repeat: median(repeats), times });
    console.log(`  ${link.name.padEnd(24)} first frame ${median(times).toFixed(0).padStart(6)} ms ` +
                `(${times.map(t => t.toFixed(0)).join(', ')}), before it ${kb(median(bytes)).padStart(8)}, ` +
                `repeat visit ${kb(median(repeats)).padStart(7)}`);
  }
  const base = results[0].ms;
  for (const r of results.slice(1))
    console.log(`  ${r.link}: ${(r.ms / base).toFixed(1)}x the loopback first frame`);

  if (process.env.BENCH_DIRECTORY !== '0') {
    const { context, page, counter } = await openCounted(browser, links[1].conditions);
    await page.goto(server.url + '/', { waitUntil: 'commit' });
    await firstFrame(page, counter);
    counter.bytes = 0;
    const t0 = Date.now();
    await clickItem(page, '社会组织');
    // First results: any organisation row (their labels carry the organisation's name and kind).
    await page.waitForFunction(() => window.yishi.items.some(it => /^共 \d+ 个组织/.test(it.label)), null, { timeout: 120000 });
    const firstBytes = counter.bytes, firstMs = Date.now() - t0;
    let fullBytes = null, fullMs = null;
    try {
      await page.waitForFunction(() => window.yishi.items.some(it => /^本机已存 \d+ 个组织/.test(it.label)) ||
                                       window.yishi.directoryOffline === true, null, { timeout: 120000 });
      fullBytes = counter.bytes; fullMs = Date.now() - t0;
    } catch { /* no offline copy marker seen */ }
    console.log(`directory at 4 Mbit/s: first results after ${kb(firstBytes)} (${firstMs} ms)` +
                (fullBytes === null ? ', offline copy not observed within 120 s' : `, offline copy complete after ${kb(fullBytes)} (${fullMs} ms)`));
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
