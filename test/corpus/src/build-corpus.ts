/**
 * Writes test/corpus/messages.jsonl from the hand-written category files, one labelled envelope
 * per line: {"label": {...}, "mailbox", "folder", "message"}. Run: npx tsx test/corpus/src/build-corpus.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bulk } from './bulk.js';
import { correspondence } from './correspondence.js';
import { machine } from './machine.js';
import { otherRules } from './other-rules.js';
import { moreCases } from './more-cases.js';
import { toolsAndLists } from './tools-and-lists.js';

const all = [...correspondence, ...bulk, ...machine, ...toolsAndLists, ...otherRules, ...moreCases];
const out = path.resolve(import.meta.dirname, '../messages.jsonl');
writeFileSync(out, all.map((entry) => JSON.stringify(entry)).join('\n') + '\n');
process.stdout.write(`${all.length} messages -> ${out}\n`);
