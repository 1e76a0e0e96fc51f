import { loadConfig, ConfigError } from '../../src/config';

describe('config', () => {
  it('when nothing is set, then every key has a default and SQLite lives in DATA_DIR', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.databaseUrl).toMatch(/^sqlite:.*data[/\\]gezu\.sqlite$/);
    expect(c.UPLOAD_MAX_BYTES).toBe(1024 ** 3);
  });

  it('when a key is invalid, then the error names the key', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x' })).toThrow(/DATABASE_URL/);
  });

  it('when DATABASE_READ_URL is set, then it must be MySQL/MariaDB beside a MySQL/MariaDB DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'sqlite:/tmp/x' })).toThrow(/DATABASE_READ_URL/);
    expect(() => loadConfig({ DATABASE_READ_URL: 'mysql://r@replica/gezu' })).toThrow(/DATABASE_READ_URL/);
    const c = loadConfig({ DATABASE_URL: 'mysql://w@primary/gezu', DATABASE_READ_URL: 'mysql://r@replica/gezu' });
    expect(c.DATABASE_READ_URL).toBe('mysql://r@replica/gezu');
  });

  it('when production runs without SESSION_SECRET, then the start is refused naming the key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }).isProduction).toBe(true);
  });

  it('when BASE_URL is https, then cookies are marked secure', () => {
    expect(loadConfig({ BASE_URL: 'https://lms.example.org' }).secureCookies).toBe(true);
    expect(loadConfig({ BASE_URL: 'http://localhost:3000' }).secureCookies).toBe(false);
  });

  it("when no content origin is set, then content is BASE_URL's host on PORT + 1; CONTENT_PORT and CONTENT_BASE_URL override it", () => {
    expect(loadConfig({}).contentOrigin).toBe('http://localhost:3001');
    expect(loadConfig({ PORT: '8080', BASE_URL: 'http://lernen.test:8080' })).toMatchObject({
      contentPort: 8081,
      contentOrigin: 'http://lernen.test:8081',
      appOrigin: 'http://lernen.test:8080',
    });
    expect(loadConfig({ CONTENT_PORT: '4000' }).contentOrigin).toBe('http://localhost:4000');
    expect(
      loadConfig({ BASE_URL: 'https://lernen.example', CONTENT_BASE_URL: 'https://lernen-inhalte.example/' })
        .contentOrigin,
    ).toBe('https://lernen-inhalte.example');
  });

  it('when the content origin would be the app origin, then the start is refused naming CONTENT_BASE_URL', () => {
    expect(() =>
      loadConfig({ BASE_URL: 'https://lernen.example', CONTENT_BASE_URL: 'https://lernen.example/inhalte' }),
    ).toThrow(/CONTENT_BASE_URL/);
  });
});
