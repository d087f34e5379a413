// moderation.test.mjs — the moderator's journey in the browser app against a real server: residents
// (signed from node) comment and report; the operator grants this browser's key the moderator role;
// in 内容管理 the moderator is stopped before signing without a reason, hides a reported comment with
// a reason typed through IME composition, hides another with a quick-pick reason and restores it —
// each checked on the server (comments endpoint, moderation queue) and on the consultation page; then
// downloads the CSV export of a consultation whose vote has ended and checks the file byte for byte
// against the server's export (BOM, header, one row per counted ballot entry). A need (proposal) a
// moderator hid shows its reason in place of its title, and its author without the hidden name. In
// 内容管理 a moderator hides a need, a feedback text and a display name, and restores the name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertLayout, startServer, runServerCommand, launchBrowser, waitForFrames, waitForItem, clickItem, screenshot,
         findItem, typeIme, reveal, tap, focus, press, deviceKey, kPressMs, until, visibleBottom } from './harness.mjs';
import { REGION, sign, publicKey, submit, checkDb } from './ledger_helpers.mjs';

let server, browser, codes;
const NOW = Date.now();
const TALK = 41, VOTE = 42, NEEDS = 43, MORE_NEEDS = 44;
const seq = {};
const ids = {};

async function accept(spec) {
  const k = spec.kind === 'vote' ? `${spec.key}/ballot/${spec.consultation}` : spec.key;
  seq[k] = (seq[k] || 0) + 1;
  const [s] = sign([{ region: REGION, sequence: seq[k], ...spec }]);
  const r = await submit(server.url, s.wire);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return s;
}
const get = path => fetch(server.url + path).then(r => r.json());
const comments = () => get(`/api/consultations/${TALK}/comments?limit=50`);
const queue = () => get(`/api/moderation/queue?region=${REGION}`);

