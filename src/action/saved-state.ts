/**
 * What one step hands the next through GITHUB_STATE (and the save sub-action's report file), read
 * back with a check rather than trusted as typed: the state file sits in the runner's temp
 * directory, and a report file on a self-hosted runner may be left over from another version.
 * Anything that does not have the expected shape is dropped (the step falls back to what it can
 * read itself), never used half-typed.
 */
import { isAbsolute } from 'node:path';
import { INSTALL_CHOICES, UPLOAD_MODE_CHOICES, type ActionConfig } from '../config/inputs.js';
import type { NamespaceRestore } from '../sync/index.js';

/** What pre hands to main and post about its restore. */
export interface RestoreState {
  figures: NamespaceRestore[];
  warnings: string[];
  remoteUnavailable: boolean;
  note?: string;
}

const CHOICES: Partial<Record<keyof ActionConfig, readonly string[]>> = {
  backend: ['s3', 'github', 'local'],
  uploadMode: UPLOAD_MODE_CHOICES,
  install: INSTALL_CHOICES
};

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every(s => typeof s === 'string');
}

/**
 * The configuration pre saved, checked field by field against the one this step read from its own
 * inputs (same fields, same types, choices within their sets); undefined when it does not match.
 */
export function savedConfig(text: string, fresh: ActionConfig): ActionConfig | undefined {
  const saved = parse(text);
  if (!isRecord(saved)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, expected] of Object.entries(fresh)) {
    const v = saved[name];
    if (Array.isArray(expected)) {
      if (!isStringArray(v)) return undefined;
    } else if (typeof v !== typeof expected) return undefined;
    if (typeof v === 'number' && !(Number.isFinite(v) && v >= 0)) return undefined;
    const choices = CHOICES[name as keyof ActionConfig];
    if (choices !== undefined && !choices.includes(v as string)) return undefined;
    out[name] = v;
  }
  const config = out as unknown as ActionConfig;
  return isAbsolute(config.cacheDir) ? config : undefined;
}

function isNamespaceRestore(v: unknown): v is NamespaceRestore {
  if (!isRecord(v) || typeof v.namespace !== 'string') return false;
  // The figures the steps add up and print must be numbers; the rest only flat values.
  const counted = ['remoteEntries', 'restoredEntries', 'restoredBytes', 'alreadyLocal', 'skippedForBudget'];
  if (!counted.every(k => typeof v[k] === 'number' && Number.isFinite(v[k]))) return false;
  for (const k of ['restoredFromPacks', 'keptPacked']) {
    if (v[k] !== undefined && !(typeof v[k] === 'number' && Number.isFinite(v[k]) && v[k] >= 0)) return false;
  }
  return Object.values(v).every(x => x === null || ['number', 'string', 'boolean'].includes(typeof x));
}

/** The restore's state or report, checked; undefined when absent or not of that shape. */
export function savedRestoreState(text: string): RestoreState | undefined {
  const v = parse(text);
  if (!isRecord(v)) return undefined;
  if (!Array.isArray(v.figures) || !v.figures.every(isNamespaceRestore)) return undefined;
  if (!isStringArray(v.warnings) || typeof v.remoteUnavailable !== 'boolean') return undefined;
  if (v.note !== undefined && typeof v.note !== 'string') return undefined;
  return {
    figures: v.figures,
    warnings: v.warnings,
    remoteUnavailable: v.remoteUnavailable,
    ...(v.note !== undefined ? { note: v.note } : {})
  };
}
