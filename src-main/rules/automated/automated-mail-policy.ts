/**
 * The automated-mail settings compiled for the per-message path: the sensitivity's threshold and
 * the allow and block patterns as lookup sets. Built once per rule context.
 */
import { DEFAULT_SETTINGS, type AutomatedMailSettings } from '../../../src-shared/settings.js';
import { compilePatterns, type CompiledPatterns } from './admin-patterns.js';
import { THRESHOLDS } from './weigh-signals.js';

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
