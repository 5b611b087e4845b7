import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ACCOUNT_PERMISSIONS, AccountAction, CONTENT_PERMISSIONS } from '../../src/auth/permission-matrix';
import { ROLES, type Role } from '../../src/auth/roles';
import { as, Signed, Staff, TEST_PASSWORD } from '../setup/staff';
import { Banshi, eventually, startBanshi } from '../setup/test-app';
import { axe, launchBrowser, screenshot, serious } from './browser';
import { consoleContext, signInPage } from './console-browser';

/**
 * Part B of the console in Chromium (JavaScript off): 三员分立 pages — accounts, approvals, departments and places,
 * security policy, API keys, audit export — guide entries through draft → submit → publish with the history's
 * "who did what", and a sample of permission-matrix cells: each role sees exactly the links and pages the matrix
 * (src/auth/permission-matrix.ts) allows, and gets the 403 page on a direct URL otherwise.
 */
describe('console: administration, guide entries and the permission matrix in a browser', () => {
  let banshi: Banshi;
  let staff: Staff;
  let browser: Browser;
  const people = {} as Record<Role, Signed>;
  const contexts = {} as Record<Role, BrowserContext>;
  const pages = {} as Record<Role, Page>;
  const shot = (page: Page, name: string) => screenshot(page, `console-${name}`);
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  beforeAll(async () => {
    banshi = await startBanshi({ WEBHOOK_ALLOWED_HOSTS: 'hooks.bz.example' });
    staff = await Staff.bootstrap(banshi);
    await as(banshi, staff.sysadmin).post('/api/v1/admin/departments').send({ code: 'CB-A', name: '北镇市测试局乙' }).expect(201);
    people.editor = await staff.create('zhao.lei', 'editor', ['CB-A']);
    people.reviewer = await staff.create('qian.li', 'reviewer');
    await staff.create('zhou.rev', 'reviewer'); // the privileged account whose reset needs a second approval
    people.sysadmin = staff.sysadmin;
    people.secadmin = staff.secadmin;
    people.auditor = staff.auditor;
    browser = await launchBrowser();
    // One signed-in browser per role (administrators and reviewers sign in with their second factor).
    for (const role of ROLES) {
      contexts[role] = await consoleContext(browser, banshi.url);
      pages[role] = await contexts[role].newPage();
      await signInPage(pages[role], banshi, people[role].login, TEST_PASSWORD);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await banshi?.close();
  });

  /**
   * Pages and the matrix cell that decides who may open them. Account pages read ACCOUNT_PERMISSIONS, content pages
   * CONTENT_PERMISSIONS ('create' on the editor's own department); the expectation is computed from the table, so a
   * change of the matrix changes what this test expects.
   */
  const cells: { path: string; nav?: string; allowed: (role: Role) => boolean }[] = [
    { path: '/admin/accounts', nav: '账号', allowed: (r) => !!ACCOUNT_PERMISSIONS[r]['list-accounts'] },
    { path: '/admin/approvals', nav: '审批', allowed: (r) => !!ACCOUNT_PERMISSIONS[r]['list-approvals'] },
    { path: '/admin/api-keys', nav: '接口密钥', allowed: (r) => !!ACCOUNT_PERMISSIONS[r]['manage-api-keys'] },
    { path: '/admin/matters/new', allowed: (r) => !!CONTENT_PERMISSIONS[r].create },
    { path: '/admin/guides/new', allowed: (r) => !!CONTENT_PERMISSIONS[r].create },
    { path: '/admin/bundles/new', allowed: (r) => !!CONTENT_PERMISSIONS[r].create },
    { path: '/admin/guides', nav: '指南条目', allowed: (r) => !!CONTENT_PERMISSIONS[r].read },
  ];

  it.each(ROLES)('%s sees exactly what the permission matrix allows', async (role) => {
    const page = pages[role];
    const seen: string[] = [];
    const expected: string[] = [];
    for (const cell of cells) {
      const ok = cell.allowed(role);
      await page.goto(`${banshi.url}/admin`);
      if (cell.nav) {
        const links = await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: cell.nav, exact: true }).count();
        seen.push(`${cell.nav} link ${links > 0}`);
        expected.push(`${cell.nav} link ${ok}`);
      }
      const res = await page.goto(`${banshi.url}${cell.path}`);
      seen.push(`${cell.path} ${res!.status()}${res!.status() === 403 ? ` ${await h1(page)}` : ''}`);
      expected.push(`${cell.path} ${ok ? 200 : '403 无权执行此操作'}`);
    }
    // Buttons on a plain account's page: reset password (reset-password), roles (assign-role), create (create-account).
    const plain = await as(banshi, staff.sysadmin).get('/api/v1/admin/accounts').query({ limit: 100 }).expect(200);
    const editorId = plain.body.items.find((a: { login: string }) => a.login === people.editor.login).id;
    const buttons: [string, AccountAction][] = [
      ['重置密码', 'reset-password'],
      ['保存角色与部门', 'assign-role'],
    ];
    if (ACCOUNT_PERMISSIONS[role]['list-accounts']) {
      await page.goto(`${banshi.url}/admin/accounts/${editorId}`);
      for (const [name, action] of buttons) {
        seen.push(`${name} ${(await page.getByRole('button', { name, exact: true }).count()) > 0}`);
        expected.push(`${name} ${!!ACCOUNT_PERMISSIONS[role][action]}`);
      }
      await page.goto(`${banshi.url}/admin/accounts`);
      seen.push(`创建账号 ${(await page.getByRole('button', { name: '创建账号' }).count()) > 0}`);
      expected.push(`创建账号 ${!!ACCOUNT_PERMISSIONS[role]['create-account']}`);
    }
    expect(seen).toEqual(expected);
  });

  it('the system administrator creates an account (password shown once), resets it, and asks for approval for a reviewer', async () => {
    const page = pages.sysadmin;
    await page.goto(`${banshi.url}/admin/accounts`);
    await page.getByLabel('登录名').fill('Bad Login');
    await page.getByLabel('姓名').fill('孙悦');
    await page.getByRole('button', { name: '创建账号' }).click();
    expect(await page.locator('#f-login-error').textContent()).toContain('登录名须为');
    expect(await page.getByRole('alert').textContent()).toContain('登录名');
    await page.getByLabel('登录名').fill('sun.yue');
    await page.getByRole('button', { name: '创建账号' }).click();
    expect(await h1(page)).toBe('账号：sun.yue');
    const first = await page.locator('code.secret').textContent();
    expect(first).toMatch(/\S{12,}/);
    await shot(page, 'account-created');
    // The password is on that response only: opening the account page again does not show it.
    await page.goto(`${banshi.url}/admin/accounts`);
    await page.getByRole('link', { name: 'sun.yue' }).click();
    expect(await page.locator('code.secret').count()).toBe(0);
    await page.getByRole('button', { name: '重置密码' }).click();
    const second = await page.locator('code.secret').textContent();
    expect(second).not.toBe(first);
    // It really is the account's password now (the first sign-in must change it).
    const signIn = await banshi.http().post('/api/v1/auth/sign-in').send({ login: 'sun.yue', password: second }).expect(200);
    expect(signIn.body.mustChangePassword).toBe(true);

    // A reviewer is privileged: no direct reset; a request that a second administrator approves.
    const list = await as(banshi, staff.sysadmin).get('/api/v1/admin/accounts').query({ limit: 100 }).expect(200);
    const reviewerId = list.body.items.find((a: { login: string }) => a.login === 'zhou.rev').id;
    await page.goto(`${banshi.url}/admin/accounts/${reviewerId}`);
    expect(await page.getByRole('button', { name: '重置密码', exact: true }).count()).toBe(0);
    await page.getByLabel('申请的操作').selectOption('reset-password');
    await page.getByRole('button', { name: '提交审批申请' }).click();
    expect(await page.locator('#f-reason-error').count()).toBe(1); // a reason is required (the API's DTO)
    await page.getByLabel('申请理由（审批人据此决定）').fill('审核员忘记密码，本人当面申请');
    await page.getByRole('button', { name: '提交审批申请' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('审批申请已提交');
    // The sysadmin cannot approve their own request (no button); the audit administrator can.
    await page.goto(`${banshi.url}/admin/approvals`);
    expect(await page.getByRole('button', { name: '批准' }).count()).toBe(0);
    const ap = pages.auditor;
    await ap.goto(`${banshi.url}/admin/approvals`);
    await shot(ap, 'approvals');
    await ap.getByRole('button', { name: '批准' }).click();
    expect(await ap.getByRole('status').first().textContent()).toContain('已批准');
    await page.goto(`${banshi.url}/admin/approvals`);
    await page.getByRole('button', { name: '执行' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('已执行');
    expect(await page.locator('code.secret').textContent()).toMatch(/\S{12,}/);
  });

  it('the security administrator assigns a role (with the API’s field errors), sets the policy and issues an API key', async () => {
    const page = pages.secadmin;
    await page.goto(`${banshi.url}/admin/accounts`);
    await page.getByRole('link', { name: 'sun.yue' }).click();
    await page.getByLabel('角色', { exact: true }).selectOption('editor');
    await page.getByRole('button', { name: '保存角色与部门' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('部门编辑至少要分配一个部门');
    expect(await page.locator('#f-departmentCodes-error').count()).toBe(1);
    await page.getByLabel(/部门编码/).fill('CB-A');
    await page.getByRole('button', { name: '保存角色与部门' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('角色与部门已保存');
    const me = await as(banshi, staff.secadmin).get('/api/v1/admin/accounts').query({ limit: 100 }).expect(200);
    expect(me.body.items.find((a: { login: string }) => a.login === 'sun.yue')).toMatchObject({ role: 'editor', departmentCodes: ['CB-A'] });

    await page.goto(`${banshi.url}/admin/security-policy`);
    await page.getByLabel('连续登录失败多少次锁定').fill('99');
    await page.getByRole('button', { name: '保存安全策略' }).click();
    expect(await page.locator('#f-lockoutThreshold-error').textContent()).toContain('10');
    await shot(page, 'security-policy-errors');
    await page.getByLabel('连续登录失败多少次锁定').fill('6');
    await page.getByRole('button', { name: '保存安全策略' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('安全策略已保存');
    expect((await as(banshi, staff.secadmin).get('/api/v1/admin/security-policy').expect(200)).body.lockoutThreshold).toBe(6);

    await page.goto(`${banshi.url}/admin/api-keys`);
    await page.getByLabel('接入系统名称').fill('12345 热线');
    await page.getByLabel(/读取草稿/).check();
    await page.getByRole('button', { name: '创建密钥' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('部门'); // drafts need departments (the service's rule)
    await page.getByLabel(/代表的部门/).fill('CB-A');
    await page.getByRole('button', { name: '创建密钥' }).click();
    const key = await page.locator('code.secret').textContent();
    expect((await banshi.http().get('/api/v1/integration/drafts/matters').set('x-api-key', key!)).status).toBe(200);
    await shot(page, 'api-keys');
    await page.getByRole('button', { name: '吊销“12345 热线”的密钥' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('已吊销');

    // A push subscription for a client system's key: the URL is checked against WEBHOOK_ALLOWED_HOSTS.
    await page.getByLabel('接入系统名称').fill('市大数据中心');
    await page.getByRole('button', { name: '创建密钥' }).click();
    await page.goto(`${banshi.url}/admin/webhooks`);
    await page.getByLabel('接收方（接口密钥）').selectOption({ index: 1 }); // the only active key
    await page.getByLabel('推送地址').fill('https://evil.example.com/hook');
    await page.getByRole('button', { name: '创建订阅' }).click();
    expect(await page.locator('#f-url-error').count()).toBe(1);
    await page.getByLabel('推送地址').fill('https://hooks.bz.example/banshi');
    await page.getByRole('button', { name: '创建订阅' }).click();
    expect(await page.locator('code.secret').textContent()).toMatch(/\S{16,}/);
    await page.getByRole('button', { name: '暂停推送到 https://hooks.bz.example/banshi' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('已暂停推送');
    await shot(page, 'webhooks');
  });

  it('departments and places: create with field errors, and a conflicting save shows the difference', async () => {
    const page = pages.sysadmin;
    await page.goto(`${banshi.url}/admin/departments/new`);
    await page.getByLabel('部门编码', { exact: true }).fill('CB-NEW');
    await page.getByLabel('名称', { exact: true }).fill('北镇市新设局');
    await page.getByLabel('统一社会信用代码').fill('123');
    await page.getByRole('button', { name: '保存并公开' }).click();
    expect(await page.locator('#f-uscc-error').textContent()).toContain('18 位');
    await page.getByLabel('统一社会信用代码').fill('');
    await page.getByRole('button', { name: '保存并公开' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('已保存');
    expect((await banshi.http().get('/api/v1/departments/CB-NEW').expect(200)).body.name).toBe('北镇市新设局');
    // Two tabs on the same version: the second save is a conflict with a diff, and nothing is lost.
    const other = await contexts.sysadmin.newPage();
    await other.goto(`${banshi.url}/admin/departments/CB-NEW`);
    await page.getByLabel('电话', { exact: true }).fill('0416-6610000');
    await page.getByRole('button', { name: '保存并公开' }).click();
    await other.getByLabel('地址').fill('北镇市人民路 1 号');
    await other.getByRole('button', { name: '保存并公开' }).click();
    expect(await other.getByRole('alert').first().textContent()).toContain('有人保存了更新的版本');
    expect(await other.getByRole('table', { name: '差异' }).textContent()).toContain('北镇市人民路 1 号');
    await shot(other, 'department-conflict');
    await other.getByRole('button', { name: '保存并公开' }).click(); // the form carries the newer version now
    const saved = (await banshi.http().get('/api/v1/departments/CB-NEW').expect(200)).body;
    expect(saved.address).toBe('北镇市人民路 1 号');
    await other.close();

    await page.goto(`${banshi.url}/admin/locations/new`);
    await page.getByLabel('场所编码', { exact: true }).fill('CB-LOC');
    await page.getByLabel('名称', { exact: true }).fill('北镇市第二服务大厅');
    await page.getByLabel('纬度').fill('北纬');
    await page.getByRole('button', { name: '保存并公开' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('层级');
    expect(await page.locator('#f-lat-error').count()).toBe(1);
    await page.getByLabel('层级').selectOption('分中心');
    await page.getByLabel('纬度').fill('41.6');
    await page.getByLabel('经度').fill('121.8');
    await page.getByRole('button', { name: '保存并公开' }).click();
    expect((await banshi.http().get('/api/v1/locations/CB-LOC').expect(200)).body.location).toEqual({ lat: 41.6, lng: 121.8 });
  });

  it('a guide entry goes draft → submit (completeness shown) → publish, and its history says who did what', async () => {
    const page = pages.editor;
    await page.goto(`${banshi.url}/admin/guides`);
    await page.getByRole('link', { name: '新建指南条目' }).click();
    await page.getByLabel('条目编码').fill('CB-G-1');
    await page.getByLabel('标题').fill('开办个体工商户不找关系');
    await page.getByLabel('渠道名称').fill('12345 热线');
    await page.getByRole('button', { name: '再加一项渠道' }).click();
    expect(await page.getByRole('group', { name: '渠道 2' }).count()).toBe(1);
    await page.getByRole('group', { name: '渠道 1' }).getByLabel('电话').fill('12345');
    await page.getByRole('button', { name: '保存草稿' }).click();
    // The API's validation, next to the field: the list is required.
    expect(await page.locator('#f-list-error').count()).toBe(1);
    expect(await page.getByRole('alert').textContent()).toContain('所属清单');
    await shot(page, 'guide-errors');
    await page.getByLabel('所属清单').selectOption('compliance');
    await page.getByLabel(/所需材料/).fill('居民身份证\n经营场所证明');
    await page.getByRole('button', { name: '保存并提交审核' }).click();
    // The submit check (the same rules as the API and the import): whom to ask, next to the contact phone.
    expect(await page.getByRole('alert').textContent()).toContain('找谁办');
    expect(await page.locator('#f-contact-phone-error').textContent()).toContain('联系电话');
    await page.getByLabel('联系电话').fill('0416-1234567');
    await page.getByRole('button', { name: '保存并提交审核' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('已提交审核');
    const rp = pages.reviewer;
    await rp.goto(`${banshi.url}/admin/guides`);
    await rp.getByRole('link', { name: '开办个体工商户不找关系' }).click();
    expect(await rp.getByRole('table', { name: /逐字段对比/ }).textContent()).toContain('经营场所证明');
    await shot(rp, 'guide-review');
    await rp.getByRole('button', { name: '审核通过并发布' }).click();
    expect(await rp.getByRole('status').first().textContent()).toContain('已发布');
    const pub = await eventually(async () => {
      const r = await banshi.http().get('/api/v1/guides/CB-G-1');
      return r.status === 200 ? r.body : undefined;
    }, 2000);
    expect(pub.title).toBe('开办个体工商户不找关系');

    await page.goto(`${banshi.url}/admin/guides/CB-G-1/history`);
    const table = page.getByRole('table', { name: /谁在何时做了什么/ });
    const text = await table.textContent();
    expect(text).toContain('zhao.lei（部门编辑）新建草稿');
    expect(text).toContain('zhao.lei（部门编辑）提交审核');
    expect(text).toContain('qian.li（中心审核员）审核通过并发布');
    await shot(page, 'guide-history');
  });

  it('the audit administrator downloads the current query as CSV', async () => {
    const page = pages.auditor;
    await page.goto(`${banshi.url}/admin/audit?objectId=CB-G-1`);
    const href = await page.getByRole('link', { name: /CSV/ }).getAttribute('href');
    expect(href).toContain('objectId=CB-G-1');
    const res = await page.request.get(`${banshi.url}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toContain('banshi-audit.csv');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toContain('actorLogin');
    expect(lines.slice(1).every((l) => l.includes('CB-G-1'))).toBe(true);
    expect(lines.some((l) => l.includes('guide.publish'))).toBe(true);
  });

  it('the new page types have no serious or critical axe violations', async () => {
    const found: Record<string, string[]> = {};
    const visit = async (role: Role, name: string, path: string) => {
      const ctx = await consoleContext(browser, banshi.url, { bypassCSP: true, js: true });
      await ctx.addCookies(await contexts[role].cookies());
      const page = await ctx.newPage();
      await page.goto(`${banshi.url}${path}`);
      found[name] = serious(await axe(page));
      if (name === 'accounts' || name === 'guide history') await shot(page, name.replace(' ', '-'));
      await ctx.close();
    };
    const list = await as(banshi, staff.sysadmin).get('/api/v1/admin/accounts').query({ limit: 100 }).expect(200);
    const id = list.body.items.find((a: { login: string }) => a.login === 'sun.yue').id;
    await visit('sysadmin', 'accounts', '/admin/accounts');
    await visit('sysadmin', 'account', `/admin/accounts/${id}`);
    await visit('secadmin', 'account (secadmin)', `/admin/accounts/${id}`);
    await visit('sysadmin', 'departments', '/admin/departments');
    await visit('sysadmin', 'department', '/admin/departments/CB-NEW');
    await visit('sysadmin', 'location', '/admin/locations/new');
    await visit('secadmin', 'policy', '/admin/security-policy');
    await visit('secadmin', 'api keys', '/admin/api-keys');
    await visit('secadmin', 'webhooks', '/admin/webhooks');
    await visit('auditor', 'approvals', '/admin/approvals');
    await visit('editor', 'guides', '/admin/guides');
    await visit('editor', 'new guide', '/admin/guides/new');
    await visit('editor', 'new bundle', '/admin/bundles/new');
    await visit('editor', 'guide history', '/admin/guides/CB-G-1/history');
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  });

  it('a bundle is created from the console with its life stages and matters', async () => {
    const page = pages.editor;
    await page.goto(`${banshi.url}/admin/bundles/new`);
    await page.getByLabel('一件事编码').fill('CB-B-1');
    await page.getByLabel('名称', { exact: true }).fill('开餐馆一件事');
    await page.getByLabel('牵头部门').selectOption('CB-A');
    await page.getByLabel('就业').check();
    await page.getByLabel(/共用材料/).fill('营业执照');
    await page.getByRole('button', { name: '保存草稿' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('草稿已保存');
    const draft = await as(banshi, people.editor).get('/api/v1/admin/bundles/CB-B-1').expect(200);
    expect(draft.body.draft.payload).toMatchObject({ name: '开餐馆一件事', departmentCode: 'CB-A', lifeStages: ['就业'], sharedMaterials: ['营业执照'] });
  });
});
