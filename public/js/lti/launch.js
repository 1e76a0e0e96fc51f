// After an LTI launch: if the session cookie came back (the browser allows cookies here, in the
// platform's iframe as well), open the module here; otherwise (third-party cookies blocked) offer
// "In neuem Fenster öffnen": a first-party window logs in by a signed once-only link.
document.addEventListener('DOMContentLoaded', async () => {
  const root = document.getElementById('lti-launch');
  if (!root) return;
  const blocked = () => {
    document.getElementById('lti-continue').hidden = true;
    document.getElementById('lti-blocked').hidden = false;
  };
  try {
    const res = await fetch('/lti/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    const body = await res.json();
    if (String(body.userId) === root.dataset.userId) window.location.replace(root.dataset.playUrl);
    else blocked();
  } catch {
    blocked();
  }
});
