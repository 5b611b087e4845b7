/** How many common tasks 长辈版 puts first: a few, large, rather than a wall of links. */
export const ELDER_TASKS = 6;

/**
 * 长辈版 常办的事: what citizens search most (search statistics), filled up with the 一件事 bundles (the life events
 * the government itself bundles) while there are too few statistics — a new site has none.
 */
export function commonTasks(
  data: { popular: { query: string }[]; bundles: { code: string; name: string }[] },
  n = ELDER_TASKS,
): { href: string; label: string }[] {
  const searched = data.popular.slice(0, n).map((p) => ({ href: `/search?q=${encodeURIComponent(p.query)}`, label: p.query }));
  const bundles = data.bundles.slice(0, n - searched.length).map((b) => ({ href: `/bundles/${b.code}`, label: b.name }));
  return [...searched, ...bundles];
}
