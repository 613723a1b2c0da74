import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { createTranslator, type Translate } from './i18n';

/** Locale, time zone and translate function of the agent. */
export interface I18nValue {
  t: Translate;
  locale: string;
  timeZone: string;
}

const I18nContext = createContext<I18nValue | null>(null);

export interface I18nProviderProps {
  /** The agent's locale (`currentUser.locale`), e.g. `en-US`. */
  locale: string;
  /** The agent's IANA time zone. */
  timeZone: string;
  /** Throw on missing keys (tests). */
  strict?: boolean;
  children: ReactNode;
}

export function I18nProvider({ locale, timeZone, strict = false, children }: I18nProviderProps) {
  const value = useMemo(
    () => ({ t: createTranslator({ locale, strict }), locale, timeZone }),
    [locale, timeZone, strict],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (value === null) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
