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
  expect(/\/barn\/1\?gemt=notification-\d+$/.test(page.url()), 'back on the child page');
  expect((await page.textContent('.thread')).includes('1. december 2024'), 'in the red thread');
  expect((await page.textContent('.alert-success')).includes('Underretning er gemt'),
    'the save is confirmed');
  expect((await page.textContent('.thread .saved')).includes('1. december 2024'),
    'the new item is marked');
  await axe('child page after saving');
  await shot('04b-gemt');
});

await step('take in a child not known before: child, notification and case in one save', async () => {
  await page.click('nav >> text=Modtag underretning');
  expect(await page.inputValue('#f-caseworker') === 'rg-anne', 'the case is the caseworker\'s own');
  await axe('intake form');
  await page.fill('#f-name', 'Browser Nybarn');
  await page.fill('#f-received_at', '2099-12-01T10:30');
  await page.selectOption('#f-notifier_type', 'health');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/modtag"] button[type=submit]')]);
  expect((await page.textContent('[role=alert]')).includes('Tidspunktet ligger efter nu'),
    'a receipt in the future is refused in Danish');
  expect(await page.inputValue('#f-name') === 'Browser Nybarn', 'input kept');
  await axe('intake form with errors');
  await page.fill('#f-received_at', '2024-12-01T10:30');
  await shot('04c-modtag');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/modtag"] button[type=submit]')]);
  expect(/\/barn\/\d+\?gemt=notification-\d+$/.test(page.url()), 'on the new child\'s page');
  expect((await page.textContent('h1')).includes('Browser Nybarn'), 'the new child');
  await axe('the new child\'s page');
});

