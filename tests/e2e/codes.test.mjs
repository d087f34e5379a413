// codes.test.mjs — enrolment codes issued from the committee's browser (POST /api/committee/codes)
// against a real server and a real SQLite file.
//
// The API test signs code requests with node's own Ed25519 from the layout in docs/protocol.md
// ("Code requests") — not the C++ under test — and checks each refusal (type, size, truncation,
// signature, clock, replay, role, scope) answers its code and stores nothing (rows counted in the
// database file). The browser test is the committee's journey: 发放登记码 → generate → the printable
// sheet downloaded and read → a resident on a phone enrols with one of those codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createHash, createPrivateKey, sign as edSign, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertLayout, startServer, runServerCommand, launchBrowser, waitForFrames, waitForItem, findItem, screenshot, clickItem,
         typeIme, reveal, tap, focus, labels, press, deviceKey } from './harness.mjs';
import { publicKey } from './ledger_helpers.mjs';

// A fictional street of 姑苏区 with two fictional communities.
const CITY = 320500, GUSU = 320508, STREET = 320508901, COMMUNITY = 3205089011, SIBLING = 3205089012;
const require = createRequire(import.meta.url);
let server, browser;

before(async () => {
  server = await startServer(['--rate-per-key', '0'], (dbPath, dir) => {
    const csv = path.join(dir, 'regions.csv');
    writeFileSync(csv, 'id,parent,level,code,name\n' +
      `${CITY},0,city,320500000000,苏州市\n${GUSU},${CITY},district,320508000000,姑苏区\n` +
      `${STREET},${GUSU},street,320508901000,青萍街道（示例）\n` +
      `${COMMUNITY},${STREET},community,320508901901,竹辉社区（示例）\n` +
      `${SIBLING},${STREET},community,320508901902,南园社区（示例）\n`);
    let r = runServerCommand(['import-regions', '--db', dbPath, csv]);
    assert.equal(r.status, 0, r.stderr);
    for (const [key, region] of [['k-community', COMMUNITY], ['k-street', STREET]]) {
      r = runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey(key), '--region', String(region),
                            '--name', '居委会']);
      assert.equal(r.status, 0, r.stderr);
    }
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// [Independent signer] -----------------------------------------------------------------------------
// The tool's test keys: seed = SHA-256("yishi-tool-key:" || name) (shared/tool/sign_command.cpp).
function privateKey(name) {
  const seed = createHash('sha256').update('yishi-tool-key:' + name).digest();
  return createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
                            format: 'der', type: 'pkcs8' });
}
// version 1 | author 32 | timestamp_ms i64 | nonce 16 | region u32 | count u16 | days u16, then the
// Ed25519 signature over "yishi/code-request/v1\0" || body.
function codeRequest(name, { region = COMMUNITY, count = 5, days = 30, timestamp = Date.now(), nonce = randomBytes(16),
                             signer = name } = {}) {
  const body = Buffer.alloc(65);
  body[0] = 1;
  Buffer.from(publicKey(name), 'hex').copy(body, 1);
  body.writeBigInt64BE(BigInt(timestamp), 33);
  nonce.copy(body, 41);
  body.writeUInt32BE(region, 57);
  body.writeUInt16BE(count, 61);
  body.writeUInt16BE(days, 63);
  const sig = edSign(null, Buffer.concat([Buffer.from('yishi/code-request/v1\0', 'binary'), body]), privateKey(signer));
  return Buffer.concat([body, sig]);
}
async function post(body, contentType = 'application/octet-stream') {
  const r = await fetch(server.url + '/api/committee/codes', { method: 'POST', headers: { 'Content-Type': contentType },
                                                                body });
  return { status: r.status, body: await r.json(), cache: r.headers.get('cache-control') };
}
// Rows in the database file, counted per table by Python's sqlite3 (read-only), not by the server.
// Asynchronous: a blocked event loop would let fetch reuse a keep-alive connection the server has
// already closed as idle.
const execFileAsync = promisify(execFile);
async function counts(...tables) {
  const { stdout } = await execFileAsync('python3', ['-c', `import sqlite3,sys
db = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
for t in sys.argv[2:]: print(db.execute('SELECT count(*) FROM ' + t).fetchone()[0])`, server.dbPath, ...tables]);
  return stdout.trim().split('\n').map(Number);
}

