// recount.test.mjs — 核验全部选票 and 已核验 in the browser (docs/audit.md "In the browser"), on a phone
// (390×844, touch) against real parts: `yishi witness` cosigning what yishi-server pushes, five ballots
// signed by the `yishi` tool, and a fault-injecting proxy in front of the same server for the tampered
// cases. Untampered, the app names the trusted witness, checks every ballot, recounts and says 已核验.
// Served without the witness in the trust list, with a forged cosignature, a ballot dropped from the ballot
// stream, a ballot's signature altered or a doctored log tile, it never says 已核验 and says plainly what
// it found. The signatures are checked by the page's Web Workers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, waitForFrames, waitForItem, reveal, tap, screenshot, labels, scrollToLabel } from './harness.mjs';
import { prepareRegion, populateVote, startRewritingProxy, startWitness, readBallotStream, writeBallotStream } from './ledger_helpers.mjs';

const C = 7;
const ENTRIES = 1 + 5 * 3 + 1;   // populateVote with five residents
const work = mkdtempSync(path.join(tmpdir(), 'yishi-recount-'));
let server, witness, witnessName, proxy, browser;
let mode = 'untampered';   // what the proxy does (below)
const escape = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');   // a literal inside a RegExp

before(async () => {
  // The log key exists once the server first ran; the witness is then told it, and the server its witness.
  const db = path.join(work, 'a.db'), keyFile = path.join(work, 'log.key');
  const region = prepareRegion(5);
  server = await startServer(['--key-file', keyFile], region.prepare, undefined, { db, backend: 'sqlite' });
  const logKey = await (await fetch(server.url + '/api/log-key')).json();
  await server.stop();
  witness = await startWitness(path.join(work, 'witness'), logKey);
  witnessName = witness.key.split('+')[0];
  server = await startServer(['--rate-per-key', '0', '--key-file', keyFile, '--witness', `${witness.url}=${witness.key}`],
                             null, undefined, { db, backend: 'sqlite' });
  await populateVote(server.url, region.codes(), [1, 1, 1, 2, 2], C);
  for (const end = Date.now() + 15000; ;) {   // the witness answers after the commit: wait for the last head's line
    const note = await (await fetch(server.url + '/log/checkpoint')).text();
    if (Number(note.split('\n')[1]) === ENTRIES && note.includes('\n— ' + witnessName + ' ')) break;
    if (Date.now() > end) throw new Error('the last checkpoint was not cosigned: ' + witness.log());
    await new Promise(r => setTimeout(r, 50));
  }
  // The tampering proxy: 'untrusted' serves /api/log-key naming no witness; 'forged' alters the witness's
  // signature in the ballot stream's checkpoint; 'dropped' leaves the first ballot out of the stream;
  // 'badsig' alters a byte of the second ballot's signature; 'tile' alters a hash in the log's tile.
  const streamPath = `/api/consultations/${C}/ballots.bin`;
  proxy = await startRewritingProxy(server.url, (url, status, body) => {
    if (mode === 'untrusted' && url === '/api/log-key')
      return Buffer.from(JSON.stringify({ ...JSON.parse(body), witnesses: [] }));
    if (mode === 'tile' && url === '/log/tile/0/000.p/' + ENTRIES) return Buffer.from(body.map((b, i) => i === 40 ? b ^ 1 : b));
    if (url !== streamPath || status !== 200 || !['forged', 'dropped', 'badsig'].includes(mode)) return body;
    const x = readBallotStream(body);
    if (mode === 'dropped') x.ballots.shift();
    else if (mode === 'badsig') x.ballots[1].wire[x.ballots[1].wire.length - 1] ^= 1;
    else x.checkpoint = x.checkpoint.replace(new RegExp(`(\n— ${escape(witnessName)} \\S{20})(\\S)`),
                                             (_, head, c) => head + (c === 'A' ? 'B' : 'A'));
    return writeBallotStream(x);
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  proxy?.close();
  await server?.stop();
  await witness?.stop();
  rmSync(work, { recursive: true, force: true });
});

// The consultation's page on a phone (touch, 390×844), from `base`; closed with its context by the caller.
// `init`: a script run in the page before the app (to take something away from the browser).
async function phone(base, init = null) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
                                             hasTouch: true, isMobile: true });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', e => page.problems.push('uncaught: ' + e.message));
  await page.goto(`${base}/#/c/${C}`);
  await waitForFrames(page, 1);
  await reveal(page, '核验全部选票');   // the results are below the fold on a phone
  return { page, context };
}

const labelLike = scrollToLabel;