// Residents (display names with characters outside GB2312's first level), their comments and reports;
// a vote on a second consultation that the committee then moves on to 绩效评估 (results public).
before(async () => {
  server = await startServer(['--rate-per-key', '0'], dbPath => {
    const r = runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('m-committee'), '--region',
                                String(REGION), '--name', '居委会']);
    assert.equal(r.status, 0, r.stderr);
    const c = runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey('m-committee'),
                                '--region', String(REGION), '--count', '5']);   // the 4th: the browser's resident; the 5th: the committee's own key
    assert.equal(c.status, 0, c.stderr);
    codes = c.stdout.trim().split('\n');
    const m = runServerCommand(['add-moderator', '--db', dbPath, '--key', publicKey('m-moderator'), '--region',
                                String(REGION), '--name', '内容管理员']);
    assert.equal(m.status, 0, m.stderr);
  });
  await accept({ key: 'm-committee', kind: 'consultation_open', consultation: TALK, payload: {
    title: '楼道堆物整治', method: 1, options: [[1, '统一清理'], [2, '各户自理']],
    schedule: [[2, NOW - 60000], [3, NOW + 86400000]] } });
  await accept({ key: 'm-committee', kind: 'consultation_open', consultation: VOTE, payload: {
    title: '健身器材选址', method: 1, options: [[1, '中心花园'], [2, '北门空地'], [3, '=SUM(A1)']],
    schedule: [[3, NOW - 60000], [4, NOW + 86400000]] } });
  const residents = [['m-zhe', '王喆'], ['m-kun', '李堃'], ['m-yun', '赵赟']];
  for (let i = 0; i < residents.length; ++i)
    await accept({ key: residents[i][0], kind: 'enroll', payload: { code: codes[i], display_name: residents[i][1] } });
  ids.abuse = (await accept({ key: 'm-zhe', kind: 'comment', consultation: TALK, payload: { text: '你就是个骗子，滚出小区' } })).id;
  ids.ad = (await accept({ key: 'm-kun', kind: 'comment', consultation: TALK, payload: { text: '加微信买保健品，八折' } })).id;
  ids.fine = (await accept({ key: 'm-yun', kind: 'comment', consultation: TALK, payload: { text: '建议每月清理一次' } })).id;
  for (const key of ['m-kun', 'm-yun']) await accept({ key, kind: 'react', consultation: TALK, payload: { target: ids.abuse, reaction: 4 } });
  await accept({ key: 'm-zhe', kind: 'react', consultation: TALK, payload: { target: ids.ad, reaction: 4 } });
  // Votes: 中心花园, 北门空地, =SUM(A1) (a formula-like label the CSV must neutralise).
  for (const [i, [key]] of residents.entries()) {
    await accept({ key, kind: 'ballot_key_bind', consultation: VOTE, payload: {} });
    await accept({ key, kind: 'vote', consultation: VOTE, payload: { method: 1, entries: [[i + 1, 1]] } });
  }
  await accept({ key: 'm-committee', kind: 'consultation_advance', consultation: VOTE, payload: { stage: 4 } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a moderator hides reported comments with a reason, restores one, and downloads a CSV export', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', e => problems.push('uncaught: ' + e.message));
  await page.goto(server.url + '/');
  await waitForFrames(page, 1);

  // The operator grants this device's key the moderator role of the community.
  const key = await deviceKey(page);
  assert.match(key, /^[0-9a-f]{64}$/);
  const r = runServerCommand(['add-moderator', '--db', server.dbPath, '--key', key, '--region', String(REGION), '--name', '内容管理员']);
  assert.equal(r.status, 0, r.stderr);
  await clickItem(page, '我的');
  await clickItem(page, '内容管理');

  // The queue: most reported first, with the consultation's title, author and number of reports.
  await waitForItem(page, '你就是个骗子，滚出小区');
  await waitForItem(page, '王喆 · 被举报 2 次');
  await waitForItem(page, '所在议题：楼道堆物整治');
  await reveal(page, '加微信买保健品，八折');   // the second, below the fold on a phone
  await reveal(page, '李堃 · 被举报 1 次');
  assert.equal(await findItem(page, '建议每月清理一次'), null, 'an unreported comment is not in the queue');
  await screenshot(page, 'moderation-queue-phone.png');
  await assertLayout(page, 'moderation-queue-phone');

  // Without a reason nothing is signed.
  const before = checkDb(server.dbPath).envelopes;
  await tap(page, '隐藏');
  await waitForItem(page, '请先填写理由。');
  assert.equal(checkDb(server.dbPath).envelopes, before, 'nothing reached the server');

  // The reason typed as pinyin, committed as Chinese; the first 隐藏 belongs to the most reported comment.
  await focus(page, '理由');
  await typeIme(page, 'renshengongji', '人身攻击，辱骂邻居');
  await tap(page, '隐藏');
  const hidden = await until(comments, b => b.items.find(c => c.id === ids.abuse)?.hidden, 'the comment is hidden');
  const c = hidden.items.find(c => c.id === ids.abuse);
  assert.equal(c.hidden_reason, '人身攻击，辱骂邻居');
  assert.equal(c.text, '');
  const q = await until(queue, b => !b.items.some(i => i.id === ids.abuse), 'the queue lets it go');
  assert.deepEqual(q.items.map(i => i.id), [ids.ad]);
  await waitForItem(page, '已隐藏，理由：人身攻击，辱骂邻居');
  await page.waitForFunction(() => !window.yishi.items.some(it => it.label === '你就是个骗子，滚出小区'));  // queue reloaded

  // A quick-pick reason for the advertisement, then restored (a mistake undone).
  await tap(page, '广告');
  await tap(page, '隐藏');
  await until(comments, b => b.items.find(c => c.id === ids.ad)?.hidden_reason === '广告', 'the ad is hidden');
  await until(queue, b => b.total === 0, 'the queue is empty');
  await waitForItem(page, '已隐藏，理由：广告');
  await waitForItem(page, '没有待处理的举报。');
  await screenshot(page, 'moderation-handled-phone.png');
  await assertLayout(page, 'moderation-handled-phone');
  await tap(page, '恢复显示');   // the newest act first: the advertisement
  const restored = await until(comments, b => b.items.find(c => c.id === ids.ad)?.hidden === false, 'the ad is restored');
  assert.equal(restored.items.find(c => c.id === ids.ad).text, '加微信买保健品，八折');
  assert.equal(restored.items.find(c => c.id === ids.abuse).hidden, true, 'the other stays hidden');
  await waitForItem(page, '已恢复显示。');

  // Readers see that something was hidden and why, on the consultation page.
  await press(page, '首页', ['本社区的协商', true]);
  await press(page, '楼道堆物整治', ['← 返回', true]);
  await reveal(page, '该意见已被隐藏：人身攻击，辱骂邻居');
  await reveal(page, '加微信买保健品，八折');
  assert.equal(await findItem(page, '你就是个骗子，滚出小区'), null);
  await screenshot(page, 'moderation-reader-phone.png');

  // The CSV of the consultation whose vote ended, downloaded through the browser, byte for byte.
  await press(page, '← 返回', ['← 返回', false]);   // screen-change taps wait for their effect (harness.mjs)
  await press(page, '健身器材选址', ['← 返回', true]);
  await reveal(page, '导出 CSV');
  const [download] = await Promise.all([page.waitForEvent('download'), tap(page, '导出 CSV')]);
  assert.equal(download.suggestedFilename(), `yishi-consultation-${VOTE}.csv`);
  const file = readFileSync(await download.path());
  const served = Buffer.from(await (await fetch(`${server.url}/api/consultations/${VOTE}/export.csv`)).arrayBuffer());
  assert.ok(file.equals(served), 'the file is the server\'s export, byte for byte');
  assert.deepEqual([...file.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const lines = file.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
  assert.equal(lines[0], 'ballot_key,sequence,log_index,option_id,option_label,value');
  const bundle = await get(`/api/consultations/${VOTE}/export.json`);
  assert.equal(bundle.ballots.length, 3);
  const rows = lines.slice(1).map(l => l.split(','));
  assert.equal(rows.length, 3);
  const labels = { 1: '中心花园', 2: '北门空地', 3: '"\'=SUM(A1)"' };  // neutralised and quoted
  for (const [, , logIndex, option, label, value] of rows) {
    assert.ok(bundle.ballots.some(b => String(b.log_index) === logIndex), `row at log index ${logIndex} is a counted ballot`);
    assert.equal(label, labels[option]);
    assert.equal(value, '1');
  }
  assert.deepEqual(rows.map(r => r[3]).sort(), ['1', '2', '3']);
  await waitForItem(page, `已下载：yishi-consultation-${VOTE}.csv`);
  await screenshot(page, 'moderation-export-phone.png');
  await assertLayout(page, 'moderation-export-phone');

  const check = checkDb(server.dbPath);
  assert.ok(check.ok, check.text);
  assert.deepEqual(problems, []);
  await context.close();
});

// A resident in the browser reports a comment: 举报 asks first and says what happens next; then the
// comment is in the moderators' queue, and her page says 已举报 (also after the page is read again).
test('a resident reports a comment after a confirmation, and it reaches the moderators\' queue', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', e => problems.push('uncaught: ' + e.message));
  await page.goto(server.url + '/#/join?code=' + codes[3]);   // the link on her printed slip
  await waitForFrames(page, 1);
  await clickItem(page, '加入');
  await page.waitForFunction(() => window.yishi.items.some(it => /^已加入：/.test(it.label)), null, { timeout: 15000 });
  await press(page, '首页', ['楼道堆物整治', true]);
  await press(page, '楼道堆物整治', ['← 返回', true]);
  // 举报 under the comment, found afresh each time (the page may have moved); a lost tap is tapped again,
  // as press() does (harness.mjs), only until the dialog shows.
  const openReport = async () => {
    for (let k = 0; k < 3; ++k) {
      await reveal(page, '建议每月清理一次');
      await page.mouse.wheel(0, 300);   // its buttons are under it
      await page.waitForTimeout(400);
      const comment = await reveal(page, '建议每月清理一次');
      const report = await page.evaluate(y => window.yishi.items.filter(it => it.label === '举报' && it.y > y)
                                                                .sort((a, b) => a.y - b.y)[0], comment.y);
      if (!report) await screenshot(page, 'report-missing-phone.png');
      assert.ok(report, 'the comment has a 举报 button');
      await page.mouse.click(report.x + report.w / 2, report.y + report.h / 2, { delay: kPressMs });
      if (await page.waitForFunction(() => window.yishi.items.some(it => it.label === '举报这条意见？'), null,
                                     { timeout: 5000 }).then(() => true, () => false)) return;
    }
    assert.fail('举报 never opened its confirmation');
  };
  await openReport();
  await waitForItem(page, '版主会查看它；如果它辱骂他人、泄露隐私或是广告，会被隐藏并注明理由。');
  await screenshot(page, 'report-confirm-phone.png');
  await assertLayout(page, 'report-confirm-phone');
  const before = checkDb(server.dbPath).envelopes;
  await press(page, '取消', ['举报这条意见？', false]);   // changing her mind sends nothing
  assert.equal(checkDb(server.dbPath).envelopes, before);
  await openReport();
  await press(page, '确认举报', ['举报这条意见？', false]);
  const q = await until(queue, b => b.items.some(i => i.id === ids.fine), 'the reported comment is queued');
  assert.equal(q.items.find(i => i.id === ids.fine).reports, 1);
  await reveal(page, '已举报，版主会查看');
  await screenshot(page, 'report-done-phone.png');
  await page.reload();
  await waitForFrames(page, 1);
  await reveal(page, '已举报，版主会查看');   // read back from the server (a viewer proof), not only remembered
  // A phone whose clock is 20 minutes fast: its viewer proof is refused as request_stale, and the
  // comments are read without her marks rather than not at all.
  await context.addInitScript(() => { const real = Date.now; Date.now = () => real() + 20 * 60 * 1000; });
  let stale = 0;
  page.on('response', r => { if (r.status() === 400 && /\/comments\?.*viewer_sig=/.test(r.url())) ++stale; });
  await page.reload();
  await waitForFrames(page, 1);
  await reveal(page, '建议每月清理一次');
  await page.mouse.wheel(0, 300);   // its buttons are under it
  await page.waitForTimeout(400);
  const comment = await reveal(page, '建议每月清理一次');
  const under = await page.evaluate(y => window.yishi.items.filter(it => it.y > y).map(it => it.label), comment.y);
  assert.ok(under.includes('举报') && !under.includes('已举报，版主会查看'), 'read without her marks: ' + under);
  assert.ok(stale >= 1, 'the skewed proof was refused');
  assert.deepEqual(problems, []);
  await context.close();
});

