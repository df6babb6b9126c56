/**
 * A Node built-in module loaded when first needed instead of with the bundle (whose every import
 * is loaded at start-up): for modules only some commands use, whose loading costs milliseconds of
 * every start. process.getBuiltinModule: Node ≥ 20.16 / 22.3; a module-relative require before that.
 */
import { createRequire } from 'node:module';

export function builtinModule<T>(id: `node:${string}`): T {
  const get = process.getBuiltinModule as ((id: string) => unknown) | undefined;
  return (get?.(id) ?? createRequire(import.meta.url)(id)) as T;
}