await step('before taking in: is the child known already? (every child, by name in any order)', async () => {
  await page.goto(`${base}/modtag`);
  await page.fill('#sq', 'ølgod testbarn');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/modtag/soeg"] button')]);
  expect(!page.url().includes('lgod'), 'no search term in the URL');
  expect((await page.textContent('main')).includes('Testbarn Ærø Ølgod'), 'the known child is found');
  expect(await page.inputValue('#sq') === 'ølgod testbarn', 'the term stays in the field');
  await axe('intake search');
  await shot('04d-modtag-soeg');
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

await step('a session that ends mid-form: the typing comes back after the next login; back and save again saves once', async () => {
  await page.goto(`${base}/ny?type=conversation&barn=1`);
  await page.fill('#f-date', '2024-12-03');
  await page.selectOption('#f-bisidder_informed', 'true');
  await page.fill('#f-child_words', 'Det her må ikke gå tabt.');
  execFileSync('sqlite3', [db, 'UPDATE session SET last_seen = last_seen - 7200']);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  expect(page.url().endsWith('/login?gemt=1'), `to the login page: ${page.url()}`);
  expect((await page.textContent('main')).includes('Din session udløb, mens du skrev'),
    'the login page says the typing is kept');
  await axe('login after the session ended');
  await page.fill('#login', 'rg-anne');
  await page.fill('#password', password);
  const code = execFileSync('oathtool', ['--totp', '-b', secret, '-N', 'now + 30 seconds'],
    { encoding: 'utf8' }).trim();
  await page.fill('#code', code);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  expect(page.url().includes('/ny?type=conversation&barn=1&gendan=1'), `back to the form: ${page.url()}`);
  expect(await page.inputValue('#f-child_words') === 'Det her må ikke gå tabt.', 'the words are back');
  expect(await page.inputValue('#f-date') === '2024-12-03', 'the date is back');
  await axe('restored form');
  await shot('09-gendannet');
  const before = run(['conversation', 'list', '--child', '1']).split('\n').filter(Boolean).length;
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  const saved = page.url();
  expect(/\/barn\/1\?gemt=conversation-\d+$/.test(saved), `saved: ${saved}`);
  await page.goBack();
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  expect(page.url() === saved, `the second save answers with the first: ${page.url()}`);
  const after = run(['conversation', 'list', '--child', '1']).split('\n').filter(Boolean).length;
  expect(after === before + 1, `saved once (${before} -> ${after})`);
});

// The leaders' half, on the synthetic municipality (a database and server of its own): leadership
// lands on the overview, reads the strategy, adds an objective (refused in Danish first), and
// opens the committee's status note; a team leader sees the own team; an administrator the
// configuration. Every page passes axe.
const ldb = join(tmp, 'l.db');
const lrun = (args, input) =>
  execFileSync(TRAPPE, ['--db', ldb, ...args], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
lrun(['init']);
lrun(['demo', '--seed', '1', '--until', '2026-06-30']);
const secrets = {};
for (const [login, role, team] of [['leder', 'leadership'], ['tl-nord', 'team_leader', 'Team Nord'],
  ['admin', 'admin'], ['skole', 'partner'], ['taskforce', 'taskforce']]) {
  const args = ['user', 'add', '--login', login, '--role', role];
  if (team) args.push('--team', team);
  secrets[login] = lrun(args, password + '\n').match(/^totp secret: (\S+)$/m)[1];
}
// Consents for the partner and the task force (issue 23): one child's case, one child's plan.
const young = new Set(lrun(['child', 'list']).trim().split('\n').map(l => JSON.parse(l))
  .filter(c => c.birth_date >= '2010-01-01').map(c => c.id));
const open = lrun(['case', 'list']).trim().split('\n').map(l => JSON.parse(l))
  .filter(c => !c.closed && young.has(c.child_id));
const shared = [open[0].child_id, open[1].child_id];
for (const [child, grantee, scope] of [[shared[0], 'skole', 'case_overview'],
  [shared[1], 'taskforce', 'shared_plan']])
  lrun(['consent', 'add', '--child-id', String(child), '--grantee', grantee, '--scope', scope,
    '--purpose', 'Fælles indsats', '--given-by', 'custody_holder', '--from-date', '2026-01-01',
    '--to-date', '2027-12-31']);
// The task force around a young person of 15-17 (issue 23): its plan, on the member's page.
const teen = lrun(['child', 'list']).trim().split('\n').map(l => JSON.parse(l))
  .filter(c => c.birth_date >= '2009-01-01' && c.birth_date <= '2011-01-01').map(c => c.id);
const teenOpen = lrun(['case', 'list']).trim().split('\n').map(l => JSON.parse(l))
  .find(c => !c.closed && teen.includes(c.child_id)).child_id;
lrun(['consent', 'add', '--child-id', String(teenOpen), '--grantee', 'taskforce', '--scope', 'shared_plan',
  '--purpose', 'Taskforce', '--given-by', 'both', '--from-date', '2026-01-01', '--to-date', '2027-12-31']);
lrun(['taskforce', 'add', '--child-id', String(teenOpen), '--owner', 'taskforce', '--purpose',
  'Samlet plan for skole og fritid', '--start', '2026-03-01', '--planned-end', '2026-12-31']);
const tfId = lrun(['taskforce', 'list']).trim().split('\n').map(l => JSON.parse(l))
  .filter(x => x.child_id === teenOpen).pop().id;
lrun(['taskforce-member', 'add', '--taskforce-id', String(tfId), '--child-id', String(teenOpen), '--name',
  'Ungevejleder', '--department', 'job_centre', '--from-date', '2026-03-01']);
lrun(['taskforce-action', 'add', '--taskforce-id', String(tfId), '--child-id', String(teenOpen), '--text',
  'Fritidsjob', '--department', 'job_centre', '--owner', 'Ungevejleder', '--due', '2026-05-01']);
const lportFile = join(tmp, 'lport');
const lserver = spawn(TRAPPE, ['--db', ldb, 'serve', '--listen', '127.0.0.1:0', '--port-file',
  lportFile], { stdio: ['ignore', 'ignore', 'ignore'] });
for (let i = 0; i < 100 && !existsSync(lportFile); i++) await new Promise(r => setTimeout(r, 50));
await new Promise(r => setTimeout(r, 50));
const lbase = `http://127.0.0.1:${readFileSync(lportFile, 'utf8').trim()}`;

async function loginAs(login) {
  const ctx = await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
  const p = await ctx.newPage();
  await p.goto(`${lbase}/login`);
  await p.fill('#login', login);
  await p.fill('#password', password);
  await p.fill('#code', execFileSync('oathtool', ['--totp', '-b', secrets[login]], { encoding: 'utf8' }).trim());
  await Promise.all([p.waitForNavigation(), p.click('button[type=submit]')]);
  return p;
}
async function axeOn(p, label) {
  const r = await new AxeBuilder({ page: p })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  if (r.violations.length) {
    throw new Error(`${label}: ${r.violations.length} axe violations: ` +
      r.violations.map(v => `${v.id} (${v.nodes.length}): ${v.help}`).join('; '));
  }
}

let lead;
await step('leadership lands on the overview: charts over tables, no child named', async () => {
  lead = await loginAs('leder');
  expect(lead.url().endsWith('/ledelse'), `landed on ${lead.url()}`);
  expect(await lead.textContent('h1') === 'Ledelsesoverblik', 'overview heading');
  expect(await lead.locator('svg.chart').count() >= 4, 'charts');
  const main = await lead.textContent('main');
  expect(!main.includes('Testesen'), 'no child named');
  for (const h of ['Indsatstrappen', 'Anbringelser', 'Barnets stemme og tidlig hjælp',
    'Frister og sagsbelastning', 'Effekt', 'Udgifter', 'Strategien', 'Sådan er tallene beregnet'])
    expect(await lead.isVisible(`h2:has-text("${h}")`), `section ${h}`);
  await axeOn(lead, 'leaders overview');
  await lead.screenshot({ path: join(OUT, '20-ledelse.png'), fullPage: true });
  await lead.goto(`${lbase}/ledelse?fra=2025-01-01&til=2025-12-31&opdeling=caseworker`);
  expect((await lead.textContent('main')).includes('rg-01'), 'split by caseworker');
  await axeOn(lead, 'leaders overview by caseworker');
});

await step('leadership follows the strategy up: an objective, refused in Danish, then saved', async () => {
  await lead.goto(`${lbase}/strategi`);
  await axeOn(lead, 'strategy');
  await lead.screenshot({ path: join(OUT, '21-strategi.png'), fullPage: true });
  await lead.goto(`${lbase}/strategi/ny?type=maal&under=P1`);
  await axeOn(lead, 'objective form');
  await lead.selectOption('#f-indicator', 'voice_conversation');
  await lead.fill('#f-target', '95');
  await Promise.all([lead.waitForNavigation(), lead.click('main button[type=submit]')]);
  const alert = await lead.textContent('[role=alert]');
  expect(alert.includes('Målsætning: Feltet skal udfyldes') && alert.includes('Retning: Vælg en retning'),
    `every error at once: ${alert}`);
  expect(await lead.inputValue('#f-target') === '95', 'input kept');
  await axeOn(lead, 'objective form with errors');
  await lead.fill('#f-title', 'Alle børn bliver hørt');
  await lead.selectOption('#f-better', 'higher');
  await Promise.all([lead.waitForNavigation(), lead.click('main button[type=submit]')]);
  expect(lead.url().endsWith('/strategi'), 'back on the strategy');
  expect((await lead.textContent('main')).includes('Alle børn bliver hørt'), 'the new objective');
});

await step('the status note for the committee opens as HTML and as PDF', async () => {
  await lead.goto(`${lbase}/ledelse/notat?aar=2025&dokument=status&format=html`);
  const main = await lead.textContent('main');
  for (const t of ['Visionen er', 'Indsatstrappen', 'Tema', 'Årets tal 2025', 'Sådan er tallene beregnet'])
    expect(main.includes(t), `the note has ${t}`);
  await axeOn(lead, 'status note');
  await lead.screenshot({ path: join(OUT, '22-statusnotat.png'), fullPage: true });
  const head = await lead.evaluate(async (u) => {
    const r = await fetch(u);
    const b = new Uint8Array(await r.arrayBuffer());
    return `${r.status} ${r.headers.get('content-type')} ${String.fromCharCode(...b.subarray(0, 5))}`;
  }, `${lbase}/ledelse/notat?aar=2025&dokument=status&format=pdf`);
  expect(head === '200 application/pdf %PDF-', `a PDF: ${head}`);
  await lead.goto(`${lbase}/ledelse/notat?aar=2025&dokument=dagsorden&format=html`);
  await axeOn(lead, 'agenda item');
});

let tlPage;
await step('a team leader sees the own team; an administrator the configuration', async () => {
  const tl = tlPage = await loginAs('tl-nord');
  await tl.goto(`${lbase}/ledelse`);
  expect(await tl.textContent('h1') === 'Teamets overblik', 'team heading');
  expect((await tl.textContent('.lead-team')).includes('Team Nord'), 'the team named');
  await axeOn(tl, 'team overview');
  const r = await tl.goto(`${lbase}/strategi/ny?type=maal`);
  expect(r.status() === 403, 'a team leader does not edit the strategy');
  const admin = await loginAs('admin');
  expect(admin.url().endsWith('/opsaetning'), `admin landed on ${admin.url()}`);
  await axeOn(admin, 'configuration');
  await admin.screenshot({ path: join(OUT, '23-opsaetning.png'), fullPage: true });
});

let partnerPage, tfPage; // one login each: a TOTP code is accepted once
await step('a partner and the task force land on their own pages: the children shared, nothing more', async () => {
  const partner = partnerPage = await loginAs('skole');
  expect(partner.url().endsWith('/boern'), `partner landed on ${partner.url()}`);
  expect(await partner.textContent('h1') === 'Børn med samtykke', 'partner heading');
  await axeOn(partner, 'partner list');
  await partner.screenshot({ path: join(OUT, '24-partner-boern.png'), fullPage: true });
  await partner.click('table a');
  const text = await partner.textContent('main');
  expect(text.includes('Du ser det, som samtykket giver dig lov til'), 'partner intro');
  expect(!/\d{6}-XXXX|Mine frister|Nyt tilsynsbesøg/.test(text), 'no CPR, no caseworker links');
  expect(await partner.locator('main a[href^="/ny"], main a[href^="/ret"]').count() === 0,
    'no links the partner cannot use');
  await axeOn(partner, 'partner child page');
  await partner.screenshot({ path: join(OUT, '25-partner-barn.png'), fullPage: true });
  const tf = tfPage = await loginAs('taskforce');
  expect(tf.url().endsWith('/boern'), `task force landed on ${tf.url()}`);
  await tf.click('table a');
  expect((await tf.textContent('main')).includes('omfatter den fælles plan, ikke barnets sag'),
    'no step where the consent does not cover the case');
  await axeOn(tf, 'task force child page');
  await tf.screenshot({ path: join(OUT, '26-taskforce-barn.png'), fullPage: true });
});

await step('a school files a concern, the intake answers it, the school reads the answer', async () => {
  const partner = partnerPage;
  await partner.goto(`${lbase}/henvendelser/ny`);
  await axeOn(partner, 'inquiry form');
  await partner.selectOption('#f-kind', 'concern');
  await partner.selectOption('#f-notifier_type', 'school');
  await partner.fill('#f-child_name', 'Synne Testesen');
  await partner.fill('#f-seen', 'Meget fravær og trist i frikvartererne');
  await Promise.all([partner.waitForNavigation(), partner.click('main button[type=submit]')]);
  expect((await partner.textContent('[role=alert]')).includes('CPR-nummer eller fødselsdato'),
    'the missing birth date named in Danish');
  expect(await partner.inputValue('#f-child_name') === 'Synne Testesen', 'input kept');
  await axeOn(partner, 'inquiry form with errors');
  await partner.fill('#f-child_birth', '2014-03-09');
  await Promise.all([partner.waitForNavigation(), partner.click('main button[type=submit]')]);
  expect(partner.url().includes('/henvendelser?sendt=1'), `sent: ${partner.url()}`);
  expect((await partner.textContent('main')).includes('venter på kommunen'), 'waiting');
  await axeOn(partner, 'inquiries');
  const tl = tlPage;
  await tl.goto(`${lbase}/indbakke`);
  await axeOn(tl, 'inbox');
  await tl.screenshot({ path: join(OUT, '27-indbakke.png'), fullPage: true });
  await Promise.all([tl.waitForNavigation(), tl.click('main table a:has-text("Synne Testesen")')]);
  await axeOn(tl, 'inquiry in the inbox');
  await tl.selectOption('#f-response', 'advice');
  await Promise.all([tl.waitForNavigation(), tl.click('main button[type=submit]')]);
  await tl.fill('#f-feedback', 'Vi ringer jer op om en konsultativ samtale.');
  await Promise.all([tl.waitForNavigation(), tl.click('main button[type=submit]')]);
  expect((await tl.textContent('main')).includes('Svaret er sendt'), 'answered');
  await partner.goto(`${lbase}/henvendelser`);
  const text = await partner.textContent('main');
  expect(text.includes('Vi ringer jer op') && text.includes('rådgivning til jer'), 'the answer shown');
  expect(!text.includes('tl-nord'), 'no one in the municipality named');
  await partner.screenshot({ path: join(OUT, '28-partner-henvendelser.png'), fullPage: true });
});

await step('a task-force member sees the plan of the task force and nothing else', async () => {
  const tf = tfPage;
  await tf.goto(`${lbase}/barn/${teenOpen}`);
  const text = await tf.textContent('main');
  expect(text.includes('Taskforce for udsatte unge') && text.includes('Fritidsjob'), 'the plan');
  expect(!/\d{6}-XXXX|Ny deltager/.test(text), 'no CPR, no set-up links');
  await axeOn(tf, 'task force plan');
  await tf.screenshot({ path: join(OUT, '29-taskforce-plan.png'), fullPage: true });
});

lserver.kill('SIGTERM');
await browser.close();
server.kill('SIGTERM');
if (!process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
else console.log(`# kept ${tmp}`);
console.log(`# ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
