// a11y-journeys.test.mjs — the rest of a blind resident's journeys, with the keyboard only, against a
// real server (a11y.test.mjs has joining, plurality voting and commenting): a ballot in each other
// method (approval, ranked, score, budget, yes/no), the receipt's check, the published result,
// feedback with its category chosen in a combo box, and the directory's search with a record's phone
// number as a tel: link. Every control used is asserted in Chromium's accessibility tree (CDP
// Accessibility.getFullAXTree) with its role and name, and axe-core checks each new screen at
// 1280×800 (WCAG 2 A/AA).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runServerCommand, launchBrowser, waitForFrames, waitForItem, screenshot, deviceKey, labels, press, until } from './harness.mjs';
import { axTree, exposed, focusedName, tabTo, tabToField, waitLabel, announced, noAxeViolations } from './a11y_helpers.mjs';
import { REGION, sign, publicKey, submit } from './ledger_helpers.mjs';

let server, browser, codes;
const NOW = Date.now();
const VOTING = [[3, NOW - 60000], [4, NOW + 86400000]];
const opens = [
  { consultation: 51, payload: { title: '楼道杂物清理日', method: 2, method_param: 2,
                                 options: [[1, '周六上午'], [2, '周日上午'], [3, '周三晚上']], schedule: VOTING } },
  { consultation: 52, payload: { title: '公共活动室用途排序', method: 3, method_param: 1,
                                 options: [[1, '老年活动'], [2, '儿童阅读'], [3, '健身']], schedule: VOTING } },
  { consultation: 53, payload: { title: '物业服务打分', method: 4, method_param: 5,
                                 options: [[1, '保洁'], [2, '保安']], schedule: VOTING } },
  { consultation: 54, payload: { title: '微更新项目预算', method: 5, method_param: 100,
                                 options: [[1, '加装座椅', 30], [2, '绿化改造', 60], [3, '路灯更换', 50]], schedule: VOTING } },
  { consultation: 55, payload: { title: '是否加装电动车充电桩', method: 6, method_param: 0,
                                 options: [[1, '赞成'], [2, '反对']], schedule: VOTING } },
];

const seq = {};
async function accept(spec) {
  seq[spec.key] = (seq[spec.key] || 0) + 1;
  const [s] = sign([{ region: REGION, sequence: seq[spec.key], ...spec }]);
  const r = await submit(server.url, s.wire);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return s;
}

