// Browser tests: Debian's chromium driven by playwright-core. Log in with TOTP, file a
// notification, start an intervention, record a conversation, read the red thread; axe-core
// reports WCAG 2.1 A/AA violations on every page (zero allowed). Screenshots go to $OUT.
// Env: TRAPPE (binary), TRAPPE_CONFIG, TRAPPE_STATIC, SRC (source tree), OUT (screenshot dir).
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TRAPPE = process.env.TRAPPE;
const SRC = process.env.SRC;
const OUT = process.env.OUT || join(tmpdir(), 'trappe-screenshots');
const tmp = mkdtempSync(join(tmpdir(), 'trappe-browser-'));
const db = join(tmp, 't.db');
mkdirSync(OUT, { recursive: true });

const run = (args, input) =>
  execFileSync(TRAPPE, ['--db', db, ...args], { input, encoding: 'utf8' });
run(['init']);
run(['import', join(SRC, 'tests/data/case-history.jsonl')]);
const password = 'browser-test-kodeord-1';
const added = run(['user', 'add', '--login', 'rg-anne', '--role', 'caseworker', '--team',
  'Team Nord', '--name', 'Anne Rådgiver'], password + '\n');
const secret = added.match(/^totp secret: (\S+)$/m)[1];

const portFile = join(tmp, 'port');
const server = spawn(TRAPPE, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--port-file',
  portFile], { stdio: ['ignore', 'ignore', 'ignore'] });
for (let i = 0; i < 100 && !existsSync(portFile); i++) await new Promise(r => setTimeout(r, 50));
await new Promise(r => setTimeout(r, 50));
const base = `http://127.0.0.1:${readFileSync(portFile, 'utf8').trim()}`;

let passed = 0, failed = 0;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
const page = await context.newPage();

async function step(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}\n#   ${String(e.message || e).split('\n').join('\n#   ')}`);
    const file = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    await page.screenshot({ path: join(OUT, `FAILED-${file}.png`), fullPage: true }).catch(() => {});
  }
}

async function shot(name) {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
}

async function axe(label) {
  const r = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  if (r.violations.length) {
    throw new Error(`${label}: ${r.violations.length} axe violations: ` +
      r.violations.map(v => `${v.id} (${v.nodes.length}): ${v.help}`).join('; '));
  }
}

function expect(cond, what) { if (!cond) throw new Error(what); }

await step('log in with password and TOTP code', async () => {
  await page.goto(`${base}/login`);
  await axe('login');
  await shot('01-login');
  await page.fill('#login', 'rg-anne');
  await page.fill('#password', password);
  const code = execFileSync('oathtool', ['--totp', '-b', secret], { encoding: 'utf8' }).trim();
  await page.fill('#code', code);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  expect(await page.textContent('h1') === 'Mine frister', 'worklist heading');
  await axe('worklist');
  await shot('02-mine-frister');
});

await step('caseload and search pages', async () => {
  await page.click('text=Mine børn');
  expect((await page.textContent('main')).includes('120512-XXXX'), 'masked CPR in the caseload');
  await axe('caseload');
  await shot('03-mine-boern');
  await page.click('nav >> text=Søg');
  await page.fill('#q', 'ølgod');
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  expect(!page.url().includes('lgod'), 'no search term in the URL');
  expect(await page.isVisible('a[href="/barn/1"]'), 'search finds the child');
  await axe('search');
});

await step('file a notification', async () => {
  await page.goto(`${base}/barn/1`);
  await page.click('text=Ny underretning');
  await axe('notification form');
  await page.fill('#f-received_at', '2024-12-01T10:30');
  await page.selectOption('#f-notifier_type', 'school');
  await page.check('input[name=reason_codes][value=school_absence]');
  await page.fill('#f-content', 'Skolen er bekymret for fraværet.');
  await shot('04-ny-underretning');
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  expect(page.url().endsWith('/barn/1'), 'back on the child page');
  expect((await page.textContent('.thread')).includes('1. december 2024'), 'in the red thread');
});

await step('a decision without a conversation is refused in Danish', async () => {
  await page.goto(`${base}/ny?type=decision&barn=1`);
  await page.fill('#f-date', '2024-12-02');
  await page.selectOption('#f-decision_type', 'support_s32');
  await page.fill('#f-legal_basis', '§ 32 stk. 1 nr. 2');
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  expect((await page.textContent('[role=alert]')).includes('§ 5'), 'names § 5');
  expect(await page.inputValue('#f-legal_basis') === '§ 32 stk. 1 nr. 2', 'input kept');
  await axe('form with errors');
  await shot('05-afgoerelse-fejl');
});

await step('record a conversation with the child', async () => {
  await page.goto(`${base}/ny?type=conversation&barn=1`);
  await axe('conversation form');
  await page.fill('#f-date', '2024-12-03');
  await page.selectOption('#f-bisidder_informed', 'true');
  await page.fill('#f-child_words', 'Jeg vil gerne blive i min skole.');
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  expect((await page.textContent('.thread')).includes('Jeg vil gerne blive i min skole.'),
    'the child’s words in the red thread');
});

await step('start an intervention', async () => {
  await page.goto(`${base}/ny?type=intervention&barn=1`);
  await axe('intervention form');
  await page.selectOption('#f-catalogue_code', 'bl32-2');
  await page.fill('#f-start', '2024-12-04');
  await page.fill('#f-purpose', 'Støtte i hjemmet ved hjemgivelse.');
  await shot('06-ny-indsats');
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  expect((await page.textContent('.thread')).includes('Praktisk, pædagogisk eller anden støtte'),
    'the intervention in the red thread');
});

await step('read the red thread with the ladder', async () => {
  await page.goto(`${base}/barn/1`);
  expect(await page.isVisible('svg.ladder'), 'ladder SVG');
  expect((await page.textContent('.ladder-list')).includes('trin 4'), 'ladder as a list');
  await axe('child page');
  await shot('07-barnets-sag');
});

await step('every registration form passes axe', async () => {
  for (const t of ['screening', 'assessment', 'decision', 'placement', 'plan', 'goal',
    'followup', 'supervision', 'case']) {
    await page.goto(`${base}/ny?type=${t}&barn=1`);
    await axe(`form ${t}`);
  }
  await page.goto(`${base}/ret?type=notification&id=1`);
  await axe('edit form');
  await shot('08-ret-underretning');
});

await browser.close();
server.kill('SIGTERM');
rmSync(tmp, { recursive: true, force: true });
console.log(`# ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