// Taps 核验全部选票 (scrolled to first) and waits for the verdict matching `re`; returns its text.
async function recount(page, re, name) {
  await tap(page, '核验全部选票');
  try {
    return await labelLike(page, re);
  } catch (e) {
    await screenshot(page, name.replace('.png', '-failed.png'));
    throw e;
  }
}

const noVerified = async page => assert.equal((await labels(page)).some(l => l.startsWith('已核验')), false,
                                              'nothing is shown as 已核验');

test('untampered: the trusted witness is named, every ballot checks, the recount agrees: 已核验', async () => {
  const { page, context } = await phone(server.url);
  await waitForItem(page, '本站信任的见证方：' + witnessName, 20000);
  const verdict = await recount(page, /^已核验：全部 5 张选票/, 'recount-verified-phone.png');
  assert.ok(verdict.endsWith('见证方：' + witnessName), verdict);
  await tap(page, '核验详情');
  const details = await labelLike(page, /^公开日志共 \d+ 条，本次核验用时 \d+ 毫秒。$/);
  assert.match(details, new RegExp(`^公开日志共 ${ENTRIES} 条`));
  await labelLike(page, new RegExp(`^见证方指纹：${escape(witnessName)} [0-9a-f]{8}$`));
  await screenshot(page, 'recount-verified-phone.png');
  assert.deepEqual(page.problems, []);
  // The signatures were checked by Web Workers (a worker that failed would have left the pool).
  assert.ok(await page.evaluate(() => window.Module.yishiWirePool.length) >= 1, 'the workers ran the checks');
  await context.close();
});

test('a browser without Web Workers: the page checks the signatures itself, same verdict', async () => {
  const { page, context } = await phone(server.url, () => { window.Worker = undefined; });
  await recount(page, /^已核验：全部 5 张选票/, 'recount-noworkers-phone.png');
  assert.equal(await page.evaluate(() => window.Module.yishiWirePool.length), 0, 'no worker ran');
  await context.close();
});

test('a witness the app is not told to trust: the recount agrees, but no 已核验', async () => {
  mode = 'untrusted';
  const { page, context } = await phone(proxy.url);
  await waitForItem(page, '本站没有设置见证方，所以这里不会显示“已核验”。', 20000);
  await recount(page, /^重新计票与公布的结果一致（5 张选票签名无误、都在公开日志里），但尚无见证方确认这份日志。$/,
                'recount-untrusted-phone.png');
  await noVerified(page);
  await screenshot(page, 'recount-untrusted-phone.png');
  await context.close();
});

test('a forged cosignature: said so, no 已核验', async () => {
  mode = 'forged';
  const { page, context } = await phone(proxy.url);
  const verdict = await recount(page, /^重新计票与公布的结果一致，但见证方的确认签名不对/, 'recount-forged-phone.png');
  assert.ok(verdict.endsWith('见证方：' + witnessName), verdict);
  await noVerified(page);
  await context.close();
});

test('a ballot dropped from the ballot stream: the recount disagrees with the published result', async () => {
  mode = 'dropped';
  const { page, context } = await phone(proxy.url);
  await recount(page, /^不一致：按选票重新计票，与公布的结果不同。/, 'recount-dropped-phone.png');
  await noVerified(page);
  await tap(page, '核验详情');
  await labelLike(page, /^the page shows \d for option \d, the ballots give \d$/);
  await screenshot(page, 'recount-dropped-phone.png');
  await context.close();
});

test("a ballot's signature altered, or a log tile doctored: the check fails and says where", async () => {
  for (const [m, detail] of [['badsig', /^ballot at log index \d+: bad_signature$/],
                             ['tile', /^the log's hash tiles do not lead to the checkpoint's root$/]]) {
    mode = m;
    const { page, context } = await phone(proxy.url);
    await recount(page, /^核验失败/, `recount-${m}-phone.png`);
    await noVerified(page);
    await tap(page, '核验详情');
    await labelLike(page, detail);
    await context.close();
  }
});

test('ballots.bin: the five ballots under the signed checkpoint; an unknown consultation is a clear 404', async () => {
  const r = await fetch(`${server.url}/api/consultations/${C}/ballots.bin`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const s = readBallotStream(Buffer.from(await r.arrayBuffer()));
  assert.equal(s.consultation, C);
  assert.equal(s.ballots.length, 5);
  assert.ok(s.ballots.every(b => b.log_index < ENTRIES));
  const missing = await fetch(`${server.url}/api/consultations/999/ballots.bin`);
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, 'consultation_not_found');
});
