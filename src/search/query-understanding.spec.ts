import { queryKey, understandQuery } from './query-understanding';

describe('understandQuery', () => {
  it('converts traditional characters to simplified', () => {
    expect(understandQuery('身份證').text).toBe('身份证');
    expect(understandQuery('結婚登記').text).toBe('结婚登记');
  });

  it('normalises full-width letters and case', () => {
    expect(understandQuery('ＳＦＺ').text).toBe('sfz');
  });

  it('strips question wrappers down to the thing asked about', () => {
    expect(understandQuery('身份证丢了怎么办？').text).toBe('身份证丢了');
    expect(understandQuery('开饭店需要办什么证').text).toBe('开饭店');
  });

  it('gives pinyin syllables of Chinese queries for the homophone query, none for latin ones', () => {
    expect(understandQuery('身分证').syllables).toEqual(['shen', 'fen', 'zheng']);
    expect(understandQuery('shenfenzheng').syllables).toBeNull();
  });

  it('uses one key for the same question however it is typed', () => {
    expect(queryKey('身份證 ')).toBe(queryKey('身份证'));
  });
});
