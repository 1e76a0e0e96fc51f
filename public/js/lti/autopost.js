// Deep Linking: the signed response goes back to the platform at once; the button stays for browsers without script.
document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('lti-autopost');
  if (form) form.submit();
});
