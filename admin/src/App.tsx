/** Wiring only: providers, layout, and one <Resource> per resource folder. */
import { Admin, Resource } from 'react-admin';
import auditEvents from './audit-events/index.ts';
import { lazyPage } from './common/lazyPage.ts';
import cadres from './cadres/index.ts';
import cycles from './cycles/index.ts';
import departmentImports from './departments/index.ts';
import exitFlags from './exit-flags/index.ts';
import rankings from './rankings/index.ts';
import exitCounties from './exit-counties/index.ts';
import exitHouseholds from './exit-households/index.ts';
import exitVillages from './exit-villages/index.ts';
import households from './households/index.ts';
import { i18nProvider } from './i18n/index.ts';
import { Layout } from './layout/Layout.tsx';
import { LoginPage } from './layout/LoginPage.tsx';
import ledgers, { ledgerEntries } from './ledgers/index.ts';
import { pages } from './pages.ts';
import notifications from './notifications/index.ts';
import { authProvider } from './providers/authProvider.ts';
import { dataProvider } from './providers/dataProvider.ts';
import regions from './regions/index.ts';
import returnRequests from './return-requests/index.ts';
import samples from './samples/index.ts';
import tasks from './tasks/index.ts';
import { theme } from './theme.ts';

/** Pages load as they are opened (one chunk each, see pages.ts). */
const Dashboard = lazyPage(pages.dashboard, (m) => m.Dashboard);

export const App = () => (
  <Admin
    title="app.title"
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    layout={Layout}
    loginPage={LoginPage}
    dashboard={Dashboard}
    theme={theme}
    requireAuth
    disableTelemetry
  >
    <Resource name="tasks" {...tasks} />
    <Resource name="cycles" {...cycles} />
    <Resource name="exit-villages" {...exitVillages} />
    <Resource name="exit-counties" {...exitCounties} />
    <Resource name="exit-households" {...exitHouseholds} />
    <Resource name="households" {...households} />
    <Resource name="return-requests" {...returnRequests} />
    <Resource name="regions" {...regions} />
    <Resource name="cadres" {...cadres} />
    <Resource name="sample-entries" {...samples} />
    <Resource name="ledgers" {...ledgers} />
    <Resource name="ledger-entries" {...ledgerEntries} />
    <Resource name="exit-flags" {...exitFlags} />
    <Resource name="rankings" {...rankings} />
    <Resource name="department-imports" {...departmentImports} />
    <Resource name="department-facts" />
    <Resource name="cases" />
    <Resource name="audit-events" {...auditEvents} />
    <Resource name="notifications" {...notifications} />
  </Admin>
);
