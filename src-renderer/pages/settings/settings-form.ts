/**
 * The settings page's form state and its conversion to a `settings.update` patch. Lists are edited
 * one entry per line; numbers as text. Nothing is validated here: the core's schema is the one
 * judge (the client checks the same schema before sending), and its issues come back per field.
 */
import type { Settings, SettingsPatch } from '../../../src-shared/settings.js';

export type SettingsForm = {
  blockedDomains: string;
  scheduleMinutes: string;
  lookbackMaxDays: string;
  retentionDays: string;
  sensitivity: Settings['automatedMail']['sensitivity'];
  allowSenders: string;
  allowHeaders: string;
  blockSenders: string;
  blockHeaders: string;
  proxyUrl: string;
  noProxy: string;
  extraCaFile: string;
  /** 'on' | 'off': the switch's state, kept as text like every other field. */
  onlineArchive: 'on' | 'off';
};

/** Form field -> the settings path its issues arrive under. */
export const FIELD_PATHS: Record<keyof SettingsForm, string> = {
  blockedDomains: 'blockedDomains',
  scheduleMinutes: 'scheduleMinutes',
  lookbackMaxDays: 'lookbackMaxDays',
  retentionDays: 'retentionDays',
  sensitivity: 'automatedMail.sensitivity',
  allowSenders: 'automatedMail.allow.senders',
  allowHeaders: 'automatedMail.allow.headers',
  blockSenders: 'automatedMail.block.senders',
  blockHeaders: 'automatedMail.block.headers',
  proxyUrl: 'network.proxyUrl',
  noProxy: 'network.noProxy',
  extraCaFile: 'network.extraCaFile',
  onlineArchive: 'onlineArchive',
};

type HeaderRule = Settings['automatedMail']['allow']['headers'][number];

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

const headerLine = (rule: HeaderRule): string => (rule.contains === undefined ? rule.name : `${rule.name}: ${rule.contains}`);

/** `X-Mailer` (present) or `X-Mailer: text` (value contains the text). */
export function parseHeaderLine(line: string): HeaderRule {
  const colon = line.indexOf(':');
  if (colon === -1) return { name: line };
  const contains = line.slice(colon + 1).trim();
  return contains === '' ? { name: line.slice(0, colon).trim() } : { name: line.slice(0, colon).trim(), contains };
}

const numberOrText = (text: string): number => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN);
const optionalNumber = (text: string): number | null => (text.trim() === '' ? null : numberOrText(text));
const optionalText = (text: string): string | null => (text.trim() === '' ? null : text.trim());

export function formOf(settings: Settings): SettingsForm {
  const { automatedMail: auto, network } = settings;
  return {
    blockedDomains: settings.blockedDomains.join('\n'),
    scheduleMinutes: String(settings.scheduleMinutes),
    lookbackMaxDays: settings.lookbackMaxDays === null ? '' : String(settings.lookbackMaxDays),
    retentionDays: settings.retentionDays === null ? '' : String(settings.retentionDays),
    sensitivity: auto.sensitivity,
    allowSenders: auto.allow.senders.join('\n'),
    allowHeaders: auto.allow.headers.map(headerLine).join('\n'),
    blockSenders: auto.block.senders.join('\n'),
    blockHeaders: auto.block.headers.map(headerLine).join('\n'),
    proxyUrl: network.proxyUrl ?? '',
    noProxy: network.noProxy ?? '',
    extraCaFile: network.extraCaFile ?? '',
    onlineArchive: settings.onlineArchive ? 'on' : 'off',
  };
}

/** Every field the page edits (orgDomains belongs to the setup page and is left alone). */
export function patchOf(form: SettingsForm): SettingsPatch {
  return {
    blockedDomains: lines(form.blockedDomains),
    scheduleMinutes: numberOrText(form.scheduleMinutes),
    lookbackMaxDays: optionalNumber(form.lookbackMaxDays),
    retentionDays: optionalNumber(form.retentionDays),
    automatedMail: {
      sensitivity: form.sensitivity,
      allow: { senders: lines(form.allowSenders), headers: lines(form.allowHeaders).map(parseHeaderLine) },
      block: { senders: lines(form.blockSenders), headers: lines(form.blockHeaders).map(parseHeaderLine) },
    },
    network: { proxyUrl: optionalText(form.proxyUrl), noProxy: optionalText(form.noProxy), extraCaFile: optionalText(form.extraCaFile) },
    onlineArchive: form.onlineArchive === 'on',
  };
}
