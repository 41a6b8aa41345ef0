import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { I18nProvider } from 'react-admin';
import { recentRecordReadError } from '../providers/recordErrors.ts';
import en from './en.ts';
import zh from './zh.ts';

export const LOCALES = [
  { locale: 'zh', name: '中文' },
  { locale: 'en', name: 'English' },
];

const polyglot = polyglotI18nProvider((locale) => (locale === 'en' ? en : zh), 'zh', LOCALES);

/**
 * Chinese by default; English from the app bar's language menu (react-admin stores the choice).
 * react-admin's show and edit pages say "item does not exist" for any failed read of a record: when
 * the read was refused (403), the user reads "no permission" (无权查看) instead.
 */
export const i18nProvider: I18nProvider = {
  ...polyglot,
  translate: (key, options) =>
    key === 'ra.notification.item_doesnt_exist' && recentRecordReadError()?.status === 403
      ? polyglot.translate('app.errors.FORBIDDEN_RECORD', options)
      : polyglot.translate(key, options),
};
