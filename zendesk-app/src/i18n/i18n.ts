import en from '../translations/en.json';

type Tree = { [key: string]: string | Tree };

/** Bundled translation files by locale; `en` is required by ZAF (`defaultLocale`). */
const BUNDLED: Record<string, Tree> = { en: en as Tree };

/** `pt-BR` → [`pt-br`, `pt`, `en`]: the most specific first, English last. */
export function localeChain(locale: string | null | undefined): string[] {
  const chain: string[] = [];
  const lower = (locale ?? '').toLowerCase().replace('_', '-');
  if (lower) chain.push(lower);
  const base = lower.split('-')[0];
  if (base && base !== lower) chain.push(base);
  if (!chain.includes('en')) chain.push('en');
  return chain;
}

function lookup(tree: Tree | undefined, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export type TranslateParams = Record<string, string | number>;
export type Translate = (key: string, params?: TranslateParams) => string;

export interface I18nOptions {
  locale?: string | null;
  /** Throw on a missing key (tests) instead of showing the key (production: never crash the sidebar). */
  strict?: boolean;
  translations?: Record<string, Tree>;
}

/** Builds `t()` for a locale with the fallback chain `xx-YY → xx → en` and `{{name}}` interpolation. */
export function createTranslator({ locale, strict = false, translations = BUNDLED }: I18nOptions = {}): Translate {
  const trees = localeChain(locale)
    .map((l) => translations[l])
    .filter((tree): tree is Tree => tree !== undefined);
  return (key, params) => {
    let text: string | undefined;
    for (const tree of trees) {
      text = lookup(tree, key);
      if (text !== undefined) break;
    }
    if (text === undefined) {
      if (strict) throw new Error(`Missing translation key "${key}"`);
      return key;
    }
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) => {
      const value = params?.[name];
      if (value === undefined) {
        if (strict) throw new Error(`Missing parameter "${name}" for translation key "${key}"`);
        return match;
      }
      return String(value);
    });
  };
}
