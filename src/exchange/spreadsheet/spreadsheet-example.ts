import type { RecordKind } from './sheet-layout';

/**
 * The template's example rows: one 北镇市 matter (居民身份证申领, after docs/examples/full.json) with its
 * department, places and guide entry, consistent across sheets. Codes, phones and URLs are made up.
 */
export const EXAMPLE_RECORDS: Record<RecordKind, Record<string, unknown>[]> = {
  departments: [
    {
      code: 'BZ-11210782006622863R', name: '北镇市公安局', shortName: '公安局', aliases: ['派出所', '户籍科'], regionCode: '210782',
      kind: '政府工作部门', inCentre: true, centreWindows: '市政务服务中心一楼公安户政窗口（12、13 号）',
      phone: '0416-6612345', complaintPhone: '0416-6612110', address: '北镇市政务服务中心一楼',
    },
  ],
  locations: [
    {
      code: 'BZ-ZWZX', name: '北镇市政务服务中心', level: '市政务服务中心', regionCode: '210782', address: '北镇市政务服务中心（示例地址）',
      hours: '周一至周五 8:30–11:30，13:30–17:00（法定节假日除外）', phone: '0416-6612000', lat: 41.5986, lng: 121.7955,
      windows: ['1 号综合受理窗口', '12 号公安户政窗口'],
    },
  ],
  matters: [
    {
      code: 'BZ-11210782006622863R-0001', name: '居民身份证申领', departmentCode: 'BZ-11210782006622863R', matterType: '20', mainItemName: '居民身份证申领',
      caseName: '首次申领、换领、补领', exerciseLevels: ['4'], implementerNature: '法定机关', handlingOffice: '户政管理大队',
      legalBasis: [{ name: '中华人民共和国居民身份证法', docNo: '中华人民共和国主席令第五十一号', article: '第八条', content: '居民身份证由居民常住户口所在地的县级人民政府公安机关签发。' }],
      conditions: '具有本市常住户口的中国公民；年满十六周岁的应当申领，未满十六周岁的可以申领（由监护人陪同）。',
      materials: [
        { name: '居民户口簿', necessity: '必要', originality: '原件', medium: '纸质', sourceChannel: '政府部门核发', issuingOrg: '公安机关', copies: 1, sharedCertificate: true },
        { name: '原居民身份证', necessity: '非必要', originality: '原件', medium: '纸质', sourceChannel: '政府部门核发', copies: 1, whenRequired: '有效期满换领或者损坏换领时交回' },
      ],
      charged: true,
      fees: [{ name: '居民身份证工本费', standard: '申领、换领 20 元/证；丢失补领、损坏换领 40 元/证', basis: '发改价格〔2003〕2322号', reducible: true, reductionBasis: '城乡最低生活保障对象按规定减免' }],
      processDescription: '申请人到户政窗口提出申请，民警核验户口簿并采集人像、指纹，审核签发后制证，凭回执领取或邮寄送达。',
      steps: [
        { name: '受理', actor: '户政窗口民警', timeLimit: '即时', reviewStandard: '核验户口簿，采集人像、指纹信息', result: '出具领取凭证' },
        { name: '审核签发', actor: '户政管理大队', timeLimit: '3 个工作日' },
        { name: '制证与送达', actor: '制证中心', timeLimit: '17 个工作日', result: '窗口领取或邮寄送达' },
      ],
      legalLimit: { value: 60, unit: '自然日', note: '交通不便的地区可延长至 90 日' },
      promisedLimit: { value: 20, unit: '工作日' },
      caseType: '2', serviceObjects: ['1'], handlingForms: ['1', '3', '4'], onlineDepth: ['1', '3', '6'],
      mobileUrl: 'https://zwfw.example.com/banshi/sfz', onSiteVisits: 1, onSiteReason: '需本人到场采集人像和指纹信息',
      locations: [{ locationCode: 'BZ-ZWZX', window: '12、13 号公安户政窗口', phone: '0416-6612345' }],
      consult: { phone: '0416-6612345', address: '北镇市政务服务中心一楼公安户政窗口' },
      complaint: { phone: '0416-6612110', note: '也可拨打 12345 政务服务便民热线' },
      result: { type: '证明文件', name: '中华人民共和国居民身份证' },
      crossRegionScope: '全国', appointment: true, express: true, selfService: false,
      personalThemes: ['090', '010'], lifeStages: ['教育', '生活'], keywords: ['办身份证', '身份证丢了', 'sfz'],
      faqs: [{ question: '身份证丢了怎么办？', answer: '请持户口簿到任一公安户政窗口申请补领，补领期间可申请临时居民身份证。' }],
      redress: { reconsideration: '可自知道之日起六十日内向北镇市人民政府申请行政复议', litigation: '可自知道之日起六个月内向人民法院提起行政诉讼' },
      catalogueStatus: '在用', effectiveFrom: '2024-01-01',
    },
  ],
  guides: [
    {
      code: 'BZ-11210782006622863R-HG-0001', title: '居民身份证申领', departmentCode: 'BZ-11210782006622863R', list: 'compliance', matterCode: 'BZ-11210782006622863R-0001',
      contact: { window: '12 号公安户政窗口', post: '户政受理岗', phone: '0416-6612345' },
      materials: ['居民户口簿', '原居民身份证（换领时）'], steps: ['窗口受理并采集人像、指纹', '审核签发', '领取或邮寄送达'],
      timeLimit: '20 个工作日', fees: '申领、换领 20 元/证，丢失补领、损坏换领 40 元/证', place: '北镇市政务服务中心一楼',
      hours: '周一至周五 8:30–11:30，13:30–17:00',
      complaintChannels: [{ name: '北镇市公安局督察电话', phone: '0416-6612110' }, { name: '12345 政务服务便民热线', phone: '12345' }],
      handbookPage: 37,
    },
  ],
  bundles: [
    {
      code: 'BZ-YJS-01', name: '新生儿出生一件事', description: '出生医学证明、户口登记、医保参保、社会保障卡一次申请、并联办理',
      departmentCode: 'BZ-11210782006622863R', matterCodes: ['BZ-11210782006622863R-0001'], sharedMaterials: ['出生医学证明', '父母居民身份证'], lifeStages: ['出生'],
    },
  ],
};
