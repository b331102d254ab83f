// The demo bank's staff login (agent, supervisor, compliance officer). A real
// bank uses its own identity provider here; the demo's accounts are in
// src/staff/staff-users.ts. The page follows the browser's language
// (zh-Hans by default) and sends the person back to where they came from.
import { html, render } from 'lit';

type Language = 'en' | 'zh-Hans' | 'zh-Hant';

const STRINGS = {
  en: {
    title: 'Demo bank — staff login',
    heading: 'Staff login',
    intro:
      'Agents and supervisors open sessions; compliance officers review recordings. Customers never log in here: they join with the link the bank sends them.',
    username: 'Username',
    password: 'Password',
    submit: 'Log in',
    failed: 'Wrong username or password.',
    limited: 'Too many attempts. Wait a few minutes, then try again.',
    error: 'Could not log in. Try again.',
    demo: 'Demo accounts: agent, supervisor, compliance. Their password is set by the operator (DEMO_*_PASSWORD).',
  },
  'zh-Hans': {
    title: '演示银行 — 员工登录',
    heading: '员工登录',
    intro: '坐席和主管创建会话；合规人员审阅录像。客户无需在此登录，只需使用银行发送的链接加入。',
    username: '用户名',
    password: '密码',
    submit: '登录',
    failed: '用户名或密码错误。',
    limited: '尝试次数过多，请几分钟后再试。',
    error: '无法登录，请重试。',
    demo: '演示账号：agent、supervisor、compliance。密码由运维人员设置（DEMO_*_PASSWORD）。',
  },
  'zh-Hant': {
    title: '示範銀行 — 員工登入',
    heading: '員工登入',
    intro: '坐席和主管建立會話；合規人員審閱錄影。客戶無需在此登入，只需使用銀行傳送的連結加入。',
    username: '使用者名稱',
    password: '密碼',
    submit: '登入',
    failed: '使用者名稱或密碼錯誤。',
    limited: '嘗試次數過多，請幾分鐘後再試。',
    error: '無法登入，請重試。',
    demo: '示範帳號：agent、supervisor、compliance。密碼由維運人員設定（DEMO_*_PASSWORD）。',
  },
} as const satisfies Record<Language, Record<string, string>>;

function browserLanguage(): Language {
  for (const tag of navigator.languages) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('en')) return 'en';
    if (lower === 'zh-tw' || lower === 'zh-hk' || lower === 'zh-mo' || lower.startsWith('zh-hant')) return 'zh-Hant';
    if (lower.startsWith('zh')) return 'zh-Hans';
  }
  return 'zh-Hans';
}

/** Only a path on this site (never `//evil.example` or a full URL). */
function safeNext(): string {
  const next = new URLSearchParams(location.search).get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

const language = browserLanguage();
const t = STRINGS[language];
const app = document.getElementById('app');
if (!app) throw new Error('no #app');
document.documentElement.lang = language;
document.title = t.title;
const title = document.getElementById('title');
if (title) title.textContent = t.title;
let message = '';
let busy = false;

async function submit(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const data = new FormData(event.target as HTMLFormElement);
  busy = true;
  message = '';
  draw();
  try {
    const response = await fetch('/bank/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: data.get('username'), password: data.get('password') }),
    });
    if (response.ok) {
      location.assign(safeNext());
      return;
    }
    message = response.status === 401 ? t.failed : response.status === 429 ? t.limited : t.error;
  } catch {
    message = t.error;
  }
  busy = false;
  draw();
  document.querySelector<HTMLInputElement>('input[name="password"]')?.focus();
}

function draw(): void {
  render(
    html`<section class="card" aria-labelledby="login-heading">
      <h2 id="login-heading">${t.heading}</h2>
      <p>${t.intro}</p>
      <form @submit=${(e: SubmitEvent) => void submit(e)}>
        <p>
          <label>${t.username} <input name="username" autocomplete="username" required maxlength="64" /></label>
        </p>
        <p>
          <label
            >${t.password}
            <input name="password" type="password" autocomplete="current-password" required maxlength="256"
          /></label>
        </p>
        <button type="submit" ?disabled=${busy}>${t.submit}</button>
      </form>
      <p role="alert">${message}</p>
      <p><small>${t.demo}</small></p>
    </section>`,
    app as HTMLElement,
  );
}

draw();