test('a committee gets fresh codes once per signed request; every refusal stores nothing', async () => {
  const first = await post(codeRequest('k-community', { count: 5, days: 7 }));
  assert.equal(first.status, 201, JSON.stringify(first.body));
  assert.equal(first.cache, 'no-store');
  assert.equal(first.body.codes.length, 5);
  assert.equal(new Set(first.body.codes).size, 5);
  for (const c of first.body.codes) assert.match(c, /^[346789ABCDEFGHJKMNPQRTUVWXY]{4}(-[346789ABCDEFGHJKMNPQRTUVWXY]{4}){2}$/);
  assert.equal(first.body.region, COMMUNITY);
  assert.equal(first.body.region_name, '竹辉社区（示例）');
  assert.ok(Math.abs(first.body.expires_ms - (Date.now() + 7 * 86400000)) < 60000);
  assert.deepEqual(await counts('enrollment_codes', 'code_requests'), [5, 1]);

  // A street committee issues for a community below it.
  const below = await post(codeRequest('k-street', { region: SIBLING, count: 2 }));
  assert.equal(below.status, 201, JSON.stringify(below.body));
  assert.equal(below.body.region_name, '南园社区（示例）');
  const stored = await counts('enrollment_codes', 'code_requests');
  assert.deepEqual(stored, [7, 2]);

  const replayed = codeRequest('k-community');
  assert.equal((await post(replayed)).status, 201);
  const after = await counts('enrollment_codes', 'code_requests');
  const refusals = [
    [replayed, 409, 'request_replayed'],
    [codeRequest('k-community', { region: SIBLING }), 403, 'wrong_region'],      // a sibling community
    [codeRequest('k-community', { region: STREET }), 403, 'wrong_region'],          // the street above
    [codeRequest('k-stranger'), 403, 'not_committee'],
    [codeRequest('k-community', { signer: 'k-stranger' }), 400, 'bad_signature'],   // signed by another key
    [codeRequest('k-community', { timestamp: Date.now() - 6 * 60000 }), 400, 'request_stale'],
    [codeRequest('k-community', { timestamp: Date.now() + 6 * 60000 }), 400, 'request_stale'],
    [codeRequest('k-community', { count: 0 }), 400, 'envelope_out_of_range'],
    [codeRequest('k-community', { count: 201 }), 400, 'envelope_out_of_range'],
    [codeRequest('k-community', { days: 366 }), 400, 'envelope_out_of_range'],
    [codeRequest('k-community').subarray(0, 128), 400, 'envelope_truncated'],
    [Buffer.alloc(4096), 413, 'payload_too_large'],
  ];
  for (const [body, status, code] of refusals) {
    const r = await post(body);
    assert.equal(r.status, status, `${code}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.code, code);
    assert.ok(r.body.error.message.length > 10, 'a human message too');
  }
  const typed = await post(codeRequest('k-community'), 'application/json');
  assert.equal(typed.status, 415);
  assert.equal(typed.body.error.code, 'unsupported_media_type');
  assert.deepEqual(await counts('enrollment_codes', 'code_requests'), after, 'refusals store nothing');
  assert.deepEqual(after, [stored[0] + 5, stored[1] + 1]);
});

test('a committee prints codes in the browser and a resident enrols with one of them', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
                                             acceptDownloads: true });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', e => page.problems.push('uncaught: ' + e.message));
  await page.goto(server.url + '/');
  await waitForFrames(page, 1);
  await press(page, '我的', ['加入社区', true]);
  const key = await deviceKey(page);
  const r = runServerCommand(['add-committee', '--db', server.dbPath, '--key', key, '--region', String(STREET),
                              '--name', '双塔街道工委']);
  assert.equal(r.status, 0, r.stderr);
  await press(page, '首页', ['本社区的协商', true]);
  await press(page, '我的', ['居委会工作台', true]);   // coming back reads the roles again
  await press(page, '居委会工作台', ['发放登记码', true]);
  await press(page, '发放登记码', ['数量（1–200）', true]);

  // A count out of range is refused before anything is signed; the field keeps what was typed.
  const before = (await counts('code_requests'))[0];
  await focus(page, '数量（1–200）');
  for (let k = 0; k < 2; ++k) await page.keyboard.press('Backspace');
  await page.keyboard.insertText('500');
  await tap(page, '生成登记码');
  await waitForItem(page, '数量应为 1 到 200 的整数。');
  assert.equal((await counts('code_requests'))[0], before);

  // Three codes for 竹辉社区 (the street's second area in the list).
  await focus(page, '数量（1–200）');
  for (let k = 0; k < 3; ++k) await page.keyboard.press('Backspace');
  await page.keyboard.insertText('3');
  await press(page, '发给', ['竹辉社区（示例）', true]);   // the drop-down opens
  await press(page, '竹辉社区（示例）', ['南园社区（示例）', false]);   // and closes on the choice
  await tap(page, '生成登记码');
  const issued = await page.waitForFunction(() => window.yishi.items.map(it => it.label).find(l => /^已生成 3 个登记码/.test(l)));
  assert.match(await issued.jsonValue(), new RegExp(`竹辉社区（示例） · 社区编号 ${COMMUNITY} · 有效期至 \\d{4}-\\d{2}-\\d{2}$`));
  const codes = (await labels(page)).filter(l => /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(l));
  assert.equal(codes.length, 3);
  await screenshot(page, 'codes-issued-phone.png');
  await assertLayout(page, 'codes-issued-phone');

  // The printable sheet: a self-contained HTML page with a slip per code and its community (the code names
  // it: nothing else to type, so no community number on the slip).
  const [download] = await Promise.all([page.waitForEvent('download'), tap(page, '下载打印版')]);
  assert.match(download.suggestedFilename(), new RegExp(`^yishi-codes-${COMMUNITY}-\\d{4}-\\d{2}-\\d{2}\\.html$`));
  const html = readFileSync(await download.path(), 'utf8');
  assert.equal((html.match(/class="slip"/g) || []).length, 3);
  for (const c of codes) assert.ok(html.includes(`<div class="code">${c}</div>`), c);
  assert.ok(html.includes('竹辉社区（示例） 登记码'));
  assert.ok(!html.includes('社区编号'), 'no community number to type');
  assert.ok(html.includes('扫一扫上面的二维码即可加入本社区'));
  assert.ok(html.includes(`网址：${server.url}/<`), 'the portal\'s address, to type by hand');
  assert.equal((html.match(/<svg class="qr"/g) || []).length, 3, 'a QR code on every slip');
  assert.ok(!/<script|src=|href=/.test(html), 'no scripts or outside resources');
  await waitForItem(page, '已下载：' + download.suggestedFilename());
  const sheet = await browser.newPage({ viewport: { width: 794, height: 1123 } });   // A4 at 96 dpi
  await sheet.setContent(html);
  await sheet.screenshot({ path: `${process.env.YISHI_ARTIFACTS || 'artifacts'}/codes-sheet.png`, fullPage: true });
  // Each slip's QR code, read back from its drawing as a phone's camera would (jsQR, in the page).
  await sheet.addScriptTag({ path: require.resolve('jsqr/dist/jsQR.js') });
  const links = await sheet.evaluate(async () => Promise.all([...document.querySelectorAll('svg.qr')].map(async svg => {
    const img = new Image();
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg.outerHTML);
    await img.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: 400, height: 400 });
    const g = canvas.getContext('2d');
    g.drawImage(img, 0, 0, 400, 400);
    return jsQR(g.getImageData(0, 0, 400, 400).data, 400, 400)?.data ?? null;
  })));
  await sheet.close();
  assert.deepEqual(links, codes.map(c => `${server.url}/#/join?code=${c}`), 'each QR code is its code\'s join link');

  // The code names its community: GET /api/codes/{sha256 of the code} answers while it can be used.
  const codeHash = c => createHash('sha256').update(c).digest('hex');
  const lookup = await fetch(`${server.url}/api/codes/${codeHash(codes[1])}`);
  assert.equal(lookup.status, 200);
  assert.deepEqual(Object.assign(await lookup.json(), { expires_ms: 0 }),
                   { region: COMMUNITY, region_name: '竹辉社区（示例）', expires_ms: 0 });
  const unknown = await fetch(`${server.url}/api/codes/${codeHash('AAAA-BBBB-CCCC')}`);
  assert.equal(unknown.status, 403);
  assert.equal((await unknown.json()).error.code, 'bad_enrollment_code');
  assert.equal((await fetch(`${server.url}/api/codes/xyz`)).status, 404, 'not a hash: no such route');

  // A resident on another phone enrols with the second code.
  const resident = await (await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 })).newPage();
  await resident.goto(server.url + '/');
  await waitForFrames(resident, 1);
  await press(resident, '我的', ['登记码', true]);
  await focus(resident, '登记码');
  await resident.keyboard.insertText(codes[1]);
  await focus(resident, '称呼（可选）');
  await typeIme(resident, 'wangyun', '王赟');
  assert.equal(await findItem(resident, '社区编号'), null, 'the code names its community: nothing else to type');
  await clickItem(resident, '加入');
  await waitForItem(resident, '已加入：竹辉社区（示例） · 王赟', 15000);
  const used = await fetch(`${server.url}/api/codes/${codeHash(codes[1])}`);
  assert.equal(used.status, 403, 'a used code names nothing any more');

  // A neighbour scans the third slip: the link opens 我的 with her code filled in; she only taps 加入.
  const scanned = await (await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3,
                                                    hasTouch: true, isMobile: true })).newPage();
  await scanned.goto(links[2]);
  await waitForFrames(scanned, 1);
  await waitForItem(scanned, '加入');
  assert.equal(await scanned.evaluate(() => window.yishi.items.find(it => it.label === '登记码')?.value), codes[2],
               'the code from the link is in its field');
  await screenshot(scanned, 'codes-scanned-link-phone.png');
  await clickItem(scanned, '加入');
  await waitForItem(scanned, '已加入：竹辉社区（示例）', 15000);
  assert.deepEqual(page.problems, []);
});
