import polyglotI18nProvider from 'ra-i18n-polyglot';
import en from './en.ts';
import zh from './zh.ts';

export const LOCALES = [
  { locale: 'zh', name: '中文' },
  { locale: 'en', name: 'English' },
];

/** Chinese by default; English from the app bar's language menu (react-admin stores the choice). */
export const i18nProvider = polyglotI18nProvider((locale) => (locale === 'en' ? en : zh), 'zh', LOCALES);