const get = path => fetch(server.url + path).then(r => r.json());
// The consultations above; a discussion with a resident's abusive comment, reported by another.
const TALK = 56;
let abuse;
before(async () => {
  server = await startServer(['--rate-per-key', '0'], dbPath => {
    const r = runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('k-committee'), '--region',
                                String(REGION), '--name', '居委会']);
    assert.equal(r.status, 0, r.stderr);
    const c = runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey('k-committee'),
                                '--region', String(REGION), '--count', '5']);
    assert.equal(c.status, 0, c.stderr);
    codes = c.stdout.trim().split('\n');   // the first: the browser's resident; the last two: every screen's
  });
  for (const o of opens) await accept({ key: 'k-committee', kind: 'consultation_open', ...o });
  await accept({ key: 'k-committee', kind: 'consultation_open', consultation: TALK, payload: {
    title: '楼道堆物整治', method: 1, options: [[1, '统一清理'], [2, '各户自理']], schedule: [[2, NOW - 60000], [3, NOW + 86400000]] } });
  await accept({ key: 'k-zhe', kind: 'enroll', payload: { code: codes[1], display_name: '王喆' } });
  await accept({ key: 'k-kun', kind: 'enroll', payload: { code: codes[2], display_name: '李堃' } });
  abuse = (await accept({ key: 'k-zhe', kind: 'comment', consultation: TALK, payload: { text: '你就是个骗子，滚出小区' } })).id;
  await accept({ key: 'k-kun', kind: 'react', consultation: TALK, payload: { target: abuse, reaction: 4 } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function openApp(url, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', e => page.problems.push('uncaught: ' + e.message));
  await page.goto(url + '/');
  await waitForFrames(page, 2);
  await waitForItem(page, '我的');
  return page;
}

// Waits until the app draws `label` (a string, or a RegExp a label matches); on failure saves a
// screenshot and prints what was on screen.
async function see(page, label, timeout = 15000) {
  try { return await (label instanceof RegExp ? waitLabel(page, label, timeout) : waitForItem(page, label, timeout)); } catch (e) {
    await screenshot(page, 'a11y-journeys-failed.png');
    console.log('not drawn:', label, JSON.stringify(await labels(page)),
                JSON.stringify(await page.evaluate(() => window.yishi.items.filter(it => it.value !== undefined).map(it => [it.label, it.value]))));
    throw e;
  }
}

// Tabs to the control with this role and name, checks the accessibility tree names it so, presses `key`.
async function use(page, role, name, key = 'Enter', opts) {
  await tabTo(page, name, opts);
  await exposed(page, role, name);
  if (key) await page.keyboard.press(key);
}

// Whether some node of the accessibility tree is named by text matching `re` (what a screen reader reads).
async function hears(page, re) {
  const nodes = await axTree(page);
  assert.ok(nodes.some(n => re.test(n.name || '')), `nothing matching ${re} is exposed; have: ` +
            JSON.stringify(nodes.filter(n => n.name).map(n => `${n.role}:${n.name}`).slice(0, 80)));
}

// From anywhere in the app: 首页 (Shift+Tab back to the navigation), then the consultation's card.
async function openConsultation(page, title, firstControl) {
  await use(page, 'button', '首页', 'Enter', { back: true, max: 80 });
  await see(page, '本社区的协商');
  await use(page, 'link', title, 'Enter', { max: 80 });   // (Tab scrolls to cards below the fold)
  await see(page, firstControl);
  await page.waitForFunction(() => document.activeElement && /^H[12]$/.test(document.activeElement.tagName));
}

// Tab to 提交选票, Enter, and wait for the receipt the live region announces.
async function castBallot(page) {
  await use(page, 'button', '提交选票');
  await see(page, /^你的选票已计入，任何人都可以核验。$/, 20000);
  await announced(page, /你的选票已计入/);
}

test('keyboard only: a ballot in every other method, the receipt check, the result and feedback', async () => {
  const page = await openApp(server.url);

  // Join (as in a11y.test.mjs): 我的, the code, 加入.
  await use(page, 'button', '我的');
  await see(page, '登记码');
  await tabToField(page, '登记码');
  await page.keyboard.insertText(codes[0]);
  await use(page, 'button', '加入');
  await see(page, /^已加入：/, 30000);

  // Approval, at most 2: checkboxes with Space; a third is refused (disabled) once two are chosen.
  await openConsultation(page, '楼道杂物清理日', '周六上午');
  await use(page, 'checkbox', '周六上午', 'Space');
  await use(page, 'checkbox', '周三晚上', 'Space');
  await page.waitForFunction(() => window.yishi.items.filter(it => it.checked && /^周.上午|周三晚上$/.test(it.label)).length === 2);
  assert.equal((await exposed(page, 'checkbox', '周三晚上')).checked, 'true');
  assert.ok((await page.evaluate(() => window.yishi.items.find(it => it.label === '周日上午').disabled)),
            'the third option is disabled at the maximum');
  await noAxeViolations(page, 'an approval ballot');
  await castBallot(page);

  // The receipt: 查看核验详情 is a disclosure (collapsed, then expanded), then the check itself.
  await tabTo(page, '查看核验详情', { back: true });
  const closed = (await axTree(page)).find(n => n.role === 'button' && n.name === '查看核验详情');
  assert.ok(closed, 'the receipt details are a button');
  await page.keyboard.press('Enter');
  await see(page, '核验我的选票已计入');
  await use(page, 'button', '核验我的选票已计入');
  await announced(page, /已核验|已记入/, 20000);
  await screenshot(page, 'a11y-receipt-checked.png');

  // Ranked: each row's ↑ and ↓ are named after the option ("上移：健身"), not read as bare arrows.
  await openConsultation(page, '公共活动室用途排序', '3. 健身');
  await use(page, 'button', '上移：健身');
  await see(page, '2. 健身');
  // Focus stays on the third row's ↑ (now 儿童阅读's); 健身's own ↑ is one row up.
  await use(page, 'button', '上移：健身', 'Enter', { back: true });
  await see(page, '1. 健身');
  await exposed(page, 'button', '下移：健身');
  await noAxeViolations(page, 'a ranked ballot');
  await castBallot(page);
  await see(page, '你的选择：1. 健身、2. 老年活动、3. 儿童阅读');

  // Score, 0 to 5: sliders move by one with the arrow keys and say their value.
  await openConsultation(page, '物业服务打分', '保洁');
  await tabTo(page, '保洁');
  await exposed(page, 'slider', '保洁');
  for (let k = 0; k < 4; ++k) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => window.yishi.items.some(it => it.label === '保洁' && it.value === '4/5'));
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-valuenow')), '4');
  await use(page, 'slider', '保安', 'ArrowRight');
  await page.waitForFunction(() => window.yishi.items.some(it => it.label === '保安' && it.value === '1/5'));
  await castBallot(page);
  await see(page, '你的选择：保洁 4/5、保安 1/5');

  // Budget, cap 100: two projects, the running total read as text; one that would break the cap is disabled.
  await openConsultation(page, '微更新项目预算', '加装座椅（30）');
  await use(page, 'checkbox', '加装座椅（30）', 'Space');
  await use(page, 'checkbox', '路灯更换（50）', 'Space');
  await see(page, '已选合计 80 / 预算上限 100');
  await hears(page, /^已选合计 80 \/ 预算上限 100$/);
  assert.ok(await page.evaluate(() => window.yishi.items.find(it => it.label === '绿化改造（60）').disabled));
  await castBallot(page);

  // Yes/no: radios with the arrow keys.
  await openConsultation(page, '是否加装电动车充电桩', '赞成');
  await use(page, 'radio', '赞成', 'Space');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => window.yishi.items.some(it => it.label === '反对' && it.checked));
  assert.equal(await focusedName(page), '反对');
  await page.keyboard.press('ArrowUp');
  await page.waitForFunction(() => window.yishi.items.some(it => it.label === '赞成' && it.checked));
  await castBallot(page);

  // The result: the committee ends the ranked vote; the page says who won, in words, and announces it.
  await accept({ key: 'k-committee', kind: 'consultation_advance', consultation: 52, payload: { stage: 4 } });
  await openConsultation(page, '公共活动室用途排序', '结果');
  await see(page, /^结果：“健身”获胜$/);
  await hears(page, /^结果：“健身”获胜$/);
  await announced(page, /“健身”获胜/);
  await hears(page, /^1 张选票$/);
  await noAxeViolations(page, 'a published result');
  await screenshot(page, 'a11y-result.png');

  // Feedback: the category is a combo box (Enter opens it, arrows move, Enter chooses), then the text.
  await use(page, 'button', '反馈', 'Enter', { back: true, max: 80 });
  await see(page, '提交新反馈');
  await tabTo(page, /^类别：/);
  assert.equal(await focusedName(page), '类别：环境卫生');
  await exposed(page, 'button', '类别：环境卫生');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.type === 'radio');
  // One ArrowDown at a time, each seen to move the focus. TODO(a11y): on a loaded machine an arrow
  // pressed right after the list opened was once lost (focus stayed put; cause not found): pressed
  // again, at most twice, as press() in harness.mjs does for taps.
  for (const next of ['治安安全', '设施维修']) {
    let moved = false;
    for (let k = 0; k < 3 && !moved; ++k) {
      await page.keyboard.press('ArrowDown');
      moved = await until(() => focusedName(page), n => n === next, next, 20).then(() => true, () => false);
    }
    assert.ok(moved, `ArrowDown reaches ${next}`);
  }
  assert.equal(await focusedName(page), '设施维修');
  await exposed(page, 'radio', '设施维修');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.yishi.items.some(it => it.label === '类别' && it.value === '设施维修'));
  await tabToField(page, '反馈内容');
  await page.keyboard.insertText('3号楼单元门门禁坏了');
  await use(page, 'button', '提交反馈');
  await see(page, /^已提交，可在下方查看处理进度$/);
  await announced(page, /已提交/);
  await see(page, '已收到 · 设施维修');
  await noAxeViolations(page, 'feedback');
  await screenshot(page, 'a11y-feedback.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('keyboard only: the directory search, a record, and its phone number as a tel: link', async () => {
  const demo = await startServer(['--demo']);   // 21,000 fictional organisations
  try {
    const page = await openApp(demo.url);
    await use(page, 'button', '社会组织');
    await see(page, '共 21000 个组织');
    await noAxeViolations(page, 'the directory');
    // Two combo boxes side by side: the type's list opens with Enter, only that box says it is expanded,
    // and Escape closes it with nothing chosen, the focus back on it.
    await tabTo(page, /^类型：/);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.dataset.role === 'option');
    const expanded = () => page.evaluate(() => [...document.querySelectorAll('#a11y-mirror [data-role=combobox]')]
      .map(c => `${c.getAttribute('aria-label') || c.textContent.trim()}=${c.getAttribute('aria-expanded')}`));
    assert.deepEqual((await expanded()).filter(c => c.endsWith('=true')).length, 1, String(await expanded()));
    assert.match((await expanded()).find(c => c.endsWith('=true')), /全部类型/);
    await page.keyboard.press('ArrowDown');
    await until(() => focusedName(page), n => n === '社会团体', 'ArrowDown in the list', 20);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('#a11y-mirror [data-role=option]'));
    assert.match(await focusedName(page), /^类型：全部类型/);
    assert.ok((await expanded()).every(c => c.endsWith('=false')), String(await expanded()));
    await see(page, '共 21000 个组织');   // no filter was chosen
    await tabToField(page, '搜索', { back: true });
    await page.keyboard.insertText('乐龄');
    await page.waitForFunction(() => window.yishi.items.some(it => /^共 \d+ 个组织$/.test(it.label) && it.label !== '共 21000 个组织'));
    // The first result is a link; Enter opens the record.
    const first = await page.evaluate(() => window.yishi.items.find(it => it.role === 'link' && it.label.includes('乐龄')).label);
    await use(page, 'link', first);
    await see(page, /电话|联系/);
    const tel = await page.evaluate(() => [...document.querySelectorAll('#a11y-mirror a[href^="tel:"]')].map(a => a.href));
    assert.ok(tel.length > 0, 'the record\'s phone number is a tel: link');
    await exposed(page, 'link', /^(\+86[- ]?)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/);
    await noAxeViolations(page, 'a directory record');
    await screenshot(page, 'a11y-directory-record.png');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  } finally {
    await demo.stop();
  }
});

