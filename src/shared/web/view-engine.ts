import path from 'node:path';
import { engine } from 'express-handlebars';
import type { Express } from 'express';
import type { HelperOptions } from 'handlebars';
import { translate, type Locale } from '../i18n';
import { REGIONS, regionLabel } from '../regions';
import { PROJECT_ROOT as ROOT } from '../project-root';

function localeOf(options: HelperOptions): Locale {
  return (options?.data?.root?.locale as Locale) ?? 'de';
}

const dateFormat = (locale: Locale, withTime: boolean) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: 'Europe/Berlin',
  });

/** Handlebars helpers: all output goes through Handlebars' escaping unless a helper says otherwise. */
const helpers = {
  t(key: string, ...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    return translate(localeOf(options), key, options.hash);
  },
  eq: (a: unknown, b: unknown) => a === b,
  ne: (a: unknown, b: unknown) => a !== b,
  gt: (a: number, b: number) => a > b,
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  not: (a: unknown) => !a,
  /** True when `path` is one of the prefixes or below one: marks the current section in the nav. */
  under(path: unknown, ...args: unknown[]) {
    const prefixes = args.slice(0, -1) as string[];
    return typeof path === 'string' && prefixes.some((p) => path === p || path.startsWith(`${p}/`));
  },
  regionLabel: (key: string) => regionLabel(key),
  regions: () => REGIONS,
  json: (value: unknown) => JSON.stringify(value ?? null).replace(/</g, '\\u003c'),
  date(value: Date | string | null, options: HelperOptions) {
    if (!value) return '–';
    return dateFormat(localeOf(options), false).format(new Date(value));
  },
  datetime(value: Date | string | null, options: HelperOptions) {
    if (!value) return '–';
    return dateFormat(localeOf(options), true).format(new Date(value));
  },
  percent: (value: number | null) => (value === null || value === undefined ? '–' : `${Math.round(value * 100)} %`),
  inc: (n: number) => n + 1,
  dec: (n: number) => n - 1,
  concat: (...args: unknown[]) => args.slice(0, -1).join(''),
  fieldError(errors: Record<string, string> | undefined, field: string) {
    return errors?.[field];
  },
};

export function setupViews(app: Express, opts: { cache: boolean }): void {
  app.engine(
    'hbs',
    engine({
      extname: '.hbs',
      defaultLayout: 'main',
      layoutsDir: path.join(ROOT, 'views/layouts'),
      partialsDir: path.join(ROOT, 'views/partials'),
      helpers,
    }),
  );
  app.set('view engine', 'hbs');
  app.set('views', path.join(ROOT, 'views'));
  app.set('view cache', opts.cache);
}

export { ROOT as PROJECT_ROOT };
