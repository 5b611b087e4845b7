/**
 * Stop words and question wrappers for Chinese citizen queries.
 *
 * A Meilisearch stop word is removed from BOTH the documents and the queries (token by token, after jieba
 * segmentation and the re-cut of long words). So a stop word must be a token that never tells two matters
 * apart. Three groups qualify:
 *
 * 1. Function words, particles and pronouns (的, 了, 吗, 我, 你 …): never part of a matter's identity.
 * 2. Question and request words (怎么, 如何, 哪里, 什么, 需要, 请问, 一下 …): only occur in questions.
 * 3. Leading verbs of colloquial queries — 办, 开, 领, 上, 弄, 搞, 交 — and the generic action words 办理 and
 *    申请. In Meilisearch 1.21 the default matching strategy drops unmatched words from the END of the query,
 *    so an unmatched LEADING word such as 办 in "办低保" survives and blocks the query. As single-character
 *    tokens these verbs carry no matter identity: in official text they live inside two-character words
 *    (办理, 开具, 领取, 申领, 补领, 上岗, 交通, 提交 …) which are separate tokens and stay searchable.
 *    - 申请 is a judgement call: in matter names it only wraps the object ("申请XX", "XX申请", 申请人, 申请书);
 *      the words that distinguish cases of one matter are 申领 / 补领 / 换领 / 变更 / 注销 / 延续 / 认定 …,
 *      and those are NOT stop words. Left as a word, "申请低保" would need 申请 in the matched document.
 *    - 办理, 手续, 材料, 流程 likewise only wrap a matter ("XX办理", "办理XX手续") and are dropped.
 *
 * Deliberately NOT stop words (they distinguish matters or cases): 证, 证明, 证书, 卡, 许可, 登记, 备案,
 * 审批, 认定, 核发, 补, 补领, 补办, 换, 换领, 迁, 迁移, 变更, 注销, 查询, 提取, 报销, 缴纳, 补助, 补贴,
 * 保险, 津贴, 救助, 咨询 (政策咨询 / 法律咨询 are matters), 丢 (丢了 → 补领 through the synonyms),
 * 取 (取水许可), 打 (打井 / 打猎), 报 (申报, 报户口), 找 (找工作), 做, 整 (调整, 整改), 有 (国有, 有线).
 *
 * Measured on Meilisearch 1.21 (jieba, no HMM):
 * - jieba does not keep every official two-character verb whole: 换领 → 换|领, 发票领用 → 发票|领|用, 代开 → 代|开,
 *   新办 → 新|办, 线上 → 线|上. Removing 领 / 开 / 办 / 上 there is symmetric (documents and queries lose the
 *   same token), so plain queries still match: "身份证换领" → 身份|证|换 finds "居民身份证换领".
 * - But a synonym expansion is matched as a PHRASE of its non-stop tokens, while the document keeps the stop
 *   word's position: an expansion with a stop word INSIDE it never matches ("换领居民身份证", "代开增值税发票",
 *   "拖拉机和联合收割机登记"). So synonyms.ts avoids such expansions, and the connectives 和 / 与 / 及 / 或, which
 *   sit inside many official names (人力资源和社会保障局, 拖拉机和联合收割机), are deliberately NOT stop words.
 * - The last query token is always searched as a prefix, even a stop word, so a trailing 了 / 办 is merely the
 *   first word the default matching strategy drops.
 * - Meilisearch normalises a synonym key with the same tokenizer, so a stop word inside a key vanishes from it
 *   ("办身份证" → 身份|证). No custom `dictionary` keeps such keys whole (index-settings.ts says why).
 */
