/** Checks of the options the action passes to restore and save, with errors naming the value. */
import { InvalidInputError } from '../store/errors.js';
import { splitNamespacePath } from '../store/validate.js';

/** The namespace paths, validated, normalised (`compile//local/` → `compile/local`) and deduplicated. */
export function checkNamespaces(namespaces: readonly string[]): string[] {
  if (!Array.isArray(namespaces) || namespaces.length === 0) {
    throw new InvalidInputError('namespaces must list at least one namespace path, e.g. ["compile"]');
  }
  return [...new Set(namespaces.map(ns => splitNamespacePath(ns).join('/')))];
}

/** A whole number >= min. */
export function checkCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidInputError(`${name} is ${String(value)}: expected a whole number >= ${min}`);
  }
  return value;
}

/** Bytes or milliseconds: a finite number; <= 0 means no limit. */
export function checkLimit(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidInputError(`${name} is ${String(value)}: expected a number (0 = no limit)`);
  }
  return Math.max(0, value);
}

/** Any finite number. */
export function checkNumber(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidInputError(`${name} is ${String(value)}: expected a number`);
  }
  return value;
}
