// The record page's players: a testimony's segments seek in its recording
// (#t=SECONDS in the address starts there), the segment being played is
// marked, and an image zooms when clicked. Without this script the
// recording plays and the links change the address only.
(() => {
  'use strict';
  const player = document.querySelector('.files .player');
  const segs = Array.from(document.querySelectorAll('.segment[data-start]'));
  if (player) {
    let mark = () => {};
    const seek = s => {
      const go = () => { player.currentTime = s; mark(); };
      if (player.readyState >= 1) go(); else player.addEventListener('loadedmetadata', go, { once: true });
    };
    const fromHash = () => {
      const m = /^#t=(\d+(?:\.\d+)?)$/.exec(window.location.hash);
      if (m) seek(parseFloat(m[1]));
    };
    for (const li of segs) {
      const a = li.querySelector('.segment-play');
      if (!a) continue;
      a.addEventListener('click', e => {
        e.preventDefault();
        history.replaceState(null, '', a.getAttribute('href'));
        seek(parseFloat(li.dataset.start));
        player.play().catch(() => {});
      });
    }
    mark = () => {
      const t = player.currentTime;
      let cur = null;
      for (const li of segs) if (parseFloat(li.dataset.start) <= t) cur = li;
      for (const li of segs) {
        li.classList.toggle('playing', li === cur);
        if (li === cur) li.setAttribute('aria-current', 'true'); else li.removeAttribute('aria-current');
      }
    };
    player.addEventListener('timeupdate', mark);
    player.addEventListener('seeked', mark);
    window.addEventListener('hashchange', fromHash);
    fromHash();
  }
  for (const v of document.querySelectorAll('.image-viewer')) {
    v.addEventListener('click', e => {
      e.preventDefault();
      v.classList.toggle('zoomed');
    });
  }
})();
