import { Layout } from './layout';
import type { PageContext } from './page-context';

const TITLES: Record<number, string> = {
  400: '请求有误',
  401: '需要登录',
  403: '无权访问',
  404: '找不到这个页面',
  405: '不支持的请求方法',
  410: '该内容已停止公开',
  413: '提交的内容过大',
  415: '不支持的内容类型',
  429: '访问过于频繁',
  500: '服务暂时出了问题',
  503: '服务暂时不可用',
};

const ADVICE: Record<number, string> = {
  400: '请检查网址或填写的内容，然后再试一次。',
  403: '请从本网站的页面重新操作；如果一直出现，请拨打 12345 政务服务便民热线。',
  404: '网址可能有误，或者该内容已经调整。可以从首页或搜索重新查找。',
  410: '该内容已被主管部门撤下。可以从首页或搜索查找现行的办事指南。',
  429: '请稍等一分钟再试。',
  500: '这不是您的问题。请稍后再试；如果一直出现，请拨打 12345 政务服务便民热线。',
};

export interface ErrorPageProps {
  ctx: PageContext;
  status: number;
  /** A message safe to show (AppError messages are; internal errors never reach here with theirs). */
  message?: string;
  siteName: string;
}

/** The HTML error page of every page route: the right status, a plain explanation, a way on; never a stack. */
export function ErrorPage({ ctx, status, message, siteName }: ErrorPageProps) {
  const title = TITLES[status] ?? (status >= 500 ? TITLES[500] : TITLES[400]);
  const advice = ADVICE[status] ?? (status >= 500 ? ADVICE[500] : ADVICE[400]);
  return (
    <Layout ctx={ctx} meta={{ title, noindex: true }} siteName={siteName}>
      <h1>{title}</h1>
      <p class="status-code">错误代码 {status}</p>
      {message && status < 500 && status !== 404 && <p class="lead">{message}</p>}
      <p>{advice}</p>
      <ul class="link-list">
        <li>
          <a href="/">返回首页</a>
        </li>
        <li>
          <a href="/search">搜索办事事项</a>
        </li>
      </ul>
      {ctx.requestId && <p class="hint">请求编号：{ctx.requestId}（咨询时可提供此编号）</p>}
    </Layout>
  );
}
