import { describe, expect, it } from 'vitest';
import { createMicrosoftNetwork } from '../../../src-main/app/microsoft-network.js';
import { silentLogger } from '../../../src-main/logging/logger.js';

const none = { proxyUrl: null, noProxy: null, extraCaFile: null };
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('the network path of Microsoft calls', () => {
  it('chooses the proxy from the settings, then the environment, then the system, and switches without a new dispatcher', async () => {
    const network = await createMicrosoftNetwork({ settings: none }, { env: { HTTPS_PROXY: 'http://env-proxy:8080', NO_PROXY: 'localhost' }, systemProxy: async () => 'http://system-proxy:3128' }, silentLogger());
    const dispatcher = network.dispatcher;
    expect(network.proxy()).toEqual({ proxyUrl: 'http://env-proxy:8080', noProxy: 'localhost', source: 'environment' });
    await network.apply({ settings: { proxyUrl: 'http://corp-proxy:8080', noProxy: '.corp.example', extraCaFile: null } });
    expect(network.proxy()).toEqual({ proxyUrl: 'http://corp-proxy:8080', noProxy: '.corp.example', source: 'settings' });
    expect(network.dispatcher).toBe(dispatcher);
    await network.close();

    const systemOnly = await createMicrosoftNetwork({ settings: none }, { env: {}, systemProxy: async () => 'http://system-proxy:3128' }, silentLogger());
    expect(systemOnly.proxy()).toMatchObject({ proxyUrl: 'http://system-proxy:3128', source: 'system' });
    await systemOnly.close();
  });

  it('reads the extra CA bundle named in the settings, and names an unreadable or empty one', async () => {
    const files: Record<string, string> = { '/etc/ssl/corp.pem': PEM, '/etc/ssl/empty.pem': 'nothing here' };
    const readTextFile = async (file: string) => {
      const text = files[file];
      if (text === undefined) throw new Error('ENOENT');
      return text;
    };
    const network = await createMicrosoftNetwork({ settings: { ...none, extraCaFile: '/etc/ssl/corp.pem' } }, { env: {}, readTextFile }, silentLogger());
    await expect(network.apply({ settings: { ...none, extraCaFile: '/etc/ssl/missing.pem' } })).rejects.toMatchObject({ code: 'not-configured', message: expect.stringContaining('/etc/ssl/missing.pem') });
    await expect(network.apply({ settings: { ...none, extraCaFile: '/etc/ssl/empty.pem' } })).rejects.toMatchObject({ code: 'invalid-input' });
    await network.close();
  });
});