export const STOP_WORDS: string[] = [
  // particles and function words
  '的',
  '了',
  '吗',
  '呢',
  '啊',
  '吧',
  '呀',
  '么',
  '嘛',
  '哦',
  '啦',
  '呗',
  '哪',
  '啥',
  '咋',
  '在',
  '是',
  '把',
  '去',
  '到',
  '给',
  '帮',
  // pronouns and wishes
  '我',
  '你',
  '您',
  '他',
  '她',
  '俺',
  '咱',
  '我们',
  '咱们',
  '他们',
  '我想',
  '我要',
  '想',
  '要',
  '想要',
  // politeness and question words
  '请问',
  '一下',
  '你好',
  '您好',
  '谢谢',
  '麻烦',
  '怎么',
  '怎样',
  '怎么样',
  '如何',
  '怎么办',
  '咋办',
  '咋整',
  '哪里',
  '哪儿',
  '在哪',
  '在哪里',
  '什么',
  '哪些',
  '哪个',
  '多少',
  '多久',
  '需要',
  '可以',
  '能否',
  '是否',
  '能不能',
  '可不可以',
  '应该',
  // generic action / process words that only wrap a matter (see 3. above)
  '办',
  '开',
  '领',
  '上',
  '弄',
  '搞',
  '交',
  '办理',
  '申请',
  '手续',
  '材料',
  '流程',
];

/**
 * Whole-question wrappers, applied in this order (repeatedly, until nothing changes) by stripQuestion.
 * Each removes wording around the core noun phrase; none removes 丢了 / 坏了 / 补办 / 换, which the
 * synonyms map to 补领 / 换领. Leading verbs (办, 开, 领 …) are kept in the core so that colloquial synonym
 * keys such as 办身份证 or 开饭店 still match; the stop words deal with them in Meilisearch.
 */
