// Live board: listens to /board/events (Server-Sent Events, fed by the console's Kafka listener) and
// fetches the page's fragment again when something it shows changed. No framework, no build step.
const live = document.querySelector('[data-live]');
const status = document.getElementById('live-status');

function say(text) {
  if (status) {
    status.textContent = text;
  }
}

let timer = null;
let pending = false;

async function refresh() {
  // never replace a form a person is typing in; try again once they leave it
  const active = document.activeElement;
  if (active && live.contains(active) && (active.tagName === 'TEXTAREA' || active.tagName === 'INPUT')) {
    pending = true;
    return;
  }
  pending = false;
  const response = await fetch(live.dataset.live + (live.dataset.watch ? window.location.search : ''), {
    headers: { Accept: 'text/html' },
    credentials: 'same-origin',
  });
  if (response.ok && !response.redirected) {
    live.innerHTML = await response.text();
    live.dispatchEvent(new CustomEvent('promoflow:refreshed', { bubbles: true }));
  } else {
    say('Signed out: reload to sign in again');
  }
}

function changed(change) {
  const promotion = live.dataset.promotion;
  if (promotion && change.promotionId !== promotion) {
    return;
  }
  const release = live.dataset.release;
  if (release && change.releaseId !== release) {
    return;
  }
  // one fetch for a burst of events
  clearTimeout(timer);
  timer = setTimeout(refresh, 150);
}

if (live) {
  const events = new EventSource('/board/events');
  events.addEventListener('ready', () => say('Live'));
  events.addEventListener('change', (e) => changed(JSON.parse(e.data)));
  events.onerror = () => say('Reconnecting…');
  live.addEventListener('focusout', () => {
    if (pending) {
      setTimeout(refresh, 0);
    }
  });
  const highlighted = live.querySelector('.highlight');
  if (highlighted) {
    highlighted.scrollIntoView({ block: 'center' });
    highlighted.setAttribute('tabindex', '-1');
    highlighted.focus({ preventScroll: true });
  }
} else {
  say('');
}
