// The dashboard's browser script: live updates (server-sent events, then the server-rendered fragment) and the
// controls (a confirmation with the reason, POSTed to the REST route with the session cookie and the CSRF header).
'use strict';
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
  for (const field of document.querySelectorAll('input[data-csrf]')) field.value = csrf;

  /** A fragment request answered by the sign-in page: the session has expired, so go and sign in again. */
  function signedOut(response) {
    if (!response.redirected || !new URL(response.url).pathname.startsWith('/ui/login')) return false;
    window.location.assign('/ui/login');
    return true;
  }

  const file = document.getElementById('plan-file');
  if (file) {
    file.addEventListener('change', async () => {
      const chosen = file.files && file.files[0];
      if (chosen) document.querySelector('textarea[name="plan"]').value = await chosen.text();
    });
  }

  const home = document.getElementById('home-live');
  if (home) {
    setInterval(async () => {
      try {
        const response = await fetch(home.dataset.poll, { credentials: 'same-origin' });
        if (signedOut(response)) return;
        if (response.ok) home.innerHTML = await response.text();
      } catch {
        // the next poll tries again
      }
    }, 3000);
  }

  const live = document.getElementById('live');
  if (!live) return;
  const rolloutId = document.getElementById('rollout').dataset.rolloutId;
  const liveStatus = document.getElementById('live-status');
  let pending;
  async function refresh() {
    const response = await fetch(live.dataset.fragment, { credentials: 'same-origin' });
    if (signedOut(response)) return;
    if (response.ok) live.innerHTML = await response.text();
  }
  const soon = () => {
    clearTimeout(pending);
    pending = setTimeout(() => refresh().catch(() => undefined), 150);
  };
  const events = new EventSource(live.dataset.events, { withCredentials: true });
  events.addEventListener('open', () => {
    liveStatus.textContent = 'live';
  });
  events.addEventListener('status', soon);
  events.addEventListener('event', soon);
  events.addEventListener('end', () => {
    events.close();
    liveStatus.textContent = 'ended';
    soon();
  });
  events.addEventListener('error', () => {
    if (events.readyState !== EventSource.CLOSED) liveStatus.textContent = 'reconnecting…';
  });

  const dialog = document.getElementById('confirm');
  const reason = document.getElementById('confirm-reason');
  const error = document.getElementById('confirm-error');
  let action;
  document.addEventListener('click', (click) => {
    const button = click.target.closest('button[data-action]');
    if (!button || button.disabled) return;
    action = {
      name: button.dataset.action,
      path: button.dataset.path,
      gate: button.dataset.gate,
      required: button.dataset.reasonRequired === 'yes',
    };
    document.getElementById('confirm-title').textContent = `Confirm: ${button.textContent.trim()}`;
    document.getElementById('confirm-text').textContent =
      `${button.textContent.trim()} ${rolloutId}${action.gate ? ` at gate '${action.gate}'` : ''}?` +
      (action.required ? ' A reason is required.' : ' The reason is recorded in the event log.');
    reason.value = '';
    reason.required = action.required;
    error.textContent = '';
    dialog.showModal();
  });
  document.getElementById('confirm-cancel').addEventListener('click', () => dialog.close());
  dialog.querySelector('form').addEventListener('submit', async (submit) => {
    submit.preventDefault();
    const text = reason.value.trim();
    if (action.required && !text) {
      error.textContent = 'A reason is required.';
      return;
    }
    const body = {};
    if (text) body.reason = text;
    if (action.gate) body.gate = action.gate;
    const response = await fetch(`/rollouts/${encodeURIComponent(rolloutId)}/${action.path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => undefined);
      const details = (problem?.error?.details ?? []).map((d) => d.message).join('; ');
      error.textContent = `${response.status}: ${problem?.error?.message ?? response.statusText}${details ? ` (${details})` : ''}`;
      return;
    }
    dialog.close();
    await refresh();
  });
})();
