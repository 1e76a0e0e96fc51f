import fs from 'node:fs';
import path from 'node:path';
import { translate, hasMessage } from '../../src/shared/i18n';
import { de } from '../../src/shared/i18n/de';
import { en } from '../../src/shared/i18n/en';

function viewFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? viewFiles(path.join(dir, e.name)) : e.name.endsWith('.hbs') ? [path.join(dir, e.name)] : [],
    );
}

describe('message catalogue', () => {
  it('when a view names a message key, then the German catalogue has it', () => {
    // Components register their own messages when loaded; load them the way the app does.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../src/app');
    const missing: string[] = [];
    for (const file of viewFiles(path.resolve(__dirname, '../../views'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:\{\{|\()t "([a-z0-9_.]+)"/g))
        if (!hasMessage(m[1])) missing.push(`${path.basename(file)}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it('when English lacks a key, then German is served; parameters are filled in', () => {
    expect(translate('de', 'home.greeting', { name: 'Jörg' })).toBe('Guten Tag, Jörg');
    expect(translate('en', 'home.greeting', { name: 'Jörg' })).toBe('Hello, Jörg');
    expect(Object.keys(en).every((k) => k in de)).toBe(true);
  });
});
