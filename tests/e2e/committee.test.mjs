// committee.test.mjs — the neighbourhood committee's journey in the browser app against a real server:
// the browser's own key (read from 我的) is registered as committee through the operator CLI, 我的 then
// shows the workspace button; the wizard refuses a form without options before signing (the shared
// validate_consultation_open), keeps what was typed (a title entered through IME composition), opens
// the consultation, and the workspace advances it a stage; the server is asked for stage and title.
// A stale advance (another committee member moved the consultation meanwhile) shows the server's
// refusal next to the button; the participation numbers come from the server's counts; an id taken
// meanwhile is refused by the server, the form keeps its text and the next press opens under a new id.
// Closing fetches the export, rechecks it in the browser and signs its count (tally_hash).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertLayout, startServer, runServerCommand, launchBrowser, waitForFrames, waitForItem, screenshot, findItem,
         typeIme, reveal, tap, focus, labels, press, deviceKey, until } from './harness.mjs';
import { REGION, sign, publicKey, submit, checkDb, toolBin } from './ledger_helpers.mjs';

let server, browser;

before(async () => {
  server = await startServer(['--rate-per-key', '0'], (dbPath, dir) => {
    // Five organisations in the directory, for the wizard to link by name (清里社区助老服务队 among them).
    const csv = runServerCommand(['gen-orgs', '--count', '5', '--seed', '7']);
    assert.equal(csv.status, 0, csv.stderr);
    writeFileSync(path.join(dir, 'orgs.csv'), csv.stdout);
    const imported = runServerCommand(['import-orgs', '--db', dbPath, path.join(dir, 'orgs.csv')]);
    assert.equal(imported.status, 0, imported.stderr);
    // A second member of the same committee, signing with a test key (for the stale-advance step).
    const r = runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('c-colleague'), '--region',
                                String(REGION), '--name', '居委会']);
    assert.equal(r.status, 0, r.stderr);
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function waitForLabel(page, re, timeout = 15000) {
  try {
    const h = await page.waitForFunction(s => window.yishi.items.find(it => new RegExp(s).test(it.label))?.label,
                                         re.source, { timeout });
    return h.jsonValue();
  } catch (e) {
    console.log(JSON.stringify(await labels(page)));
    throw e;
  }
}
const consultation = id => fetch(`${server.url}/api/consultations/${id}`).then(r => r.json());

test('a committee opens a consultation through the wizard and advances it', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', e => page.problems.push('uncaught: ' + e.message));
  await page.goto(server.url + '/');
  await waitForFrames(page, 1);

  // 我的 shows no key until 高级 is opened; then a short fingerprint and the whole key. No workspace button
  // before the operator registers it.
  await press(page, '我的', ['加入社区', true]);
  assert.equal((await labels(page)).some(l => /[0-9a-f]{64}/.test(l)), false, 'no key shown unless asked');
  const key = await deviceKey(page);
  await waitForItem(page, '本机指纹 ' + key.slice(0, 16).toUpperCase().match(/.{4}/g).join(' '));
  await page.waitForTimeout(500);
  assert.equal(await findItem(page, '居委会工作台'), null);
  const r = runServerCommand(['add-committee', '--db', server.dbPath, '--key', key, '--region', String(REGION),
                              '--name', '居委会']);
  assert.equal(r.status, 0, r.stderr);
  const roles = await (await fetch(`${server.url}/api/residents/${key}`)).json();
  assert.deepEqual(roles.roles.map(x => [x.role, x.region]), [['committee', REGION]]);

  // Coming back to 我的 reads the roles again: the button appears.
  await press(page, '首页', ['本社区的协商', true]);
  await press(page, '我的', ['居委会工作台', true]);
  await press(page, '居委会工作台', ['发起新议题', true]);
  await waitForItem(page, '本居委会范围内还没有议题。');
  await press(page, '发起新议题', ['议题标题', true]);

  // The wizard: a title through IME, a description, but no options yet → refused before signing.
  await focus(page, '议题标题');
  await typeIme(page, 'jiazhuangdianti', '加装电梯征求意见，喆');
  await focus(page, '议题说明');
  await page.keyboard.insertText('3号楼加装电梯的方案与费用分摊');
  const before = checkDb(server.dbPath).envelopes;
  await press(page, '签名并发起', ['请至少添加一个选项。', true]);
  await page.waitForTimeout(300);
  assert.equal(checkDb(server.dbPath).envelopes, before, 'nothing was signed or sent');

  // Options typed into the two empty rows; a third added and removed again.
  await focus(page, '选项1');
  await page.keyboard.insertText('同意加装');
  await focus(page, '选项2');
  await page.keyboard.insertText('暂不加装');
  await press(page, '添加选项', ['选项3', true]);
  await reveal(page, '选项3');
  const removes = await page.evaluate(() => window.yishi.items.filter(it => it.label === '删除').length);
  assert.equal(removes, 3);
  const third = await page.evaluate(() => window.yishi.items.filter(it => it.label === '删除').pop());
  await page.mouse.click(third.x + third.w / 2, third.y + third.h / 2);
  await page.waitForFunction(() => !window.yishi.items.some(it => it.label === '选项3'));

  // The organisation that will deliver it, picked by name from the directory (no ids to type): a search,
  // a tap on the hit; it is listed with 移除 and leaves the hits.
  await focus(page, '搜索组织名称');
  await typeIme(page, 'zhulao', '助老');
  await press(page, '清里社区助老服务队 · 吴中区', ['清里社区助老服务队', true]);
  await waitForItem(page, '移除');
  assert.equal(await findItem(page, '清里社区助老服务队 · 吴中区'), null, 'a picked one is no longer offered');
  await screenshot(page, 'committee-orgs-phone.png');
  await assertLayout(page, 'committee-orgs-phone');
  await reveal(page, '议题标题');
  await screenshot(page, 'committee-wizard-phone.png');
  await assertLayout(page, 'committee-wizard-phone');

  await press(page, '签名并发起', ['签名并发起', false]);  // the wizard closes once accepted
  // The consultation id is one above the largest listed (none yet): 1.
  const opened = await until(async () => { const c = await consultation(1); return c.id === 1 && c; }, v => v, 'the opening');
  assert.equal(opened.title, '加装电梯征求意见，喆');
  assert.equal(opened.description, '3号楼加装电梯的方案与费用分摊');
  assert.equal(opened.region, REGION);
  assert.equal(opened.method, 'plurality');
  assert.deepEqual(opened.options.map(o => o.label), ['同意加装', '暂不加装']);
  assert.deepEqual(opened.schedule.map(s => s.stage), ['collect_needs', 'deliberate', 'vote', 'evaluate']);
  assert.equal(opened.stage, 'collect_needs');
  assert.equal(opened.committee, key);
  assert.deepEqual(opened.organizations.map(o => o.name), ['清里社区助老服务队'], 'the organisation picked');

  // Back in the workspace: the row with its stage; advance to 民主协商.
  await waitForLabel(page, /^#1 加装电梯征求意见，喆$/);
  await screenshot(page, 'committee-workspace-phone.png');
  await assertLayout(page, 'committee-workspace-phone');
  // Irreversible: the dialog says what will happen; 取消 changes nothing, 确认 advances.
  await press(page, '推进到：民主协商', ['确认', true]);
  await waitForItem(page, '推进后，所有居民将进入“民主协商”阶段，此操作不能撤销。');
  await screenshot(page, 'committee-confirm-phone.png');
  await assertLayout(page, 'committee-confirm-phone');
  await press(page, '取消', ['确认', false]);
  assert.equal((await consultation(1)).stage, 'collect_needs');
  await press(page, '推进到：民主协商', ['确认', true]);
  await press(page, '确认', ['推进到：项目决策', true]);
  await until(async () => (await consultation(1)).stage === 'deliberate', v => v, 'the advance');
  await waitForItem(page, '推进到：项目决策');

  // Participation numbers from the server (nothing cast yet: 0 enrolled, 0 ballots).
  await press(page, '参与情况', ['已加入居民：0', true]);
  await waitForItem(page, '已加入居民：0');
  await waitForItem(page, '投票率：—');
  await assertLayout(page, 'committee-participation-phone');

  // A colleague moves it to evaluate meanwhile; the stale "advance to vote" is refused and says why.
  const moved = sign([{ key: 'c-colleague', kind: 'consultation_advance', sequence: 1, region: REGION, consultation: 1,
                        time: Date.now(), payload: { stage: 4 } }]);
  assert.equal((await submit(server.url, moved[0].wire)).status, 201);
  await press(page, '推进到：项目决策', ['确认', true]);
  await press(page, '确认', ['当前阶段不能进行这项操作。', true]);
  await waitForItem(page, '当前阶段不能进行这项操作。');
  assert.equal((await consultation(1)).stage, 'evaluate');

  // Close with a summary.
  await tap(page, '刷新');
  await waitForItem(page, '结束议题');
  await focus(page, '结束说明');
  await page.keyboard.insertText('已完成意见征集');
  await press(page, '结束议题', ['结束后不能再投票或评价，计票结果将公开，此操作不能撤销。', true]);
  await press(page, '确认', ['结束议题', false]);
  await until(async () => (await consultation(1)).stage === 'closed', v => v, 'the close');
  assert.equal((await consultation(1)).close_summary, '已完成意见征集');
  // A resident opening the consultation's link reads the committee's summary with the results.
  const reader = await (await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 })).newPage();
  await reader.goto(server.url + '/#/c/1');
  await waitForFrames(reader, 1);
  await reveal(reader, '居委会总结');
  await reveal(reader, '已完成意见征集');
  await screenshot(reader, 'committee-summary-phone.png');
  await reader.context().close();
  // The close states the count the browser rechecked from the export (core::check_bundle): the closed
  // consultation's export carries it and yishi verify matches it against its own recount.
  const bundle = await (await fetch(`${server.url}/api/consultations/1/export.json`)).json();
  assert.ok(bundle.close, 'the export carries the close');
  const file = path.join(path.dirname(server.dbPath), 'closed-1.json');
  writeFileSync(file, JSON.stringify(bundle));
  const verified = spawnSync(toolBin, ['verify', file, '--log-key', bundle.log_key], { encoding: 'utf8' });
  assert.equal(verified.status, 0, verified.stderr);
  assert.equal(JSON.parse(verified.stdout).closed, true);

  // The wizard in English fits the phone too.
  await press(page, 'English', ['Open a consultation', true]);
  await press(page, 'Open a consultation', ['Title', true]);
  for (const label of ['Title', 'Add an option', 'Option 1', 'Remove', 'Sign and open', 'Collect needs YYYY-MM-DD']) {
    const it = await reveal(page, label);
    assert.ok(it.x >= 0 && it.x + it.w <= 390, `${label} fits the screen (${it.x}+${it.w})`);
  }
  await reveal(page, 'Title');
  await screenshot(page, 'committee-wizard-phone-en.png');
  await assertLayout(page, 'committee-wizard-phone-en');
  await press(page, 'Large text', ['Standard text', true]);   // the wizard at large text, then back
  await reveal(page, 'Title');
  await screenshot(page, 'committee-wizard-phone-large-en.png');
  await assertLayout(page, 'committee-wizard-phone-large-en');
  await press(page, 'Standard text', ['Large text', true]);

  // Meanwhile the colleague takes id 2 (the workspace last listed only #1): the server refuses the
  // wizard's opening with consultation_exists, the form keeps what was typed, and pressing again uses 3.
  const taken = sign([{ key: 'c-colleague', kind: 'consultation_open', sequence: 2, region: REGION, consultation: 2,
                        time: Date.now(), payload: { title: '同事的议题', method: 1, options: [[1, '甲'], [2, '乙']],
                                                     schedule: [[1, Date.now() - 60000]] } }]);
  assert.equal((await submit(server.url, taken[0].wire)).status, 201);
  await focus(page, 'Title');
  await typeIme(page, 'lvhua', '绿化改造');
  await focus(page, 'Option 1');
  await page.keyboard.insertText('种树');
  await focus(page, 'Option 2');
  await page.keyboard.insertText('种花');
  await press(page, 'Sign and open', ['That consultation number was taken; a new one is chosen, press again.', true]);
  assert.equal((await consultation(2)).title, '同事的议题');
  await press(page, 'Sign and open', ['Sign and open', false]);
  const retried = await until(async () => { const c = await consultation(3); return c.id === 3 && c; }, v => v, 'the retry');
  assert.equal(retried.title, '绿化改造');
  assert.deepEqual(retried.options.map(o => o.label), ['种树', '种花']);

  const check = checkDb(server.dbPath);
  assert.ok(check.ok, check.text);
  assert.deepEqual(page.problems, []);
  await context.close();
});
