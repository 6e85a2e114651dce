/**
 * Weighs the signals that fired into one verdict (automated-mail.md section 5). Reports always
 * skip. Protection (reciprocity, our own mail, an allow pattern) removes the signals it outweighs:
 * reciprocity and own mail outweigh 'bulk' evidence (how a message was sent), an allow pattern
 * outweighs everything but reports. What remains is summed and compared with the sensitivity's
 * threshold (automated-mail-policy.ts).
 */
import type { Signal } from './automated-signal.js';

export type Protection = 'none' | 'reciprocity' | 'own' | 'allow';

export type Weighed = { automated: boolean; score: number; counted: Signal[] };

function counts(signal: Signal, protection: Protection): boolean {
  if (signal.kind === 'report') return true;
  if (protection === 'allow') return false;
  if (protection === 'reciprocity' || protection === 'own') return signal.kind !== 'bulk';
  return true;
}

export function weighSignals(signals: readonly Signal[], protection: Protection, threshold: number): Weighed {
  const counted = signals.filter((signal) => counts(signal, protection));
  if (counted.some((signal) => signal.kind === 'report')) return { automated: true, score: 100, counted };
  const score = counted.reduce((sum, signal) => sum + signal.weight, 0);
  return { automated: score >= threshold, score, counted };
}

/** "label (+weight); ..." strongest first. */
export function describeSignals(signals: readonly Signal[]): string {
  return [...signals]
    .sort((a, b) => b.weight - a.weight)
    .map((signal) => `${signal.label} (+${signal.weight})`)
    .join('; ');
}