export const QUESTION_WRAPPERS: RegExp[] = [
  // ── leading ──────────────────────────────────────────────────────────────
  /^(?:你好|您好|喂)+/,
  /^(?:请问一下|请问下|请问|想问一下|想问问|想问下|想问|问一下|问问|问下|想咨询一下|想咨询|咨询一下|咨询下|请教一下|请教|打听一下|想了解一下|了解一下|想了解)/,
  /^(?:我|俺|咱|本人)们?(?:的|家的|家)?(?:想要|想|要|需要|打算|准备|应该|该|得|咋|怎么)?/,
  // again, for "我想问一下…" once 我想 is gone
  /^(?:想问一下|想问问|想问|问一下|问问|问下|咨询一下|咨询下|请教一下|打听一下|了解一下)/,
  /^(?:想要|想|打算|准备|需要)(?=\S)/,
  // measure word after a leading verb: "开个饭店" / "开一家超市" / "办张身份证" → "开饭店" / "开超市" / "办身份证"
  /(?<=^(?:开|办|买|卖|考|领|注册|申请|成立|搞))一?(?:个|家|间|张|本)(?![体人税性])/,
  /^(?:帮我|帮忙|请帮我|请你|麻烦你|麻烦)(?=\S)/,
  /^(?:关于|有关)(?=\S)/,
  /^(?:能不能|能否|可不可以|是否可以|是否能|可以)(?=\S)/,
  /^(?:应该|该|要)?(?:怎么样|怎么|怎样|如何|咋样|咋)(?:才能|才可以|可以|能|去)?(?:办理|申请办理|申办|申请|办|弄|搞|整)?/,
  /^(?:办理|申请办理)(?=\S)/,
  /^(?:在|去|到|找)?(?:哪里|哪儿|什么地方|哪个部门|哪个窗口|哪个单位|哪(?![些个样]))(?:可以|能)?(?:办理|申请|申办|去办|办|弄)?/,
  // ── trailing ─────────────────────────────────────────────────────────────
  // (吧 stays after the nouns it ends: 网吧, 酒吧, 书吧, 水吧, 氧吧, 茶吧)
  /(?:[吗呢啊呀嘛哦啦呗哈]|(?<![网酒书水氧茶])吧|(?<![什怎这那要])么)+$/,
  /(?:该|要|应该|需要|得)?(?:怎么办理|怎样办理|如何办理|咋办理|怎么办|怎样办|咋办|咋整|怎么弄|怎么搞|咋弄|咋搞|怎么处理|如何处理|怎么操作|如何操作|怎么申请|怎样申请|如何申请|咋申请|怎么申办|如何申办)$/,
  /(?:应该|要|需要|可以|能)?(?:在|去|到|找)?(?:哪里|哪儿|什么地方|什么部门|哪个部门|哪个窗口|哪个单位|哪个科室|哪)(?:可以|能)?(?:办理|申请|申办|去办|办|弄|管|负责)?$/,
  /(?:找谁|找哪个部门|找哪里)(?:办理|办)?$/,
  /(?:办好|办完|办下来|拿证)?(?:需要|要|得)?(?:多久|多长时间|多少天|几天|几个工作日|啥时候|什么时候)(?:能|可以|才能)?(?:办好|办完|办下来|下来|拿到|拿证|出证|办结|出来|到手|到账)?$/,
  /(?:需要|要|得)?(?:交|花|收|付)?(?:多少钱|多少费用|费用多少|收费吗|收费不|收不收费|收不收钱|要钱吗|要钱不|花钱吗|免费吗|是否收费|怎么收费|收费标准)$/,
  /(?:可以|能|能不能|可不可以|是否可以|是否能|支持)?(?:(?:在)?(?:网上|线上|掌上|手机上)(?:办理|申请|申报|操作|办)?|手机(?:办理|申请|申报|操作|办))(?:吗|不|么|呢)?$/,
  /的?(?:办理|办公|上班|工作|受理)(?:时间|地点|地址)$/,
  /的?(?:联系电话|咨询电话|办公电话|电话号码|电话是多少|电话多少)$/,
  /的?(?:办理|申请|办事|具体|详细)?(?:流程|步骤|程序|手续|条件|要求|材料|资料|指南|攻略|须知)(?:是什么|是啥|有哪些|有什么|是怎样的|是怎么样的|怎么样|如何)?$/,
  /的(?:费用|价格|价钱)$/,
  /(?:以后|之后|(?<=出生|去世|过世|死亡|退休|结婚|离婚|毕业|退伍|退役|失业|买房|落户|生完孩子)后)?(?:都|还|一共|总共)?(?:是|需要|需不需要|要|得|应该|该|必须)?(?:准备|带|拿|提供|提交|携带|交|备)?(?:办理|办|申请|开|弄|搞|整|做)?些?(?:什么样的|什么|啥|哪些|哪几样|哪几个|哪个|哪样)(?:证件|证明|证书|证|手续|材料|资料|东西|条件|文件|部门|窗口|单位|地方|事情|事)?$/,
  /(?:的事情|的事儿|的事|的问题|问题|事情|事儿)$/,
  // ── anywhere: interrogative adverbs and fillers inside the phrase ("户口怎么迁" → "户口迁") ──────────
  // (怎么办 / 怎么申请 … are left for the trailing rule of the next pass, which removes the verb too)
  /(?:怎么办理|怎样办理|如何办理|(?:怎么样|怎么|怎样|如何|咋样|咋)(?!办|弄|搞|整|处理|操作|申请|申办)|(?<!问|咨询|了解|请教|打听)一下|有什么|有哪些|有啥|有没有)/g,
];

const PUNCT = '\\s?？!！。．.，,、;；:：~～…·"“”\'‘’()（）【】\\[\\]<>《》「」';
const EDGE_PUNCT = new RegExp(`^[${PUNCT}]+|[${PUNCT}]+$`, 'g');
const CONTENT = /[\p{Script=Han}\p{L}\p{N}]/u;

function trimPunct(s: string): string {
  return s.replace(EDGE_PUNCT, '');
}

/**
 * The core noun phrase of a citizen's question: "身份证丢了怎么办" → "身份证丢了", "开饭店需要办什么证" → "开饭店".
 * Pure. Applies QUESTION_WRAPPERS in order until nothing changes and trims punctuation; falls back to the
 * trimmed input when stripping would leave nothing meaningful ("怎么办" → "怎么办").
 */
export function stripQuestion(q: string): string {
  const original = trimPunct(q.trim());
  if (!CONTENT.test(original)) return original;
  let s = original;
  for (let pass = 0; pass < 8; pass++) {
    const before = s;
    for (const wrapper of QUESTION_WRAPPERS) {
      s = trimPunct(s.replace(wrapper, ''));
    }
    if (s === before) break;
  }
  return CONTENT.test(s) ? s : original;
}
