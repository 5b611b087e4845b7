// Portal enhancements (ES module, loaded with type="module"; every page works without it):
// - type-ahead on the search box from /api/v1/search/suggest (the form still submits to /search);
// - filters apply on change (the "应用筛选" button stays for keyboard and no-JS users);
// - the print button on the 一次性告知单 (the browser's own print works without it);
// - "用我的位置": the browser's position (rounded to 0.01°, about a kilometre) as `near` for the place form (the
//   township / village list works without it).
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

for (const form of document.querySelectorAll('form[data-geolocate-form="on"]')) {
  const button = form.querySelector('button[data-geolocate="on"]');
  const status = form.querySelector('.geolocate-status');
  if (!button || !('geolocation' in navigator)) continue;
  button.hidden = false;
  button.addEventListener('click', () => {
    status.textContent = '正在定位…';
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        // Two decimals are enough to find the nearest township or village and say less about where the person is.
        const near = form.querySelector('input[data-near="on"]');
        near.value = `${pos.coords.latitude.toFixed(2)},${pos.coords.longitude.toFixed(2)}`;
        near.disabled = false;
        form.querySelector('select[name="place"]').value = '';
        form.submit();
      },
      () => {
        button.disabled = false;
        status.textContent = '没能取得您的位置（可能未允许定位）。请从上面的列表选择您所在的乡镇或村。';
      },
      { maximumAge: 600000, timeout: 10000 },
    );
  });
}

// Focus the error summary after a form came back with errors, so screen readers announce it.
document.querySelector('.error-summary')?.focus();
