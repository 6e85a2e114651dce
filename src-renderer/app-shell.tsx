import { makeStyles, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState, type ComponentType } from 'react';
import { EngagementsPage } from './pages/engagements/engagements-page.js';
import { MailboxesPage } from './pages/mailboxes-page.js';
import { OverviewPage } from './pages/overview-page.js';
import { PreviewPage } from './pages/preview/preview-page.js';
import { AuditPage } from './pages/audit/audit-page.js';
import { HealthPage } from './pages/health/health-page.js';
import { MissingFromCrmPage } from './pages/missing-from-crm-page.js';
import { SettingsPage } from './pages/settings/settings-page.js';
import { SetupPage } from './pages/setup/setup-page.js';

/** Pages in nav order. A page is listed only once its backend exists. */
const PAGES = [
  { id: 'overview', title: 'Overview', component: OverviewPage },
  { id: 'setup', title: 'Setup', component: SetupPage },
  { id: 'mailboxes', title: 'Mailboxes', component: MailboxesPage },
  { id: 'engagements', title: 'Engagements', component: EngagementsPage },
  { id: 'preview', title: 'Rule preview', component: PreviewPage },
  { id: 'health', title: 'Sync health', component: HealthPage },
  { id: 'missing', title: 'Missing from CRM', component: MissingFromCrmPage },
  { id: 'settings', title: 'Settings', component: SettingsPage },
  { id: 'audit', title: 'Audit log', component: AuditPage },
] as const satisfies readonly { id: string; title: string; component: ComponentType }[];

export type PageId = (typeof PAGES)[number]['id'];

const useStyles = makeStyles({
  root: { display: 'grid', gridTemplateRows: 'auto 1fr', gridTemplateColumns: '200px 1fr', minHeight: '100vh' },
  header: {
    gridColumn: '1 / -1',
    display: 'flex',
    alignItems: 'center',
    paddingInline: tokens.spacingHorizontalXL,
    paddingBlock: tokens.spacingVerticalM,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  title: { margin: 0, color: 'inherit' },
  nav: { paddingBlock: tokens.spacingVerticalL, borderRight: `1px solid ${tokens.colorNeutralStroke2}` },
  main: { padding: tokens.spacingHorizontalXXL, minWidth: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  heading: { margin: 0, outline: 'none' },
});

export function AppShell() {
  const styles = useStyles();
  const [pageId, setPageId] = useState<PageId>('overview');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  const page = PAGES.find((candidate) => candidate.id === pageId) ?? PAGES[0];
  const Page: ComponentType = page.component;

  useEffect(() => {
    document.title = `${page.title} — Correspondent`;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [page]);

  return (
    <div className={styles.root}>
      <header className={styles.header}>
        <Text as="h1" size={500} weight="semibold" className={styles.title}>
          Correspondent
        </Text>
      </header>
      <nav className={styles.nav} aria-label="Console sections">
        <TabList vertical selectedValue={pageId} onTabSelect={(_event, data) => setPageId(data.value as PageId)}>
          {PAGES.map((candidate) => (
            <Tab key={candidate.id} value={candidate.id} data-testid={`nav-${candidate.id}`}>
              {candidate.title}
            </Tab>
          ))}
        </TabList>
      </nav>
      <main className={styles.main} data-testid={`page-${page.id}`}>
        <Text as="h2" size={600} weight="semibold" className={styles.heading} ref={headingRef} tabIndex={-1}>
          {page.title}
        </Text>
        <Page />
      </main>
    </div>
  );
}
