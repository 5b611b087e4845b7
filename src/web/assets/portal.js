// Portal enhancements (ES module, loaded with type="module"; every page works without it):
// - type-ahead on the search box from /api/v1/search/suggest (the form still submits to /search);
// - filters apply on change (the "应用筛选" button stays for keyboard and no-JS users);
// - the print button on the 一次性告知单 (the browser's own print works without it).
const suggestBox = document.querySelector('input[data-suggest="on"]');
if (suggestBox) {
  const list = document.createElement('ul');
  list.id = 'q-suggestions';
  list.className = 'suggest-list';
  list.hidden = true;
  list.setAttribute('aria-label', '搜索建议');
  suggestBox.closest('.field').appendChild(list);
  suggestBox.setAttribute('aria-controls', list.id);
  let timer;
  let last = '';
  suggestBox.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = suggestBox.value.trim();
      if (q === last) return;
      last = q;
      if (!q) {
        list.hidden = true;
        return;
      }
      try {
        const res = await fetch(`/api/v1/search/suggest?q=${encodeURIComponent(q)}`, { headers: { accept: 'application/json' } });
        if (!res.ok) return;
        const body = await res.json();
        list.replaceChildren(
          ...body.suggestions.slice(0, 8).map((s) => {
            const li = document.createElement('li');
            const a = document.createElement('a');
            a.href = `/matters/${encodeURIComponent(s.code)}`;
            a.textContent = s.name;
            li.appendChild(a);
            return li;
          }),
        );
        list.hidden = body.suggestions.length === 0;
      } catch {
        list.hidden = true;
      }
    }, 200);
  });
  suggestBox.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') list.hidden = true;
    if (e.key === 'ArrowDown' && !list.hidden) {
      e.preventDefault();
      list.querySelector('a')?.focus();
    }
  });
}

for (const form of document.querySelectorAll('form[data-autosubmit="on"]')) {
  form.addEventListener('change', (e) => {
    if (e.target instanceof HTMLSelectElement) form.requestSubmit();
  });
}

const printButton = document.querySelector('button[data-print="on"]');
if (printButton) {
  printButton.hidden = false;
  printButton.addEventListener('click', () => window.print());
}

// Focus the error summary after a form came back with errors, so screen readers announce it.
document.querySelector('.error-summary')?.focus();
