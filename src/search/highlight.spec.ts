import { POST, PRE, safeHighlight } from './highlight';

describe('safeHighlight', () => {
  it('escapes HTML in catalogue text and keeps only our <em> tags', () => {
    expect(safeHighlight(`<script>alert(1)</script>${PRE}身份${POST}证`)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;<em>身份</em>证');
  });

  it('merges per-token highlights into one', () => {
    expect(safeHighlight(`住房${PRE}公积${POST}${PRE}金${POST}提取`)).toBe('住房<em>公积金</em>提取');
  });

  it('leaves plain text alone and passes undefined through', () => {
    expect(safeHighlight('户口迁移')).toBe('户口迁移');
    expect(safeHighlight(undefined)).toBeUndefined();
  });
});
