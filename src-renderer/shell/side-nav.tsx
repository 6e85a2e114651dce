import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { NavLink } from 'react-router';
import { PAGES } from './pages.js';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  link: {
    display: 'block',
    // One inset for every label: the labels start on one vertical line.
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalL,
    borderLeft: '3px solid transparent',
    color: tokens.colorNeutralForeground1,
    textDecoration: 'none',
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    whiteSpace: 'nowrap',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  active: {
    borderLeftColor: tokens.colorBrandStroke1,
    backgroundColor: tokens.colorNeutralBackground1Selected,
    fontWeight: tokens.fontWeightSemibold,
  },
});

/** The page links; `onNavigate` lets the collapsed menu close itself after a choice. */
export function SideNav(props: { onNavigate?: () => void }) {
  const styles = useStyles();
  return (
    <ul className={styles.list}>
      {PAGES.map((page) => (
        <li key={page.id}>
          <NavLink
            to={page.path}
            end
            className={({ isActive }) => mergeClasses(styles.link, isActive && styles.active)}
            data-testid={`nav-${page.id}`}
            onClick={props.onNavigate}
          >
            {page.title}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}