// Issue 20: a moderator (signing from node) hides a need and its author's display name; a reader sees
// the reason in place of the title and "—" in place of the name, the other need as it was.
test('a need a moderator hid shows the reason instead of its title, and a hidden name shows as —', async () => {
  await accept({ key: 'm-committee', kind: 'consultation_open', consultation: NEEDS, payload: {
    title: '小区需求征集', method: 1, options: [[1, '是'], [2, '否']], schedule: [[1, NOW - 60000], [3, NOW + 86400000]] } });
  const ad = await accept({ key: 'm-kun', kind: 'propose', consultation: NEEDS, payload: { title: '低价出售保健品', text: '加微信' } });
  await accept({ key: 'm-zhe', kind: 'propose', consultation: NEEDS, payload: { title: '增加垃圾分类点', text: '' } });
  // The committee's key, enrolled as a resident too, proposes: its need carries the badge no name can copy.
  await accept({ key: 'm-committee', kind: 'enroll', payload: { code: codes[4], display_name: '张主任' } });
  await accept({ key: 'm-committee', kind: 'propose', consultation: NEEDS, payload: { title: '周六统一清理楼道', text: '' } });
  await accept({ key: 'm-moderator', kind: 'moderate', consultation: NEEDS, payload: { target: ad.id, action: 1, reason: '广告' } });
  const enrolZhe = (await get(`/api/authors/${publicKey('m-zhe')}/envelopes?limit=100`)).items.find(e => e.kind === 'enroll');
  await accept({ key: 'm-moderator', kind: 'moderate', payload: { target: enrolZhe.envelope_id, action: 1, reason: '冒充他人' } });

  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', e => problems.push('uncaught: ' + e.message));
  await page.goto(`${server.url}/#/c/${NEEDS}`);
  await waitForFrames(page, 1);
  await reveal(page, '该需求已被隐藏：广告');
  await reveal(page, '增加垃圾分类点');
  await reveal(page, '—  0 人附议');   // 王喆's name is hidden: the usual "—"
  assert.equal(await findItem(page, '低价出售保健品'), null, 'the hidden title is not drawn');
  assert.equal(await findItem(page, '王喆  0 人附议'), null);
  await reveal(page, '周六统一清理楼道');
  await reveal(page, '社区认证 · 居委会');   // the committee registered by the operator, beside 张主任
  assert.equal(await page.evaluate(() => window.yishi.items.filter(it => it.label.startsWith('社区认证')).length), 1,
               'only the committee\'s need has the badge');
  await reveal(page, '该需求已被隐藏：广告');
  // The hidden need is only its notice: no support count or 附议 button of its own.
  const shownSupports = await page.evaluate(() => window.yishi.items.filter(it => /人附议$/.test(it.label)).map(it => it.label));
  assert.ok(!shownSupports.some(l => l.includes('李堃')), 'the hidden need has no support line: ' + shownSupports);
  await screenshot(page, 'moderation-hidden-need-phone.png');
  await assertLayout(page, 'moderation-hidden-need-phone');
  assert.deepEqual(problems, []);
  await context.close();
});

