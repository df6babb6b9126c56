/** The backend a configuration names (the `backend` input, already resolved from `auto`). */
import type { ActionConfig, StaticCredentials } from '../config/inputs.js';
import type { Backend } from './backend.js';
import { githubCacheBackend } from './github-cache.js';
import { localBackend } from './local.js';
import { s3Backend } from './s3.js';

export function backendFor(
  c: ActionConfig,
  credentials: StaticCredentials | undefined,
  env: NodeJS.ProcessEnv = process.env
): Backend {
  switch (c.backend) {
    case 's3':
      // readConfig refuses s3 without a bucket; an empty one here would be a caller's mistake.
      return c.bucket !== '' ? s3Backend(c, credentials) : localBackend(c);
    case 'github':
      return githubCacheBackend(c, env);
    case 'local':
      return localBackend(c);
  }
}
