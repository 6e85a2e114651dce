import { describe, expect, it } from 'vitest';
import { MailboxGate, mailboxOfUrl } from '../../../src-main/graph/mailbox-gate.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('MailboxGate', () => {
  it('never lets more than 4 requests run for one mailbox, and lets other mailboxes through', async () => {
    const gate = new MailboxGate();
    const release = deferred();
    let running = 0;
    let peak = 0;
    const work = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await release.promise;
      running -= 1;
    };
    const calls = Array.from({ length: 10 }, () => gate.run('ann', work));
    let otherRan = false;
    await gate.run('bob', async () => {
      otherRan = true;
    });
    expect(otherRan).toBe(true);
    expect(running).toBe(4);
    release.resolve();
    await Promise.all(calls);
    expect(peak).toBe(4);
    expect(gate.peakConcurrency).toBe(4);
  });

  it('holds every request to a fenced mailbox until the fence time', async () => {
    let now = 1000;
    const slept: number[] = [];
    const gate = new MailboxGate({
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    });
    gate.fence('ann', 4000);
    gate.fence('ann', 2000); // an earlier fence never shortens a later one
    const started: number[] = [];
    await Promise.all([gate.run('ann', async () => void started.push(now)), gate.run('bob', async () => void started.push(-1))]);
    expect(started).toContain(-1);
    expect(started.filter((t) => t >= 0).every((t) => t >= 4000)).toBe(true);
    expect(slept.reduce((a, b) => a + b, 0)).toBe(3000);
  });
});

describe('mailboxOfUrl', () => {
  it('finds the mailbox of user-scoped URLs in both path forms', () => {
    expect(mailboxOfUrl('https://graph.microsoft.com/v1.0/users/Ann%40contoso.example/mailFolders/inbox')).toBe('ann@contoso.example');
    expect(mailboxOfUrl("/users('u-1')/mailFolders('inbox')/messages/delta")).toBe('u-1');
    expect(mailboxOfUrl('/users?$top=999')).toBeNull();
  });
});
