import { loadConfig } from '../../src/config';
import { listeningUrl } from '../../src/server';
import { wantsPrettyLogs } from '../../src/shared/logger';

describe('HOST, the start line and the log format', () => {
  it('when HOST is unset, then no host is passed to listen (every interface); when set, then it is kept', () => {
    expect(loadConfig({}).HOST).toBeUndefined();
    expect(loadConfig({ HOST: '127.0.0.1' }).HOST).toBe('127.0.0.1');
    expect(() => loadConfig({ HOST: '  ' })).toThrow(/HOST/);
  });

  it('when BASE_URL is unset, then it follows PORT', () => {
    expect(loadConfig({ PORT: '3900' }).BASE_URL).toBe('http://localhost:3900');
    expect(loadConfig({}).BASE_URL).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '3900', BASE_URL: 'https://lms.example.org' }).BASE_URL).toBe('https://lms.example.org');
  });

  it('when the bound address is IPv6, then the URL puts it in brackets', () => {
    expect(listeningUrl({ address: '::', family: 'IPv6', port: 3900 })).toBe('http://[::]:3900');
    expect(listeningUrl({ address: '127.0.0.1', family: 'IPv4', port: 41234 })).toBe('http://127.0.0.1:41234');
  });

  it('when LOG_FORMAT is auto, then logs are pretty only in a terminal outside production', () => {
    expect(wantsPrettyLogs('auto', false, true)).toBe(true);
    expect(wantsPrettyLogs('auto', false, false)).toBe(false);
    expect(wantsPrettyLogs('auto', true, true)).toBe(false);
    expect(wantsPrettyLogs('json', false, true)).toBe(false);
    expect(wantsPrettyLogs('pretty', true, false)).toBe(true);
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });
});
