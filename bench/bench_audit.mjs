// bench_audit.mjs — recount throughput of a whole-log audit (issue 21): a real yishi-server on loopback
// filled with N residents' signed ballots (enrol, ballot-key bind, vote: 3N + 2 log entries), then
// `yishi audit URL --dir D --bench` twice — cold (an empty mirror: every tile and bundle fetched) and
// warm (full tiles kept, so mostly checking) — and prints, from the same run: the entries/s of the check
// (strict decode, signature, leaf hash, beside raw native Ed25519 verifies/s as `yishi audit --bench`
// measures them), and the wall-clock entries/s of each whole audit (sync, check, recount, export
// comparison). Then the browser's 核验全部选票 (docs/audit.md "In the browser"): headless Chromium on a phone
// viewport opens the results and checks and recounts every ballot of the ballot stream (ballots.bin: the
// signatures in the page's Web Workers, inclusion from the log's hash tiles), beside `yishi verify` of the
// consultation's export natively and raw native Ed25519 verifies/s of the same run. No thresholds: the
// machine is shared.
//
//   YISHI_SERVER=build/native/server/yishi-server YISHI_WEB_DIR=build/wasm/web [BENCH_BASELINE_WEB=older/web]
//     [BENCH_BASELINE_LIMIT_S=300] node bench/bench_audit.mjs [N=10000] [--no-audit]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { startServer, runServerCommand, launchBrowser, waitForFrames, reveal, tap, scrollToLabel } from '../tests/e2e/harness.mjs';
import { REGION, toolBin, sign, signOne, publicKey, accepted } from '../tests/e2e/ledger_helpers.mjs';

const N = Number(process.argv.slice(2).find(a => /^\d+$/.test(a)) || 10000);
const audit = !process.argv.includes('--no-audit');   // skip the yishi audit runs (the browser part only)
const C = 9;
const kConcurrency = 8;
const work = mkdtempSync(path.join(tmpdir(), 'yishi-bench-audit-'));
let codes;

const server = await startServer(['--rate-per-key', '0', '--rate-per-address', '0', '--read-rate-per-address', '0'],
  dbPath => {
    if (runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('committee'), '--region', String(REGION),
                          '--name', '菊苑社区居委会']).status !== 0) throw new Error('add-committee failed');
    codes = [];
    for (let left = N; left > 0; left -= 10000) {   // issue-codes makes at most 10,000 at a time
      const c = runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey('committee'), '--region',
                                  String(REGION), '--count', String(Math.min(left, 10000)), '--days', '30']);
      if (c.status !== 0) throw new Error('issue-codes failed: ' + c.stderr);
      codes.push(...c.stdout.trim().split('\n'));
    }
  });
