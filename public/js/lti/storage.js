// LTI Client Side postMessages (1EdTech): the platform keeps values for us in its own storage, reached
// by postMessage to the frame named by `lti_storage_target`. At login ('put') we store state and nonce
// there, then go on to the platform's auth URL; at launch ('get', when the state cookie did not come
// back) we read them again and, when both match, post the launch once more by a same-origin fetch
// with the header X-LTI-Storage (a cross-site form cannot send it).
document.addEventListener('DOMContentLoaded', async () => {
  const root = document.getElementById('lti-storage');
  if (!root) return;
  const { mode, target, origin, state, nonce, next } = root.dataset;
  const storageFrame = () => {
    const up = window.parent !== window ? window.parent : window.opener;
    if (!up) return null;
    if (target === '_parent') return up;
    try {
      return up.frames[target] || null;
    } catch {
      return null;
    }
  };
  // One request, its answer (or null after ANSWER_MS, or on an error answer). The answer comes from
  // another process of the browser (the platform's page); 2 s proved too short on a busy machine (a
  // browser test failed in CI), and the wait only lasts that long when a platform never answers.
  const ANSWER_MS = 6000;
  const ask = (frame, message) =>
    new Promise((resolve) => {
      const id = `${message.subject}-${Math.random().toString(36).slice(2)}-${Date.now()}`;
      const done = (value) => {
        window.removeEventListener('message', listen);
        clearTimeout(timer);
        resolve(value);
      };
      const listen = (event) => {
        const d = event.data;
        if (event.origin !== origin || !d || typeof d !== 'object') return;
        if (d.subject !== `${message.subject}.response` || d.message_id !== id) return;
        done(d.error ? null : d);
      };
      const timer = setTimeout(() => done(null), ANSWER_MS);
      window.addEventListener('message', listen);
      frame.postMessage({ ...message, message_id: id }, origin);
    });
  const failed = (text) => {
    document.getElementById('lti-storage-wait').hidden = true;
    if (text) document.getElementById('lti-storage-failed-text').textContent = text;
    document.getElementById('lti-storage-failed').hidden = false;
  };
  const frame = storageFrame();
  if (mode === 'put') {
    if (frame) {
      await Promise.all([
        ask(frame, { subject: 'lti.put_data', key: `state_${state}`, value: state }),
        ask(frame, { subject: 'lti.put_data', key: `nonce_${nonce}`, value: nonce }),
      ]);
    }
    // Stored or not, the login goes on (the cookie may still work).
    window.location.replace(next);
    return;
  }
  if (!frame) return failed();
  const [s, n] = await Promise.all([
    ask(frame, { subject: 'lti.get_data', key: `state_${state}` }),
    ask(frame, { subject: 'lti.get_data', key: `nonce_${nonce}` }),
  ]);
  if (!s || s.value !== state || !n || n.value !== nonce) return failed();
  try {
    const res = await fetch('/lti/launch', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-LTI-Storage': 'checked', Accept: 'application/json' },
      body: new URLSearchParams(new FormData(document.getElementById('lti-storage-form'))),
    });
    const body = await res.json();
    if (res.ok && typeof body.next === 'string' && body.next.startsWith('/lti/resume?'))
      window.location.replace(body.next);
    else failed(body.message);
  } catch {
    failed();
  }
});
