/**
 * The console's frame: header, navigation and the routed page. At 1000 px and wider the navigation
 * is a column beside the page; narrower, it collapses behind a "Menu" button so that the page keeps
 * the width its tables need. After a navigation the page heading takes the focus (screen readers
 * announce the new page; keyboard users start from its top).
 */
import { Button, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AlertBanner } from './shell/alert-banner.js';
import { PAGES, type PageDefinition } from './shell/pages.js';
import { SideNav } from './shell/side-nav.js';

export { PAGES, type PageId } from './shell/pages.js';

const NARROW = '@media (max-width: 999px)';

const useStyles = makeStyles({
  root: { display: 'grid', gridTemplateRows: 'auto 1fr', gridTemplateColumns: '220px minmax(0, 1fr)', minHeight: '100vh', [NARROW]: { gridTemplateColumns: 'minmax(0, 1fr)' } },
  header: {
    gridColumn: '1 / -1',
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    paddingInline: tokens.spacingHorizontalXL,
    paddingBlock: tokens.spacingVerticalM,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  menuButton: { display: 'none', border: `1px solid ${tokens.colorNeutralForegroundOnBrand}`, [NARROW]: { display: 'inline-flex' } },
  title: { margin: 0, color: 'inherit' },
  nav: {
    paddingBlock: tokens.spacingVerticalL,
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    [NARROW]: { display: 'none' },
  },
  navOpen: {
    [NARROW]: {
      display: 'block',
      position: 'fixed',
      insetBlockStart: '56px',
      insetInlineStart: 0,
      insetBlockEnd: 0,
      width: '260px',
      zIndex: 10,
      backgroundColor: tokens.colorNeutralBackground1,
      boxShadow: tokens.shadow16,
      overflowY: 'auto',
    },
  },
  main: { padding: tokens.spacingHorizontalXXL, minWidth: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, [NARROW]: { padding: tokens.spacingHorizontalL } },
  heading: { margin: 0, outline: 'none' },
});

export function AppShell() {
  const styles = useStyles();
  const [menuOpen, setMenuOpen] = useState(false);
  // The first page shown keeps the focus where the browser put it; later pages take it.
  const navigated = useRef(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const closeMenu = (returnFocus: boolean) => {
    setMenuOpen(false);
    if (returnFocus) menuButton.current?.focus();
  };
  return (
    <div className={styles.root}>
      <header className={styles.header}>
        <Button
          ref={menuButton}
          className={styles.menuButton}
          appearance="primary"
          aria-expanded={menuOpen}
          aria-controls="console-nav"
          onClick={() => setMenuOpen((open) => !open)}
          data-testid="nav-menu"
        >
          ☰ Menu
        </Button>
        <Text as="h1" size={500} weight="semibold" className={styles.title}>
          Correspondent
        </Text>
      </header>
      <nav
        id="console-nav"
        className={mergeClasses(styles.nav, menuOpen && styles.navOpen)}
        aria-label="Console sections"
        data-testid="console-nav"
        data-open={menuOpen}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && menuOpen) closeMenu(true);
        }}
      >
        <SideNav onNavigate={() => closeMenu(false)} />
      </nav>
      <Routes>
        {PAGES.map((page) => (
          <Route key={page.id} path={page.path} element={<PageFrame page={page} navigated={navigated} />} />
        ))}
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </div>
  );
}

function PageFrame(props: { page: PageDefinition; navigated: { current: boolean } }) {
  const styles = useStyles();
  const { page } = props;
  const Page = page.component;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const location = useLocation();
  const { navigated } = props;
  useEffect(() => {
    document.title = `${page.title} — Correspondent`;
    if (navigated.current) headingRef.current?.focus();
    navigated.current = true;
  }, [page, navigated]);
  return (
    <main className={styles.main} data-testid={`page-${page.id}`} data-path={location.pathname}>
      <AlertBanner />
      <Text as="h2" size={600} weight="semibold" className={styles.heading} ref={headingRef} tabIndex={-1}>
        {page.title}
      </Text>
      <Page />
    </main>
  );
}
