// backup.test.mjs — a resident backs up the device's key with a passphrase and restores it on another
// phone. The passphrase and the backup text are real browser fields laid over the canvas
// (client/platform/native_field.hpp): the passphrase is an <input type=password> (no echo, password managers),
// the backup text a <textarea> that takes the platform's own paste (Ctrl+V / long-press menu). A wrong
// passphrase is refused in the resident's language and the key stays as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertLayout, startServer, launchBrowser, waitForFrames, waitForItem, clickItem, press, tap, labels,
         screenshot, deviceKey, visibleBottom } from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer([]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const PASSPHRASE = '长江后浪推前浪2026';
async function phone(height = 844) {
  const context = await browser.newContext({ viewport: { width: 390, height }, deviceScaleFactor: 3 });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', e => page.problems.push('uncaught: ' + e.message));
  await page.goto(server.url + '/');
  await waitForFrames(page, 1);
  await press(page, '我的', ['加入社区', true]);
  return page;
}
// The device's key, read behind 高级 on 我的, which is closed again (the backup form stays where it was).
async function keyOf(page) {
  const key = await deviceKey(page);
  await press(page, '收起高级', ['高级', true]);
  return key;
}
const passphraseField = page => page.locator('input.native-field[aria-label="口令（至少 8 个字符）"]');
const backupField = page => page.locator('textarea.native-field[aria-label="备份文本"]');

test('a key backed up with a passphrase on one phone is restored by pasting it on another', async () => {
  const first = await phone();
  const key = await keyOf(first);
  await waitForItem(first, '口令（至少 8 个字符）');
  const field = passphraseField(first);
  assert.equal(await field.getAttribute('type'), 'password');
  // The element sits over the frame the app drew for it.
  const frame = (await labels(first)).includes('口令（至少 8 个字符）') &&
    await first.evaluate(() => window.yishi.items.find(it => it.label === '口令（至少 8 个字符）'));
  const box = await field.boundingBox();
  assert.ok(Math.abs(box.x - frame.x) < 1.5 && Math.abs(box.y - frame.y) < 1.5, JSON.stringify({ box, frame }));
  await field.click();
  await first.keyboard.insertText(PASSPHRASE + 'xy');   // as an IME or a password manager would put it
  await first.keyboard.press('Backspace');              // keys typed there are the element's own
  await first.keyboard.press('Backspace');
  assert.equal(await field.inputValue(), PASSPHRASE);
  await tap(first, '生成备份');
  const backup = await (await first.waitForFunction(
    () => window.yishi.items.map(it => it.label).find(l => l.startsWith('yishi-key-v1:')), null, { timeout: 30000 })).jsonValue();
  await screenshot(first, 'backup-made-phone.png');
  await assertLayout(first, 'backup-made-phone');
  await tap(first, '复制');
  assert.equal(await first.evaluate(() => navigator.clipboard.readText()), backup);

  // Another phone has a key of its own until the backup is restored there.
  const second = await phone();
  assert.notEqual(await keyOf(second), key);
  await second.evaluate(text => navigator.clipboard.writeText(text), backup);
  await backupField(second).click();
  await second.keyboard.press('Control+V');   // the browser's own paste into the element
  assert.equal(await backupField(second).inputValue(), backup);
  await passphraseField(second).click();
  await second.keyboard.insertText('不是这个口令123');
  await tap(second, '从备份恢复');
  try { await waitForItem(second, '口令不对，或备份文本有误。', 30000); } finally { await screenshot(second, 'backup-wrong-phone.png'); }
  assert.notEqual(await keyOf(second), key, 'a wrong passphrase changes nothing');
  assert.equal(await backupField(second).inputValue(), backup, 'and keeps what was pasted');

  await passphraseField(second).fill(PASSPHRASE);
  await tap(second, '从备份恢复');
  await waitForItem(second, '已恢复你的密钥。', 30000);
  assert.equal(await keyOf(second), key, 'the restored key is the first phone\'s');
  assert.equal(await backupField(second).inputValue(), '', 'the fields are cleared after restoring');
  assert.equal(await passphraseField(second).inputValue(), '');
  await screenshot(second, 'backup-restored-phone.png');
  await assertLayout(second, 'backup-restored-phone');
  assert.deepEqual([...first.problems, ...second.problems], []);
});

test('a native field is there only while its frame is wholly on screen, and moves with it', async () => {
  const page = await phone(560);   // short enough that 备份与恢复 starts below the fold
  await page.waitForTimeout(300);
  // Wholly on screen: above the phone's tab bar, which the page scrolls under.
  const visible = async () => {
    const bottom = await visibleBottom(page);
    return page.evaluate(b => window.yishi.items.find(it => it.label === '口令（至少 8 个字符）' && it.y >= 0 && it.y + it.h <= b) || null,
                         bottom);
  };
  if (!(await visible())) assert.equal(await page.locator('.native-field').count(), 0, 'no element for a field off screen');
  await page.mouse.move(195, 300);
  for (let k = 0; k < 20 && !(await visible()); ++k) {
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(150);
  }
  const frame = await visible();
  assert.ok(frame, 'scrolled to the field');
  await page.waitForFunction(y => {
    const el = document.querySelector('input.native-field');
    return el && Math.abs(el.getBoundingClientRect().y - y) < 1.5;
  }, frame.y);
  await page.mouse.wheel(0, 60);   // a little further: the element follows its frame
  await page.waitForTimeout(300);
  const moved = await visible();
  if (moved) {
    const box = await passphraseField(page).boundingBox();
    assert.ok(Math.abs(box.y - moved.y) < 1.5, JSON.stringify({ box, moved }));
  }
  await press(page, '首页', ['本社区的协商', true]);
  assert.equal(await page.locator('.native-field').count(), 0, 'no element outside 我的');
});
