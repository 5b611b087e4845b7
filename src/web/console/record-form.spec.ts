import { BUNDLE_FORM, GUIDE_FORM, LOCATION_FORM } from './content-forms';
import { formToRecord, recordToForm } from './record-form';

describe('record form ↔ payload (guide entries, bundles, places)', () => {
  const stored = {
    code: 'G-1',
    departmentCode: 'D',
    title: '旧标题',
    list: 'compliance',
    contact: { phone: '0416-1', person: '王' },
    complaintChannels: [{ name: '12345 热线', phone: '12345', note: '导入带来的字段' }],
    sourceRef: 'xlsx:3', // not on the form: kept
  };

  it('nested fields, lines and repeating parts come from the post; what the form does not show is kept', () => {
    const { payload, origins } = formToRecord(
      GUIDE_FORM,
      {
        title: ' 新标题 ',
        list: 'compliance',
        'contact.phone': '0416-2',
        'contact.person': '',
        materials: '居民身份证\r\n\r\n 户口簿 ',
        complaintChannels: [
          { _i: '0', name: '12345 热线', phone: '12345' },
          { name: '纪委', phone: '0416-3' },
          { name: '', phone: '' },
        ],
      },
      stored,
    );
    expect(payload).toEqual({
      code: 'G-1',
      departmentCode: 'D',
      title: '新标题',
      list: 'compliance',
      contact: { phone: '0416-2' },
      materials: ['居民身份证', '户口簿'],
      complaintChannels: [
        { name: '12345 热线', phone: '12345', note: '导入带来的字段' },
        { name: '纪委', phone: '0416-3' },
      ],
      sourceRef: 'xlsx:3',
    });
    expect(origins.complaintChannels).toEqual([0, null]);
  });

  it('identity fields are read only for a new record; an emptied nested object disappears', () => {
    const post = { code: 'OTHER', departmentCode: 'X', title: 't', list: 'power', 'contact.phone': '', 'contact.person': '' };
    expect(formToRecord(GUIDE_FORM, post, stored).payload).toMatchObject({ code: 'G-1', departmentCode: 'D' });
    expect(formToRecord(GUIDE_FORM, post, stored).payload.contact).toBeUndefined();
    expect(formToRecord(GUIDE_FORM, post, {}, ['code', 'departmentCode']).payload).toMatchObject({ code: 'OTHER', departmentCode: 'X' });
  });

  it('code lists and decimals: life stages as a list, coordinates as numbers (text stays text for validation to name)', () => {
    expect(formToRecord(BUNDLE_FORM, { name: 'n', lifeStages: ['出生', '就业'] }, {}).payload.lifeStages).toEqual(['出生', '就业']);
    expect(formToRecord(BUNDLE_FORM, { name: 'n' }, { lifeStages: ['出生'] }).payload.lifeStages).toBeUndefined();
    const place = formToRecord(LOCATION_FORM, { name: 'p', level: '分中心', lat: '41.6', lng: '东经' }, {}).payload;
    expect(place).toMatchObject({ lat: 41.6, lng: '东经' });
  });

  it('the stored version as a form: every row comes from its own index', () => {
    const form = recordToForm(GUIDE_FORM, stored);
    expect(form.origins).toEqual({ complaintChannels: [0] });
  });
});
