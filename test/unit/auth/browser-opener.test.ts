import { describe, expect, it } from 'vitest';
import { externalBrowserOpener, printingBrowserOpener } from '../../../src-main/auth/browser-opener.js';

describe('browser openers', () => {
  it('hands https consent URLs to the system browser and refuses anything else', async () => {
    const opened: string[] = [];
    const open = externalBrowserOpener(async (url) => {
      opened.push(url);
    });
    await open('https://login.microsoftonline.com/contoso.example/v2.0/adminconsent?client_id=x');
    await expect(open('file:///etc/passwd')).rejects.toThrow(/https/);
    expect(opened).toEqual(['https://login.microsoftonline.com/contoso.example/v2.0/adminconsent?client_id=x']);
  });

  it('prints the URL in headless mode', async () => {
    let printed = '';
    await printingBrowserOpener((text) => (printed += text))('https://login.microsoftonline.us/t/v2.0/adminconsent');
    expect(printed).toContain('https://login.microsoftonline.us/t/v2.0/adminconsent');
  });
});
