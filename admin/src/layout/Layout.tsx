import { useEffect, type ReactNode } from 'react';
import { Layout as RaLayout, useTranslate } from 'react-admin';
import { AppBar } from './AppBar.tsx';
import { useA11yRepairs } from './useA11yRepairs.ts';

/** Keeps the browser tab's title in the console's language. */
const DocumentTitle = () => {
  const translate = useTranslate();
  const title = translate('app.title');
  useEffect(() => {
    document.title = title;
  }, [title]);
  useA11yRepairs();
  return null;
};

export const Layout = ({ children }: { children: ReactNode }) => (
  <RaLayout appBar={AppBar}>
    <DocumentTitle />
    {children}
  </RaLayout>
);
