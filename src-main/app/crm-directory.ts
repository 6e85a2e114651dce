/**
 * The CRM directory as the running app holds it: the snapshot, its in-memory index, and the
 * revision they came from. The CRM tables may change under us (`crm import` in another process,
 * a customer's ETL): `refreshIfChanged` reloads when the revision moved.
 */
import { CrmIndex } from '../crm/crm-index.js';
import type { CrmSnapshot } from '@correspondent/contract';
import type { MailStore } from '../store/mail-store.js';
import type { Logger } from '../logging/logger.js';

export type CrmDirectory = {
  snapshot(): CrmSnapshot;
  index(): CrmIndex;
  /** The CRM revision the snapshot was loaded at. */
  revision(): number;
  refreshIfChanged(): Promise<void>;
  replace(snapshot: CrmSnapshot): Promise<void>;
};

export async function loadCrmDirectory(store: MailStore, logger: Logger): Promise<CrmDirectory> {
  let snapshot = await store.loadCrm();
  let index = CrmIndex.fromSnapshot(snapshot);
  let revision = await store.crmRevision();
  return {
    snapshot: () => snapshot,
    index: () => index,
    revision: () => revision,
    async refreshIfChanged() {
      const current = await store.crmRevision();
      if (current === revision) return;
      snapshot = await store.loadCrm();
      index = CrmIndex.fromSnapshot(snapshot);
      revision = current;
      logger.info({ revision }, 'CRM directory reloaded');
    },
    async replace(next) {
      await store.replaceCrm(next);
      snapshot = next;
      index = CrmIndex.fromSnapshot(next);
      revision = await store.crmRevision();
    },
  };
}
