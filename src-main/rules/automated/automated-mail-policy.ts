/**
 * The automated-mail settings compiled for the per-message path: the sensitivity's threshold and
 * the allow and block patterns as lookup sets. Built once per rule context.
 */
import { DEFAULT_SETTINGS, type AutomatedMailSensitivity, type AutomatedMailSettings } from '../../../src-shared/settings.js';
import { compilePatterns, type CompiledPatterns } from './admin-patterns.js';

/** The score at which the weighed signals (weigh-signals.ts) make a message automated, per sensitivity. */
export const THRESHOLDS: Readonly<Record<AutomatedMailSensitivity, number>> = Object.freeze({ low: 80, normal: 60, high: 45 });

export type AutomatedMailPolicy = {
  threshold: number;
  allow: CompiledPatterns;
  block: CompiledPatterns;
};

export function compileAutomatedMailPolicy(settings: AutomatedMailSettings = DEFAULT_SETTINGS.automatedMail): AutomatedMailPolicy {
  return Object.freeze({
    threshold: THRESHOLDS[settings.sensitivity],
    allow: compilePatterns(settings.allow),
    block: compilePatterns(settings.block),
  });
}
