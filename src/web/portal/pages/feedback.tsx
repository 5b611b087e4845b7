import type { FeedbackReceiptResponse } from '../../../feedback/feedback.dto';
import { Breadcrumb, Button, ErrorSummary, Facts, Paragraphs, TextField } from '../../ui/components';
import type { PageContext } from '../../ui/page-context';
import { PortalLayout } from '../portal-layout';

/** The date in Beijing time (the citizen's), YYYY-MM-DD. */
const day = (iso: string) => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/**
 * 回执: one rating or report followed by its receipt code — what it is about, where it stands, the department's
 * answer. Right after posting (Post/Redirect/Get, `?sent=1`) it opens with "已提交" and the code to keep.
 * Nothing personal is shown (no comment, no phone): whoever holds the code sees the page.
 */
export function FeedbackReceiptPage({ ctx, item, sent, privacy }: { ctx: PageContext; item: FeedbackReceiptResponse; sent: boolean; privacy: string }) {
  const report = item.kind === 'report';
  return (
    <PortalLayout ctx={ctx} meta={{ title: sent ? (report ? '问题已提交' : '评价已提交') : `回执 ${item.receipt}`, noindex: true }}>
      {sent ? (
        <div class="success" role="status">
          <h1>{report ? '问题已提交' : '评价已提交'}</h1>
          <p>谢谢！{report ? '我们已转给事项所属部门核实处理。' : '您的评价会帮助部门改进服务。'}</p>
          <p class="receipt">
            回执码：<strong>{item.receipt}</strong>
          </p>
          <p>请记下回执码或收藏本页，以后凭它查看处理进度和部门的答复。</p>
        </div>
      ) : (
        <>
          <Breadcrumb items={[{ href: '/', label: '首页' }, { href: '/feedback', label: '查询处理进度' }, { label: item.receipt }]} />
          <h1>回执 {item.receipt}</h1>
        </>
      )}
      <section class="section" aria-labelledby="r-status">
        <h2 id="r-status">处理进度</h2>
        <Facts
          rows={[
            ['事项', <a href={`/matters/${item.matter.code}`}>{item.matter.name}</a>],
            ['内容', item.subject],
            ['负责部门', <a href={`/departments/${item.department.code}`}>{item.department.name}</a>],
            ['提交日期', day(item.createdAt)],
            ['状态', <strong>{item.statusLabel}</strong>],
            ['处理日期', item.handledAt && day(item.handledAt)],
          ]}
        />
      </section>
      <section class="section" aria-labelledby="r-answer">
        <h2 id="r-answer">部门答复</h2>
        {item.answer ? (
          <div class="answer">
            <Paragraphs text={item.answer} />
          </div>
        ) : (
          <p>{item.status === 'closed' ? '部门已办结，没有书面答复。' : '部门还没有答复。留了电话的，工作人员会回电。'}</p>
        )}
        <p class="hint">
          对处理结果不满意，可拨打政务服务便民热线 <a href="tel:12345">12345</a>，并告知回执码。
        </p>
      </section>
      <p class="privacy">{privacy}本页只显示处理进度和答复，不显示您填写的内容和电话。</p>
    </PortalLayout>
  );
}

/** 查询处理进度: enter a receipt code (GET form, works without JS). */
export function FeedbackLookupPage({ ctx, value, error }: { ctx: PageContext; value: string; error?: string }) {
  return (
    <PortalLayout ctx={ctx} meta={{ title: error ? '错误：查询处理进度' : '查询处理进度', noindex: true }}>
      <Breadcrumb items={[{ href: '/', label: '首页' }, { label: '查询处理进度' }]} />
      <h1>查询处理进度</h1>
      <p class="lead">提交评价或反映问题后，页面会给出一个回执码。输入它，可以看到处理进度和部门的答复。</p>
      {error && <ErrorSummary errors={[{ field: 'receipt', message: error }]} />}
      <form method="get" action="/feedback" class="receipt-form">
        <TextField id="receipt" name="receipt" label="回执码" hint="12 位字母和数字，例如 7KQ2M9XW4PTA" value={value} maxLength={20} error={error} required />
        <Button>查询</Button>
      </form>
    </PortalLayout>
  );
}
