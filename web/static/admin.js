// The record editor's pickers, "add a segment" and the grade's reason, as
// the page works with script. Without it the same form does all of this
// through its own buttons: this file only saves round trips.
(() => {
  'use strict';
  const form = document.querySelector('form.editor');
  if (!form) return;
  const text = form.dataset;

  // el makes an element with a class and text.
  const el = (tag, cls, txt) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (txt) e.textContent = txt;
    return e;
  };

  // fromTemplate copies a <template> of the page, with __N__ in ids,
  // labels' targets and values replaced by n.
  const fromTemplate = (id, n) => {
    const t = document.getElementById(id);
    const node = t.content.firstElementChild.cloneNode(true);
    for (const e of [node, ...node.querySelectorAll('*')]) {
      for (const a of ['id', 'for', 'value']) {
        const v = e.getAttribute(a);
        if (v && v.includes('__N__')) e.setAttribute(a, v.replaceAll('__N__', String(n)));
      }
    }
    return node;
  };

  const hideEmpty = list => {
    const empty = list.parentElement.querySelector('.chosen-empty');
    if (empty) empty.hidden = true;
  };

  // choose adds a picked record where the picker puts it.
  const choose = (picker, r) => {
    const mode = picker.dataset.mode;
    const status = picker.querySelector('.pick-status');
    if (mode === 'single') {
      const input = document.getElementById(picker.dataset.target);
      input.value = r.code;
      const shown = input.parentElement.querySelector('.parent-title');
      if (shown) shown.textContent = r.path || r.title;
      status.textContent = text.added + ' ' + r.title;
      return;
    }
    const list = form.querySelector('.' + picker.dataset.list);
    const field = mode === 'places' ? 'place' : 'link_to';
    const existing = [...list.querySelectorAll('input[name="' + field + '"]')];
    if (mode === 'places' && existing.some(i => i.value === r.code)) {
      status.textContent = text.added + ' ' + r.title;
      return;
    }
    const row = fromTemplate(picker.dataset.template, existing.length);
    row.querySelector('input[name="' + field + '"]').value = r.code;
    const title = row.querySelector('.chosen-title');
    title.textContent = r.title;
    title.lang = r.titleLang;
    row.querySelector('.chosen-path').textContent = mode === 'places' ? r.path : r.kindLabel;
    const remove = row.querySelector('.remove input');
    remove.value = mode === 'places' ? r.code : String(existing.length);
    if (mode === 'links') {
      row.querySelector('select[name="link_rel"]').value = picker.querySelector('.pick-rel').value;
      row.querySelector('input[name="link_note"]').value = picker.querySelector('.pick-note').value;
    }
    list.append(row);
    hideEmpty(list);
    status.textContent = text.added + ' ' + r.title;
  };

  // show lists a search's results, each with its button.
  const show = (picker, results) => {
    const list = picker.querySelector('.pick-results');
    const status = picker.querySelector('.pick-status');
    const single = picker.dataset.mode === 'single';
    list.replaceChildren();
    for (const old of picker.querySelectorAll('.pick-empty')) old.remove();
    status.textContent = results.length ? '' : text.none;
    for (const r of results) {
      const li = el('li');
      const b = el('button', 'button-quiet pick-add', single ? text.choose : text.add);
      b.type = 'button';
      b.dataset.code = r.code;
      b.addEventListener('click', () => choose(picker, r));
      const title = el('span', 'pick-title', r.title);
      title.dir = 'auto';
      title.lang = r.titleLang;
      const meta = el('span', 'admin-meta');
      const where = el('span', '', r.path || r.kindLabel);
      where.dir = 'auto';
      meta.append(where);
      if (r.date) meta.append(el('span', '', r.date));
      if (r.status) meta.append(el('span', 'status', r.status));
      const code = el('code', '', r.code);
      code.dir = 'ltr';
      meta.append(code);
      li.append(b, title, meta);
      list.append(li);
    }
  };

  for (const picker of form.querySelectorAll('.picker')) {
    const input = picker.querySelector('.pick-q');
    const go = picker.querySelector('.pick-go');
    let timer = 0, asked = 0;
    const run = async () => {
      const q = input.value.trim();
      const mine = ++asked;
      if (q.length < 2) {
        picker.querySelector('.pick-results').replaceChildren();
        return;
      }
      const url = text.pick + '?kind=' + encodeURIComponent(picker.dataset.kind || '') + '&q=' + encodeURIComponent(q);
      try {
        const resp = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        if (!resp.ok) throw new Error(String(resp.status));
        const results = await resp.json();
        if (mine === asked) show(picker, results);
      } catch (e) {
        if (mine === asked) picker.querySelector('.pick-status').textContent = text.failed;
      }
    };
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    });
    input.addEventListener('keydown', e => {
      if (e.key === 'Enter') {
        e.preventDefault();
        clearTimeout(timer);
        run();
      }
    });
    go.addEventListener('click', e => {
      e.preventDefault();
      clearTimeout(timer);
      run();
    });
  }

  // Enter in a one-line field does nothing: without script it refreshes
  // the form (so that it never saves by surprise); with script that round
  // trip is not needed. The pickers' own fields search on Enter, above.
  form.addEventListener('keydown', e => {
    const t = e.target;
    if (e.key === 'Enter' && t.tagName === 'INPUT' && !t.classList.contains('pick-q')) e.preventDefault();
  });

  // A new testimony segment, without a round trip.
  const add = form.querySelector('.add-segment');
  if (add) {
    add.addEventListener('click', e => {
      e.preventDefault();
      const list = form.querySelector('.segment-rows');
      const row = fromTemplate('segment-template', list.children.length);
      list.append(row);
      row.querySelector('input').focus();
    });
  }

  // The reason becomes required as soon as the grade changes.
  const grade = document.getElementById('f-reliability');
  const reason = document.getElementById('f-reason');
  if (grade && reason) {
    const sync = () => { reason.required = grade.value !== grade.dataset.saved; };
    grade.addEventListener('change', sync);
    sync();
  }
})();

// The upload form: a plain multipart form that works without this script.
// With it, files dropped on the zone join the chosen ones, and the upload
// goes by XMLHttpRequest to show its progress; the server's answer (a
// redirect to the editor) is then followed.
(() => {
  const form = document.querySelector('.upload-form');
  if (!form) return;
  const input = form.querySelector('input[type=file]');
  const zone = form.querySelector('.drop-zone');
  const bar = form.querySelector('.upload-progress');
  let dropped = null;
  zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('dragging'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', e => {
    e.preventDefault();
    zone.classList.remove('dragging');
    if (e.dataTransfer && e.dataTransfer.files.length) {
      dropped = e.dataTransfer.files;
      input.required = false;
      zone.querySelector('.hint').textContent = Array.from(dropped, f => f.name).join(', ');
    }
  });
  form.addEventListener('submit', e => {
    const files = dropped || input.files;
    if (!files || !files.length) return;
    e.preventDefault();
    const data = new FormData();
    for (const f of files) data.append('file', f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    bar.hidden = false;
    form.querySelector('button').disabled = true;
    form.querySelector('button').textContent = form.dataset.uploading;
    xhr.upload.addEventListener('progress', ev => {
      if (ev.lengthComputable) bar.value = Math.round(100 * ev.loaded / ev.total);
    });
    xhr.addEventListener('load', () => { window.location.href = xhr.responseURL || window.location.href; });
    xhr.addEventListener('error', () => { form.submit(); });
    xhr.send(data);
  });
})();
