import { commonTasks, ELDER_TASKS } from './common-tasks';

describe('长辈版 home: common tasks', () => {
  const bundle = (i: number) => ({ code: `YJS-${i}`, name: `一件事${i}` });

  it('puts the most searched queries first and fills up with 一件事 bundles', () => {
    const tasks = commonTasks({ popular: [{ query: '办身份证' }, { query: '开饭店' }], bundles: [1, 2, 3, 4, 5, 6, 7].map(bundle) });
    expect(tasks).toHaveLength(ELDER_TASKS);
    expect(tasks.slice(0, 2)).toEqual([
      { href: '/search?q=%E5%8A%9E%E8%BA%AB%E4%BB%BD%E8%AF%81', label: '办身份证' },
      { href: '/search?q=%E5%BC%80%E9%A5%AD%E5%BA%97', label: '开饭店' },
    ]);
    expect(tasks[2]).toEqual({ href: '/bundles/YJS-1', label: '一件事1' });
  });

  it('shows only searches once there are enough, and nothing when there is nothing', () => {
    const popular = Array.from({ length: 9 }, (_, i) => ({ query: `q${i}` }));
    expect(commonTasks({ popular, bundles: [bundle(1)] }).map((t) => t.label)).toEqual(['q0', 'q1', 'q2', 'q3', 'q4', 'q5']);
    expect(commonTasks({ popular: [], bundles: [] })).toEqual([]);
  });
});
