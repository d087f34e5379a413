// bench_web.mjs — the browser app's costs, measured in Debian's headless chromium (SwiftShader, so
// GPU work lands on the CPU too): download sizes raw and gzip, time to first frame, frame CPU time
// (median, p95) while the directory shows 100 organisations and the pointer moves, idle main-thread
// CPU over 10 s, each beside its budget (a 60 Hz frame is 16.7 ms). Then the same frame and idle
// measures on a consultation page of a consultation with 1,000 comments (issue 6), seeded through a
// second real server as signed envelopes (the `yishi` tool signs, tests/e2e/ledger_helpers.mjs).
//
//   YISHI_SERVER=build/native/server/yishi-server YISHI_WEB_DIR=build/wasm/web node bench/bench_web.mjs
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { startServer, launchBrowser, openPage, waitForFrames, waitForItem, clickItem, tap, reveal, runServerCommand } from '../tests/e2e/harness.mjs';
import { REGION, sign, publicKey, submit } from '../tests/e2e/ledger_helpers.mjs';

const webDir = process.env.YISHI_WEB_DIR;
const kb = n => (n / 1024).toFixed(0) + ' KB';
console.log('download sizes (raw / gzip -9)');
// The program's second part is the w-<hash>.wasm the glue names (scripts/split-wasm.sh).
const second = /w-[0-9a-f]{12}\.wasm/.exec(readFileSync(path.join(webDir, 'yishi-glue.js'), 'utf8'))[0];
for (const f of ['yishi.wasm', second, 'yishi.js', 'glyphs-base.otf', 'glyphs.idx', 'index.html', 'yishi-glue.js', 'yishi-a11y.js', 'yishi.css', 'yishi-sw.js']) {
  const raw = readFileSync(path.join(webDir, f));
  console.log(`  ${f.padEnd(19)} ${kb(raw.length).padStart(8)} / ${kb(gzipSync(raw, { level: 9 }).length).padStart(8)}`);
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

  await idle(page, 'directory');
  await page.context().close();
} finally {
  await server.stop();
}