try {
  const t0 = Date.now();
  await accepted(server.url, signOne({ key: 'committee', kind: 'consultation_open', sequence: 1, region: REGION,
    consultation: C, payload: { title: '全体核验基准', method: 1, options: [[1, '甲'], [2, '乙'], [3, '丙']],
                                schedule: [[3, 0]] } }).wire);
  const specs = [];
  for (let i = 0; i < N; ++i) {
    const key = `bench-audit-${i}`;
    specs.push({ key, kind: 'enroll', sequence: 1, region: REGION, payload: { code: codes[i], display_name: `居民${i}` } },
               { key, kind: 'ballot_key_bind', sequence: 2, region: REGION, consultation: C, payload: { blinding: '5a'.repeat(32) } },
               { key, kind: 'vote', sequence: 1, region: REGION, consultation: C, payload: { method: 1, entries: [[1 + (i % 3), 1]] } });
  }
  const wires = sign(specs).map(w => w.wire);
  let next = 0;   // resident i's three envelopes go in order; residents in parallel
  await Promise.all(Array.from({ length: kConcurrency }, async () => {
    for (let i; (i = next++) < N;) for (let k = 0; k < 3; ++k) await accepted(server.url, wires[3 * i + k]);
  }));
  await accepted(server.url, signOne({ key: 'committee', kind: 'consultation_advance', sequence: 2, region: REGION,
                                       consultation: C, payload: { stage: 4 } }).wire);
  const entries = 3 * N + 2;
  console.log(`filled: ${N} ballots, ${entries} log entries in ${((Date.now() - t0) / 1000).toFixed(1)} s (load ${loadavg()[0].toFixed(2)})`);
  const dir = path.join(work, 'mirror');
  let raw = 0;   // raw native Ed25519 verifies/s, as yishi audit --bench measured it in this run
  for (const run of audit ? ['cold', 'warm'] : []) {
    const started = Date.now();
    const r = spawnSync(toolBin, ['audit', server.url, '--dir', dir, '--bench'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const secs = (Date.now() - started) / 1000;
    if (r.status !== 0) throw new Error(`audit exited ${r.status}: ${r.stderr}`);
    const bench = /bench: (.*)/.exec(r.stdout)[1];
    console.log(`${run}: whole audit ${secs.toFixed(2)} s = ${(entries / secs).toFixed(0)} entries/s; ${bench}`);
    raw = Number(/raw native verify (\d+)\/s/.exec(bench)[1]);
  }
  // The same export checked natively: yishi verify (signatures, inclusion proofs, recount), wall clock.
  // (Asked again if it fails: node's pool may hand out a connection the server closed as idle meanwhile.)
  const getText = async url => { for (let k = 0; ; ++k) try { return await (await fetch(url)).text(); } catch (e) { if (k === 2) throw e; } };
  const bundleText = await getText(`${server.url}/api/consultations/${C}/export.json`);
  const bundleFile = path.join(work, 'export.json');
  writeFileSync(bundleFile, bundleText);
  const logKey = JSON.parse(await getText(server.url + '/api/log-key')).public_key;
  const v0 = Date.now();
  const v = spawnSync(toolBin, ['verify', bundleFile, '--log-key', logKey], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const vSecs = (Date.now() - v0) / 1000;
  if (v.status !== 0) throw new Error(`verify exited ${v.status}: ${v.stderr}`);
  console.log(`native yishi verify of the export (${(bundleText.length / 1e6).toFixed(1)} MB): ${vSecs.toFixed(2)} s = ` +
              `${(N / vSecs).toFixed(0)} ballots/s`);
  const s0 = Date.now();
  const stream = await (await fetch(`${server.url}/api/consultations/${C}/ballots.bin`)).arrayBuffer();
  console.log(`ballots.bin (what the browser reads): ${(stream.byteLength / 1e6).toFixed(1)} MB in ` +
              `${((Date.now() - s0) / 1000).toFixed(2)} s over loopback`);
  // The browser: a phone opens the results and taps 核验全部选票; the app states how long its check took.
  // With BENCH_BASELINE_WEB (an older build's web/), that build's app does the same in the same run,
  // served its files by a small proxy that passes /api/ and /log/ to this server.
  const browser = await launchBrowser();
  let baseline = null;
  try {
    const now = await recountInBrowser(browser, server.url);
    let line = `browser 核验全部选票: ${now.verdict.slice(0, 24)}… in ${now.appSecs.toFixed(2)} s (fetch included; ` +
               `${now.wall.toFixed(2)} s from the tap) = ${(N / now.appSecs).toFixed(0)} ballots/s; ratio to native yishi ` +
               `verify ${(vSecs / now.appSecs).toFixed(2)}` + (raw ? `; to raw native Ed25519 ${(N / now.appSecs / raw).toFixed(2)}` : '');
    console.log(line);
    if (process.env.BENCH_BASELINE_WEB) {
      baseline = await serveBaseline(process.env.BENCH_BASELINE_WEB, server.url);
      const limit = Number(process.env.BENCH_BASELINE_LIMIT_S || 300);
      const then = await recountInBrowser(browser, baseline.url, limit * 1000).catch(() => null);
      console.log(then ? `baseline build's 核验全部选票: ${then.verdict.slice(0, 24)}… in ${then.appSecs.toFixed(2)} s ` +
                         `(${then.wall.toFixed(2)} s from the tap); this build / baseline ${(now.wall / then.wall).toFixed(2)}`
                       : `baseline build's 核验全部选票: no verdict within ${limit} s`);
    }
  } finally {
    await browser.close();
    baseline?.close();
  }
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}

// A phone opens the consultation at `base`, taps 核验全部选票 and waits — without touching the page
// (scrolling would draw frames, which take CPU from the check) — for the verdict; then reads how long
// the app says its check took (核验详情).
async function recountInBrowser(browser, base, timeout = 1200000) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
                                             hasTouch: true, isMobile: true });
  try {
    const page = await context.newPage();
    await page.goto(`${base}/#/c/${C}`);
    await waitForFrames(page, 1);
    await reveal(page, '核验全部选票');   // below the fold on a phone
    const b0 = Date.now();
    await tap(page, '核验全部选票');
    const verdict = await (await page.waitForFunction(() => window.yishi.items.map(it => it.label)
      .find(l => /^(已核验|重新计票|不一致|核验失败|暂时取不到)/.test(l)), null, { timeout, polling: 100 })).jsonValue();
    const wall = (Date.now() - b0) / 1000;
    await tap(page, '核验详情');
    const line = await scrollToLabel(page, /本次核验用时 \d+ 毫秒/);
    return { verdict, wall, appSecs: Number(/用时 (\d+) 毫秒/.exec(line)[1]) / 1000 };
  } finally {
    await context.close();
  }
}

// Serves an older build's web/ directory, passing /api/ and /log/ to `target`.
async function serveBaseline(dir, target) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'application/javascript', '.wasm': 'application/wasm',
                  '.css': 'text/css', '.otf': 'font/otf', '.ttf': 'font/ttf' };
  const proxy = http.createServer(async (req, res) => {
    try {
      if (req.url.startsWith('/api/') || req.url.startsWith('/log/')) {
        const r = await fetch(target + req.url);
        res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') || 'application/octet-stream' });
        return res.end(Buffer.from(await r.arrayBuffer()));
      }
      const rel = req.url.split(/[?#]/)[0] === '/' ? '/index.html' : req.url.split(/[?#]/)[0];
      const body = readFileSync(path.join(dir, path.normalize(rel)));
      res.writeHead(200, { 'Content-Type': types[path.extname(rel)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise(resolve => proxy.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${proxy.address().port}`, close: () => proxy.close() };
}
