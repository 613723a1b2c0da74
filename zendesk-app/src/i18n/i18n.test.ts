import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import en from '../translations/en.json';
import { createTranslator, localeChain } from './i18n';

describe('localeChain', () => {
  it.each([
    ['pt-BR', ['pt-br', 'pt', 'en']],
    ['de', ['de', 'en']],
    ['en-GB', ['en-gb', 'en']],
    ['', ['en']],
    [null, ['en']],
  ])('%s → %j', (locale, chain) => {
    expect(localeChain(locale)).toEqual(chain);
  });
});

describe('createTranslator', () => {
  const translations = { en: { greet: 'Hello {{name}}', only_en: 'English' }, pt: { greet: 'Olá {{name}}' }, 'pt-br': { greet: 'Oi {{name}}' } };

  it('uses the most specific locale, then falls back through the chain', () => {
    expect(createTranslator({ locale: 'pt-BR', translations })('greet', { name: 'Ana' })).toBe('Oi Ana');
    expect(createTranslator({ locale: 'pt-PT', translations })('greet', { name: 'Ana' })).toBe('Olá Ana');
    expect(createTranslator({ locale: 'pt-BR', translations })('only_en')).toBe('English');
  });

  it('throws on a missing key or parameter when strict, shows the key otherwise', () => {
    expect(() => createTranslator({ locale: 'en', strict: true, translations })('nope')).toThrow('Missing translation key "nope"');
    expect(() => createTranslator({ locale: 'en', strict: true, translations })('greet')).toThrow('Missing parameter "name" for translation key "greet"');
    expect(createTranslator({ locale: 'en', translations })('nope')).toBe('nope');
  });

  it('has the ZAF marketplace block and a label for every manifest parameter', () => {
    const t = createTranslator({ locale: 'en', strict: true });
    expect(t('app.name')).toBe('Triage Assistant');
    for (const name of ['service_url', 'shared_secret', 'severity_field_id', 'problem_type_field_ids', 'region_field_id', 'composer_warnings', 'warning_window_minutes']) {
      expect(t(`app.parameters.${name}.label`)).not.toBe('');
    }
    expect(Object.keys(en)).toContain('app');
  });
});

describe('settings texts', () => {
  /** The environment variables the service reads: the keys of its env schema (service/src/config.ts). */
  const serviceEnv = new Set(
    [...readFileSync(join(__dirname, '../../../service/src/config.ts'), 'utf8').matchAll(/^ {4}([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]),
  );

  function strings(tree: unknown): string[] {
    if (typeof tree === 'string') return [tree];
    return Object.values(tree as Record<string, unknown>).flatMap(strings);
  }

  it('names the service setting the shared secret must equal as the service reads it (ZAF_JWT_SECRET)', () => {
    expect(serviceEnv).toContain('ZAF_JWT_SECRET');
    expect(createTranslator({ locale: 'en', strict: true })('app.parameters.shared_secret.helpText')).toContain("the service's ZAF_JWT_SECRET");
  });

  it('names only environment variables the service actually reads', () => {
    const named = strings(en).flatMap((text) => text.match(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g) ?? []);
    expect(named.filter((name) => !serviceEnv.has(name))).toEqual([]);
  });
});
