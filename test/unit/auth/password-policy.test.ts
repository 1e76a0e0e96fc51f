import { passwordProblem, PASSWORD_MAX_BYTES } from '../../../src/auth/password-policy';

describe('password rules', () => {
  const owner = { email: 'kaethe.muessig@example.org', firstName: 'Käthe', lastName: 'Müßig-Berg' };

  it.each([
    ['aaaaaaaaaa', 'error.password_too_simple'],
    ['abababababab', 'error.password_too_simple'],
    ['1234567890', 'error.password_common'],
    ['9876543210123', 'error.password_common'],
    ['qwertyuiop', 'error.password_common'],
    ['Passwort2024!', 'error.password_common'],
    ['iloveyou12345', 'error.password_common'],
    ['kaethe.muessig-1', 'error.password_personal'],
    ['meine-katze-käthe', 'error.password_personal'],
    ['BERG-und-tal-99', 'error.password_personal'],
  ])('when the password is %s, then it is refused as %s', (password, key) => {
    expect(passwordProblem(password, owner)).toBe(key);
  });

  it('when a password is longer than 72 bytes in UTF-8, then it is refused, even with 72 characters or fewer', () => {
    expect(passwordProblem('x7!'.repeat(24) + 'y', owner)).toBe('error.password_too_many_bytes');
    expect(passwordProblem('äöü-'.repeat(12), owner)).toBe('error.password_too_many_bytes'); // 48 characters, 84 bytes
    expect(Buffer.byteLength('äöü-'.repeat(10))).toBeLessThanOrEqual(PASSWORD_MAX_BYTES);
    expect(passwordProblem('äöü-'.repeat(10), owner)).toBeNull();
  });

  it('when a password is long, rare and impersonal, then it is accepted', () => {
    for (const ok of [
      'grüne-wiese-am-see',
      'Trompete Fahrrad 7 Regen',
      'richtig-geheim-123',
      'x'.repeat(3) + 'Kz8#pLq2',
    ]) {
      expect(passwordProblem(ok, owner)).toBeNull();
    }
  });

  it('when the name parts are short, then they do not forbid passwords that merely contain them', () => {
    expect(
      passwordProblem('blaue-ente-im-teich', { email: 'al@example.org', firstName: 'Al', lastName: 'Ng' }),
    ).toBeNull();
  });
});
