/**
 * The console's pages in nav order, each at its own route (hash history: deep links and reloads
 * work in the headless console and under Electron's app:// scheme alike, with no server fallback).
 */
import type { ComponentType } from 'react';
import { AuditPage } from '../pages/audit/audit-page.js';
import { CrmPage } from '../pages/crm/crm-page.js';
import { EngagementsPage } from '../pages/engagements/engagements-page.js';
import { HealthPage } from '../pages/health/health-page.js';
import { MailboxesPage } from '../pages/mailboxes-page.js';
import { MissingFromCrmPage } from '../pages/missing-from-crm-page.js';
import { OverviewPage } from '../pages/overview-page.js';
import { PreviewPage } from '../pages/preview/preview-page.js';
import { SettingsPage } from '../pages/settings/settings-page.js';
import { SetupPage } from '../pages/setup/setup-page.js';

export const PAGES = [
  { id: 'overview', path: '/', title: 'Overview', component: OverviewPage },
  { id: 'setup', path: '/setup', title: 'Setup', component: SetupPage },
  { id: 'mailboxes', path: '/mailboxes', title: 'Mailboxes', component: MailboxesPage },
  { id: 'engagements', path: '/engagements', title: 'Engagements', component: EngagementsPage },
  { id: 'preview', path: '/preview', title: 'Rule preview', component: PreviewPage },
  { id: 'health', path: '/health', title: 'Sync health', component: HealthPage },
  { id: 'crm', path: '/crm', title: 'CRM', component: CrmPage },
  { id: 'missing', path: '/missing-from-crm', title: 'Missing from CRM', component: MissingFromCrmPage },
  { id: 'settings', path: '/settings', title: 'Settings', component: SettingsPage },
  { id: 'audit', path: '/audit', title: 'Audit log', component: AuditPage },
] as const satisfies readonly { id: string; path: string; title: string; component: ComponentType }[];

export type PageId = (typeof PAGES)[number]['id'];
export type PageDefinition = (typeof PAGES)[number];
