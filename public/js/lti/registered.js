// LTI Dynamic Registration ends here: tell the platform (which opened us in a frame or a window) to close us.
document.addEventListener('DOMContentLoaded', () => {
  const up = window.opener || (window.parent !== window ? window.parent : null);
  if (up) up.postMessage({ subject: 'org.1edtech.lti.close' }, '*');
});
