/** The console's CRM page: status, connect, test, refresh now, field mapping (crm-refresh-service.ts). */
import type { ApiHandlers } from '../../../src-shared/api.js';
import type { CrmRefreshService } from '../crm-refresh-service.js';

export function crmConnectionHandlers(service: CrmRefreshService): Pick<ApiHandlers, 'crm.status' | 'crm.connect' | 'crm.test' | 'crm.refresh' | 'crm.setFieldMapping'> {
  return {
    'crm.status': () => service.status(),
    'crm.connect': (input) => service.connect(input),
    async 'crm.test'() {
      await service.test();
      return { ok: true as const };
    },
    'crm.refresh': (input) => service.refresh({ full: input.full }),
    'crm.setFieldMapping': (input) => service.setFieldMapping(input),
  };
}