// Taps the first item labelled `label` below the item labelled `anchor` (one entry's own field or
// button), scrolling until both are in view.
async function tapBelow(page, anchor, label) {
  for (let k = 0; k < 8; ++k) {
    const top = await reveal(page, anchor);
    const it = await page.evaluate(([y, l]) => window.yishi.items.filter(i => i.label === l && i.y > y)
                                                                 .sort((p, q) => p.y - q.y)[0], [top.y, label]);
    if (it && it.y + it.h <= await visibleBottom(page)) {
      await page.mouse.click(it.x + it.w / 2, it.y + it.h / 2, { delay: kPressMs });
      return;
    }
    await page.mouse.wheel(0, 150);   // the entry up, its buttons into view
    await page.waitForTimeout(300);
  }
  assert.fail(`no ${label} in view under ${anchor}`);
}

// Issue 20: what no resident can report (needs, feedback, names) is listed newest first in 内容管理 and
// hidden there with a reason, like a comment; each hide is checked on the server, and a name is restored.
test('in 内容管理 a moderator hides a need, a feedback text and a display name, and restores the name', async () => {
  await accept({ key: 'm-committee', kind: 'consultation_open', consultation: MORE_NEEDS, payload: {
    title: '停车位规划征集', method: 1, options: [[1, '是'], [2, '否']], schedule: [[1, NOW - 60000], [3, NOW + 86400000]] } });
  const need = await accept({ key: 'm-yun', kind: 'propose', consultation: MORE_NEEDS,
                              payload: { title: '3号楼王某某欠费不交', text: '他的电话是13800001111' } });
  const feedback = await accept({ key: 'm-kun', kind: 'feedback', payload: { category: 6, text: '代办证件，加微信 abc123' } });
  const content = kind => get(`/api/moderation/content?region=${REGION}&kind=${kind}`);
  const byId = (b, id) => b.items.find(i => i.id === id);
  const yunEnroll = (await get(`/api/authors/${publicKey('m-yun')}/envelopes?limit=100`)).items.find(e => e.kind === 'enroll');

  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', e => problems.push('uncaught: ' + e.message));
  await page.goto(server.url + '/');
  await waitForFrames(page, 1);
  const r = runServerCommand(['add-moderator', '--db', server.dbPath, '--key', await deviceKey(page), '--region',
                              String(REGION), '--name', '内容管理员']);
  assert.equal(r.status, 0, r.stderr);
  await clickItem(page, '我的');
  await clickItem(page, '内容管理');
  await waitForItem(page, '被举报的意见');

  // 需求: the newest first, with its consultation and author.
  await press(page, '需求', ['3号楼王某某欠费不交', true]);
  await waitForItem(page, '所在议题：停车位规划征集');
  await waitForItem(page, '赵赟');
  await screenshot(page, 'moderation-needs-phone.png');
  await assertLayout(page, 'moderation-needs-phone');
  await tapBelow(page, '3号楼王某某欠费不交', '泄露隐私');
  await tapBelow(page, '3号楼王某某欠费不交', '隐藏');
  const hiddenNeed = await until(() => content('needs'), b => byId(b, need.id)?.hidden, 'the need is hidden');
  assert.deepEqual([byId(hiddenNeed, need.id).title, byId(hiddenNeed, need.id).hidden_reason], ['', '泄露隐私']);
  const shown = await get(`/api/consultations/${MORE_NEEDS}/proposals`);
  assert.deepEqual([shown.items[0].hidden, shown.items[0].title], [true, ''], 'readers no longer see it');
  await waitForItem(page, '该需求已被隐藏：泄露隐私');
  await reveal(page, '该需求已被隐藏：广告');   // the one hidden before (test above), restorable here too

  // 反馈内容: the feedback text, hidden with a quick-pick reason.
  await press(page, '反馈内容', ['代办证件，加微信 abc123', true]);
  await tapBelow(page, '代办证件，加微信 abc123', '广告');
  await tapBelow(page, '代办证件，加微信 abc123', '隐藏');
  await until(() => get(`/api/feedback/${feedback.id}`), b => b.hidden && b.hidden_reason === '广告', 'the feedback text is hidden');
  assert.equal((await get(`/api/feedback/${feedback.id}`)).text, '');

  // 名字: a display name, hidden with a typed reason, then restored.
  await press(page, '名字', ['张主任', true]);   // the newest enrolment (the committee's own key, test above)
  await tapBelow(page, '赵赟', '理由');
  await typeIme(page, 'maochongtaren', '冒充他人');
  await tapBelow(page, '赵赟', '隐藏');
  await until(() => content('names'), b => byId(b, yunEnroll.envelope_id)?.hidden_reason === '冒充他人', 'the name is hidden');
  assert.equal((await get(`/api/residents/${publicKey('m-yun')}`)).display_name, '');
  await reveal(page, '已隐藏，理由：冒充他人');   // under the list: what this visit did
  await screenshot(page, 'moderation-names-phone.png');
  await assertLayout(page, 'moderation-names-phone');
  await tapBelow(page, '已隐藏，理由：冒充他人', '恢复显示');
  await until(() => content('names'), b => byId(b, yunEnroll.envelope_id)?.hidden === false, 'the name is restored');
  assert.equal((await get(`/api/residents/${publicKey('m-yun')}`)).display_name, '赵赟');
  assert.equal(byId(await content('needs'), need.id).hidden, true, 'the need stays hidden');
  // The workspace at large text.
  await tap(page, '大字');
  await reveal(page, '标准字');
  await reveal(page, '赵赟');
  await screenshot(page, 'moderation-names-phone-large.png');
  await assertLayout(page, 'moderation-names-phone-large');

  const check = checkDb(server.dbPath);
  assert.ok(check.ok, check.text);
  assert.deepEqual(problems, []);
  await context.close();
});
