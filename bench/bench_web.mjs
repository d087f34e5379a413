// bench_web.mjs — the browser app's costs, measured in Debian's headless chromium (SwiftShader, so
// GPU work lands on the CPU too): download sizes raw and gzip, time to first frame, frame CPU time
// (median, p95) while the directory shows 100 organisations and the pointer moves, idle main-thread
// CPU over 10 s, each beside its budget (a 60 Hz frame is 16.7 ms).
//
//   YISHI_SERVER=build/native/server/yishi-server YISHI_WEB_DIR=build/wasm/web node bench/bench_web.mjs
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { startServer, launchBrowser, openPage, waitForFrames, waitForItem, clickItem } from '../tests/e2e/harness.mjs';

const webDir = process.env.YISHI_WEB_DIR;
const kb = n => (n / 1024).toFixed(0) + ' KB';
console.log('download sizes (raw / gzip -9)');
for (const f of ['yishi.wasm', 'yishi.js', 'yishi-sc.otf', 'index.html', 'yishi-glue.js', 'yishi.css']) {
  const raw = readFileSync(path.join(webDir, f));
  console.log(`  ${f.padEnd(14)} ${kb(raw.length).padStart(8)} / ${kb(gzipSync(raw, { level: 9 }).length).padStart(8)}`);
}

const server = await startServer(['--demo']);
const browser = await launchBrowser();
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
try {
  const firsts = [];
  for (let i = 0; i < 5; ++i) {
    const page = await openPage(browser, server.url + '/');
    await waitForFrames(page, 1);
    firsts.push(await page.evaluate(() => window.yishi.firstFrameMs));
    await page.context().close();
  }
  console.log(`first frame: median ${quantile(firsts, 0.5).toFixed(0)} ms over 5 fresh loads (${firsts.map(x => x.toFixed(0)).join(', ')})`);

  const page = await openPage(browser, server.url + '/');
  await waitForFrames(page, 1);
  await clickItem(page, '社会组织');
  await waitForItem(page, '共 21000 个组织');
  for (let n = 0; n < 4; ++n) {  // 20 → 100 rows: scroll to the end, press 加载更多
    await page.mouse.move(640, 400);
    await page.mouse.wheel(0, 20000);
    await clickItem(page, '加载更多');
    await page.waitForTimeout(500);
  }
  await page.evaluate(() => { window.yishi.frameMs.length = 0; });
  for (let i = 0; i < 150; ++i) await page.mouse.move(300 + (i % 50) * 8, 200 + (i % 30) * 15);
  await page.waitForTimeout(500);
  const ms = await page.evaluate(() => window.yishi.frameMs.slice());
  console.log(`frame CPU (directory, 100 rows, pointer moving): median ${quantile(ms, 0.5).toFixed(2)} ms, ` +
              `p95 ${quantile(ms, 0.95).toFixed(2)} ms over ${ms.length} frames = ` +
              `${(100 * quantile(ms, 0.95) / 16.7).toFixed(0)}% of a 60 Hz frame at p95`);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find(m => m.name === 'TaskDuration').value;
  await page.waitForTimeout(1000);
  const frames0 = await page.evaluate(() => window.yishi.frames);
  const t0 = await busy();
  await page.waitForTimeout(10000);
  const t1 = await busy();
  const frames1 = await page.evaluate(() => window.yishi.frames);
  console.log(`idle 10 s: ${frames1 - frames0} frames drawn, main thread busy ${((t1 - t0) * 1000).toFixed(1)} ms ` +
              `(${(100 * (t1 - t0) / 10).toFixed(2)}% of one core)`);
  await page.context().close();
} finally {
  await browser.close();
  await server.stop();
}
