// feedback-ui.test.mjs — resident feedback in the browser, end to end against the real server: the
// page's own key, sent from 反馈 to 我的 to join its community with an enrolment code (the one way in),
// sends feedback typed through IME
// composition, the committee screen (same device key, registered as committee by the operator CLI)
// moves it accepted → in progress → resolved, a decline without a reason is stopped by the core rule
// before anything is sent, and the resident sees the history and rates the resolution once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertLayout, startServer, runServerCommand, launchBrowser, openPage, waitForFrames, waitForItem, findItem, clickItem,
         screenshot, tap, deviceKey, until } from './harness.mjs';
import { checkDb } from './ledger_helpers.mjs';

const REGION = '320508';
let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// Focuses the field named `label` and enters text as committed IME input.
async function typeInto(page, label, text, { compose = null } = {}) {
  await clickItem(page, label);
  await page.waitForFunction(() => window.yishi.wantText === true);
  if (compose) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: compose, selectionStart: compose.length, selectionEnd: compose.length });
    await cdp.send('Input.insertText', { text });
  } else {
    await page.keyboard.insertText(text);
  }
}

test('a resident sends feedback, the committee resolves it, the resident rates it', async () => {
  const page = await openPage(browser, server.url + '/', { width: 390, height: 844 }, 2);
  await waitForFrames(page, 1);
  const key = await deviceKey(page);
  assert.match(key, /^[0-9a-f]{64}$/);
  await clickItem(page, '反馈');
  await waitForItem(page, '居民反馈');
  assert.equal(await findItem(page, '反馈处理'), null, 'a resident without a committee role has no queue tab');

  // The operator registers this device's key as the community's committee and issues a code.
  let r = runServerCommand(['add-committee', '--db', server.dbPath, '--key', key, '--region', REGION, '--name', '菊苑社区居委会']);
  assert.equal(r.status, 0, r.stderr);
  r = runServerCommand(['issue-codes', '--db', server.dbPath, '--committee-key', key, '--region', REGION, '--count', '1']);
  assert.equal(r.status, 0, r.stderr);
  const code = r.stdout.trim();

  // Not a member yet: 反馈 sends her to 我的, where the code alone names the community.
  await waitForItem(page, '加入社区后才能提交反馈。请用居委会发给你的登记码在“我的”中加入。');
  assert.equal(await findItem(page, '提交反馈'), null, 'no feedback form before joining');
  await clickItem(page, '去加入');
  await typeInto(page, '登记码', code);
  await typeInto(page, '称呼（可选）', '赵喆', { compose: 'zhaozhe' });
  await clickItem(page, '加入');
  await page.waitForFunction(() => window.yishi.items.some(it => /^已加入：/.test(it.label)), null, { timeout: 15000 });
  await clickItem(page, '反馈');
  await page.waitForFunction(() => window.yishi.items.some(it => /^已加入：/.test(it.label)), null, { timeout: 15000 });

  await typeInto(page, '反馈内容', '5号楼路灯不亮', { compose: 'luden' });
  await clickItem(page, '提交反馈');
  await waitForItem(page, '已提交，可在下方查看处理进度');
  await waitForItem(page, '已收到 · 环境卫生');
  await waitForItem(page, '5号楼路灯不亮');
  await screenshot(page, 'feedback-sent.png');
  await assertLayout(page, 'feedback-sent');

  // The committee queue opens on the clerk's own community, loaded: nothing to type.
  await clickItem(page, '反馈处理');
  await waitForItem(page, '已收到 · 环境卫生');
  await until(() => page.evaluate(r => window.yishi.items.some(it => it.label === '社区编号' && it.value === r), String(REGION)),
              ok => ok, 'the community field to hold the committee\'s community');
  await clickItem(page, '已受理');
  await waitForItem(page, '已受理 · 环境卫生');
  await clickItem(page, '处理中');
  await waitForItem(page, '处理中 · 环境卫生');

  // Declining without a reason: the shared rule refuses before signing; nothing reaches the ledger.
  const before = checkDb(server.dbPath).envelopes;
  await clickItem(page, '不予处理');
  await waitForItem(page, '不予处理时须填写理由');
  assert.equal(checkDb(server.dbPath).envelopes, before);

  await typeInto(page, '答复内容（不予处理须填写理由）', '已更换灯具', { compose: 'yigenghuan' });
  await clickItem(page, '已解决');
  await waitForItem(page, '已解决 · 环境卫生');
  await waitForItem(page, '→ 已解决：已更换灯具');
  await screenshot(page, 'feedback-queue.png');
  await assertLayout(page, 'feedback-queue');

  // Back as the resident: the history, then one rating.
  await clickItem(page, '反馈');
  await clickItem(page, '刷新');
  await waitForItem(page, '→ 已解决：已更换灯具');
  await tap(page, '提交评价');   // (below the fold above the phone's tab bar: scrolled to first)
  await waitForItem(page, '评分 5/5');
  assert.equal(await page.evaluate(() => window.yishi.items.some(it => it.label === '提交评价')), false,
               'rated once: the rating form is gone');
  await screenshot(page, 'feedback-rated.png');
  await assertLayout(page, 'feedback-rated');

  const mine = await (await fetch(`${server.url}/api/authors/${key}/feedback`)).json();
  assert.equal(mine.items.length, 1);
  assert.equal(mine.items[0].status, 'resolved');
  assert.equal(mine.items[0].text, '5号楼路灯不亮');
  assert.equal(mine.items[0].rating.score, 5);
  assert.deepEqual(mine.items[0].history.map(h => h.status), ['received', 'accepted', 'in_progress', 'resolved']);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the feedback screens fit a phone in both languages', async () => {
  const page = await openPage(browser, server.url + '/', { width: 390, height: 844 }, 2);
  await waitForFrames(page, 1);
  await clickItem(page, '反馈');
  await waitForItem(page, '居民反馈');
  // A wrong code is refused by the server; the app says why, in Chinese.
  await clickItem(page, '去加入');
  await typeInto(page, '登记码', 'AAAA-BBBB-CCCC');
  await clickItem(page, '加入');
  await waitForItem(page, '登记码无效、已使用或已过期。');
  await clickItem(page, '反馈');
  await waitForItem(page, '居民反馈');
  await clickItem(page, 'English');
  await waitForItem(page, 'Resident feedback');
  await waitForItem(page, 'Home');   // the phone's tab bar: four tabs (a short name where the full one does not fit)
  assert.equal(await findItem(page, 'Queue'), null, 'the queue tab is the committee\'s only');
  for (const label of ['Home', 'Orgs', 'Organizations', 'Feedback', 'Me', 'Send feedback', 'Join now']) {
    const it = await findItem(page, label);
    if (!it) continue;   // (Send/Join: only one of them shows)
    assert.ok(it.x >= 0 && it.x + it.w <= 390, `${label} fits the screen (${it.x}+${it.w})`);
  }
  await screenshot(page, 'feedback-phone-en.png');
  await assertLayout(page, 'feedback-phone-en');
  // (chromium logs the refused enrolment's 403 as a console error; nothing else may show up)
  assert.deepEqual(page.problems.filter(p => !p.includes('status of 403')), []);
  await page.context().close();
});
