// After an LTI launch: if the session cookie came back (the browser allows cookies in this frame),
// open the module here; otherwise offer "In neuem Fenster öffnen" (a first-party window logs in by a
// signed once-only link). Inside an iframe it always offers the new window (see below).
document.addEventListener('DOMContentLoaded', async () => {
  const root = document.getElementById('lti-launch');
  if (!root) return;
  const blocked = () => {
    document.getElementById('lti-continue').hidden = true;
    document.getElementById('lti-blocked').hidden = false;
  };
  // Inside the platform's iframe the package content (its own origin) may not be framed by a third
  // origin, so the module opens in a window of its own (a first-party window, logged in by the hand-off).
  if (window.self !== window.top) {
    document.getElementById('lti-blocked-text').hidden = true;
    document.getElementById('lti-framed-text').hidden = false;
    blocked();
    return;
  }
  try {
    const res = await fetch('/lti/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    const body = await res.json();
    if (String(body.userId) === root.dataset.userId) window.location.replace(root.dataset.playUrl);
    else blocked();
  } catch {
    blocked();
  }
});