// [1,000 comments] A consultation in deliberation with 1,000 comments from 20 residents (a third of them
// replies), submitted through /api/submit; its page open, scrolled and pointed at.
const kComments = 1000, kResidents = 20, kConsultation = 1;
let codes;
const busyServer = await startServer(['--rate-per-key', '0', '--rate-per-address', '0'], dbPath => {
  const ok = r => { if (r.status !== 0) throw new Error(r.stderr); return r; };
  ok(runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('wb-committee'), '--region', String(REGION),
                       '--name', 'wb-committee']));
  codes = ok(runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey('wb-committee'),
                               '--region', String(REGION), '--count', String(kResidents)])).stdout.trim().split('\n');
});
try {
  const seq = {};
  const spec = s => ({ region: REGION, sequence: (seq[s.key] = (seq[s.key] || 0) + 1), ...s });
  const names = ['张喆', '李堃', '王赟', '陈玥', '刘洋', '赵敏', '孙磊', '周婷', '吴刚', '郑爽'];
  const setup = [spec({ key: 'wb-committee', kind: 'consultation_open', consultation: kConsultation, payload: {
    title: '一千条意见的协商', description: '基准测试：页面上有 1,000 条意见。', method: 1,
    options: [[1, '方案一'], [2, '方案二']], schedule: [[2, Date.now() - 86400000], [3, Date.UTC(2100, 0, 1)]] } })];
  for (let r = 0; r < kResidents; ++r)
    setup.push(spec({ key: `wb-r${r}`, kind: 'enroll', payload: { code: codes[r], display_name: names[r % names.length] + r } }));
  for (const e of sign(setup)) {
    const res = await submit(busyServer.url, e.wire);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  }
  const ids = [];
  const t0 = Date.now();
  for (let i = 0; i < kComments; i += 50) {  // signed in batches: replies name earlier ids
    const batch = [];
    for (let k = i; k < Math.min(kComments, i + 50); ++k) {
      const parent = k % 3 === 2 && ids.length ? { parent: ids[(k * 7) % ids.length] } : {};
      batch.push(spec({ key: `wb-r${k % kResidents}`, kind: 'comment', consultation: kConsultation,
                        payload: { text: `第${k + 1}条意见：加装电梯要兼顾一楼住户的采光与通行，建议公示施工方案和费用分摊。`,
                                   stance: k % 3, ...parent } }));
    }
    for (const [n, e] of sign(batch).entries()) {
      const res = await submit(busyServer.url, e.wire);
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      if (!batch[n].payload.parent) ids.push(e.id);   // replies answer top-level comments only
    }
  }
  const total = (await (await fetch(busyServer.url + `/api/consultations/${kConsultation}/comments?limit=1`)).json()).total;
  console.log(`\nseeded ${total} comments through /api/submit in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const page = await openPage(browser, busyServer.url + '/');
  await waitForFrames(page, 1);
  await clickItem(page, '一千条意见的协商');
  await waitForItem(page, '讨论', 30000);   // the consultation page's comment heading, then its count
  const shown = await (await page.waitForFunction(() => {
    const items = window.yishi.items, i = items.findIndex(it => it.label === '讨论');
    return i >= 0 && items.slice(i + 1).find(it => /^\d+ 条意见$/.test(it.label))?.label;
  }, null, { timeout: 30000 })).jsonValue();
  // 显示更多意见 until every comment is on the page (pages of kThreadLimit = 100): each press shows
  // the next page where the button was (comments not on screen before the press).
  const tLoad = Date.now();
  const pages = Math.ceil(total / 100);
  let lastPress = [];   // frame CPU from the last press until its page is shown (the reload's frames)
  for (let k = 1; k < pages; ++k) {
    await reveal(page, '显示更多意见');
    const before = await page.evaluate(() => window.yishi.items.map(it => it.label).filter(l => /^第\d+条意见/.test(l)));
    await page.evaluate(() => { window.yishi.frameMs.length = 0; });
    await tap(page, '显示更多意见');
    await page.waitForFunction(b => window.yishi.items.some(it => /^第\d+条意见/.test(it.label) && !b.includes(it.label)),
                               before, { timeout: 60000 });
    await page.waitForTimeout(300);
    lastPress = await page.evaluate(() => window.yishi.frameMs.slice());
  }
  console.log(`consultation page open: it reads "${shown}"; all ${total} on the page after ${pages - 1} presses of ` +
              `显示更多意见 (${((Date.now() - tLoad) / 1000).toFixed(1)} s)`);
  console.log(`frame CPU around the last press (page ${pages} joins ${total - 100} comments already shown): ` +
              `longest ${Math.max(...lastPress).toFixed(2)} ms, median ${quantile(lastPress, 0.5).toFixed(2)} ms over ${lastPress.length} frames`);
  // The same scrolling with the accessibility mirror (web/yishi-a11y.js) off and on, twice each in
  // alternating order: the mirror's cost is the difference.
  const runs = { off: [], on: [] };
  for (const mode of ['off', 'on', 'on', 'off']) {
    await page.evaluate(on => window.yishiA11y.setEnabled(on), mode === 'on');
    await page.waitForTimeout(1000);
    await page.evaluate(() => { window.yishi.frameMs.length = 0; });
    for (let i = 0; i < 150; ++i) {   // scroll down and back while the pointer moves
      await page.mouse.move(300 + (i % 50) * 8, 200 + (i % 30) * 15);
      await page.mouse.wheel(0, i < 75 ? 400 : -400);
    }
    await page.waitForTimeout(500);
    runs[mode].push(...await page.evaluate(() => window.yishi.frameMs.slice()));
  }
  for (const mode of ['off', 'on']) {
    const ms = runs[mode];
    console.log(`frame CPU (consultation, ${total} comments, scrolling, pointer moving, a11y mirror ${mode}): ` +
                `median ${quantile(ms, 0.5).toFixed(2)} ms, p95 ${quantile(ms, 0.95).toFixed(2)} ms over ${ms.length} frames = ` +
                `${(100 * quantile(ms, 0.95) / 16.7).toFixed(0)}% of a 60 Hz frame at p95`);
  }
  console.log(`a11y mirror cost: median +${(quantile(runs.on, 0.5) - quantile(runs.off, 0.5)).toFixed(2)} ms, ` +
              `p95 +${(quantile(runs.on, 0.95) - quantile(runs.off, 0.95)).toFixed(2)} ms per frame`);
  await page.evaluate(() => window.yishiA11y.setEnabled(true));
  console.log(`a11y mirror elements on this screen: ${await page.evaluate(() => document.getElementById('a11y-mirror').childElementCount)}`);
  await idle(page, `consultation with ${total} comments, a11y mirror on`);
  await page.context().close();
} finally {
  await browser.close();
  await busyServer.stop();
}

// Frames drawn and main-thread busy time over 10 s without input.
async function idle(page, what) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find(m => m.name === 'TaskDuration').value;
  await page.waitForTimeout(1000);
  const frames0 = await page.evaluate(() => window.yishi.frames);
  const t0 = await busy();
  await page.waitForTimeout(10000);
  const t1 = await busy();
  const frames1 = await page.evaluate(() => window.yishi.frames);
  console.log(`idle 10 s (${what}): ${frames1 - frames0} frames drawn, main thread busy ${((t1 - t0) * 1000).toFixed(1)} ms ` +
              `(${(100 * (t1 - t0) / 10).toFixed(2)}% of one core)`);
}