test('keyboard only: the committee opens a consultation and confirms an advance; a moderator hides a comment', async () => {
  const page = await openApp(server.url);
  const key = await deviceKey(page);   // (read on 我的: its roles are read again when 我的 is next opened)
  for (const [command, name] of [['add-committee', '居委会'], ['add-moderator', '内容管理员']]) {
    const r = runServerCommand([command, '--db', server.dbPath, '--key', key, '--region', String(REGION), '--name', name]);
    assert.equal(r.status, 0, r.stderr);
  }
  await use(page, 'button', '首页', 'Enter', { back: true });
  await see(page, '本社区的协商');

  // The wizard: title and two options typed, then 签名并发起.
  await use(page, 'button', '我的', 'Enter', { back: true });
  await see(page, '加入社区');
  await use(page, 'button', '居委会工作台', 'Enter', { max: 80 });   // below the fold: Tab scrolls
  await see(page, '发起新议题');
  await noAxeViolations(page, 'the committee workspace');
  await use(page, 'button', '发起新议题');
  await see(page, '议题标题');
  await tabToField(page, '议题标题');
  await exposed(page, 'checkbox', '需求征集');   // (read before the Tabs below scroll it out of sight)
  await page.keyboard.insertText('是否开放楼顶晾晒区');
  await tabToField(page, '选项1');
  await page.keyboard.insertText('开放');
  await tabToField(page, '选项2');
  await page.keyboard.insertText('不开放');
  await exposed(page, 'button', /^投票方式：/);
  await noAxeViolations(page, 'the wizard');
  await use(page, 'button', '签名并发起');
  // (Its number is the next free one the workspace saw: looked up by title.)
  const list = await until(() => get(`/api/consultations?region=${REGION}`), b => b.items.some(c => c.title === '是否开放楼顶晾晒区'),
                           'the opening');
  const opened = list.items.find(c => c.title === '是否开放楼顶晾晒区');
  assert.deepEqual(opened.stage, 'collect_needs');
  const detail = await get(`/api/consultations/${opened.id}`);
  assert.deepEqual(detail.options.map(o => o.label), ['开放', '不开放']);
  await see(page, `#${opened.id} 是否开放楼顶晾晒区`, 20000);

  // Irreversible: the confirmation is a modal dialog that takes the focus; Escape cancels it and the
  // focus is back on the button; 确认 advances.
  await use(page, 'button', '推进到：民主协商', 'Enter', { max: 120 });
  await page.waitForFunction(() => document.getElementById('a11y-mirror').getAttribute('role') === 'dialog');
  await exposed(page, 'dialog', '请确认');
  assert.equal(await focusedName(page), '请确认');
  await hears(page, /^推进后，所有居民将进入“民主协商”阶段，此操作不能撤销。$/);
  const behind = await page.evaluate(() => window.yishi.items.some(it => it.label === '发起新议题'));
  assert.equal(behind, false, 'what is behind the dialog is not read');
  await noAxeViolations(page, 'the confirmation dialog');
  await screenshot(page, 'a11y-confirm-dialog.png');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.getElementById('a11y-mirror').getAttribute('role') !== 'dialog');
  await page.waitForFunction(() => document.activeElement?.textContent === '推进到：民主协商');
  assert.equal((await get(`/api/consultations/${opened.id}`)).stage, 'collect_needs', 'Escape changed nothing');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('a11y-mirror').getAttribute('role') === 'dialog');
  await use(page, 'button', '确认');
  await until(() => get(`/api/consultations/${opened.id}`), c => c.stage === 'deliberate', 'the advance');

  // Moderation: the reported comment, a reason typed, 隐藏.
  await use(page, 'button', '我的', 'Enter', { back: true, max: 120 });
  await see(page, '加入社区');
  await use(page, 'button', '内容管理', 'Enter', { max: 80 });
  await see(page, '你就是个骗子，滚出小区');
  await noAxeViolations(page, 'the moderation queue');
  await tabToField(page, '理由');
  await page.keyboard.insertText('人身攻击');
  await use(page, 'button', '隐藏');
  await until(() => get(`/api/consultations/${TALK}/comments`), b => b.items.find(c => c.id === abuse)?.hidden, 'the comment is hidden');
  await see(page, /^已隐藏，理由：人身攻击$/);
  await announced(page, /已隐藏/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// Every screen at 390×844 (a phone: touch) and at 1280×800: axe-core finds no WCAG 2 A/AA violation on
// any. Each is opened by its address (client/routes.hpp), as a link shared in a WeChat group opens it, by
// a resident who is also the committee and a moderator (so that their workspaces show). Runs after the
// journeys above: the ranked vote has its result, the abusive comment is hidden, feedback is waiting.
const back = '← 返回';   // (a consultation's page; its title is on the home list too)
const everyScreen = [
  ['#/', ['本社区的协商']], ['#/c/51', [back, '楼道杂物清理日']], ['#/c/52', [back, /^结果：“健身”获胜$/, /^● 绩效评估  提前，原计划 \d{4}-\d\d-\d\d$/]],
  ['#/c/53', [back, '物业服务打分']], ['#/c/54', [back, '微更新项目预算']], ['#/c/55', [back, '是否加装电动车充电桩']],
  ['#/c/56', [back, '楼道堆物整治']], ['#/orgs', ['社会组织名录']], ['#/feedback', ['提交新反馈']],
  ['#/me', ['备份与恢复', '居委会工作台']],   // (我的 reads the roles just given)
  ['#/queue', [/门禁坏了|^没有待处理的反馈$/]], ['#/committee', ['发起新议题']], ['#/moderation', [/^居民举报的意见在这里处理/]],
];
for (const [size, viewport, phone, code] of [['390×844', { width: 390, height: 844 }, true, 3],
                                             ['1280×800', { width: 1280, height: 800 }, false, 4]]) {
  test(`no WCAG 2 A/AA violation on any screen at ${size}`, async () => {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, hasTouch: phone, isMobile: phone });
    const page = await context.newPage();
    page.problems = [];
    page.on('pageerror', e => page.problems.push('uncaught: ' + e.message));
    await page.goto(server.url + '/#/join?code=' + codes[code]);
    await waitForFrames(page, 2);
    await see(page, '登记码');
    await press(page, '加入', ['加入', false]);
    await see(page, /^已加入：/, 30000);
    const key = await deviceKey(page);
    for (const [command, name] of [['add-committee', '居委会'], ['add-moderator', '内容管理员']]) {
      const r = runServerCommand([command, '--db', server.dbPath, '--key', key, '--region', String(REGION), '--name', name]);
      assert.equal(r.status, 0, r.stderr);
    }
    for (const [hash, marks] of everyScreen) {
      await page.evaluate(h => { location.hash = h; }, hash);
      for (const mark of marks) await see(page, mark, 20000);
      await page.waitForTimeout(300);   // lines that arrive with the screen's data
      await noAxeViolations(page, `${hash} at ${size}`);
    }
    assert.deepEqual(page.problems, []);
    await context.close();
  });
}
