// Validates the action metadata files (action.yml, restore/action.yml, save/action.yml) against the
// schema of @action-validator/core; `npm run lint:workflows` runs it after actionlint, which checks
// workflows only. The schema (0.6.0, the newest) knows `using: node12 | node16 | node20` but not
// node24, which GitHub's runners take: `using` is checked here instead and the rest goes to the
// schema as node20.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import validator from '@action-validator/core';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const files =
  process.argv.length > 2 ? process.argv.slice(2) : ['action.yml', 'restore/action.yml', 'save/action.yml'];
const USING = /^(\s+using:\s*)(['"]?)(node\d+)\2\s*$/m;

let failed = 0;
for (const file of files) {
  const text = readFileSync(path.resolve(root, file), 'utf8');
  const errors = [];
  const using = USING.exec(text);
  if (using !== null && !['node20', 'node24'].includes(using[3])) {
    errors.push({ path: '/runs/using', title: `'${using[3]}' is not node20 or node24` });
  }
  const result = validator.validateAction(text.replace(USING, '$1$2node20$2'));
  errors.push(...result.errors);
  if (errors.length > 0) {
    failed++;
    console.error(`${file}: invalid action metadata\n${JSON.stringify(errors, null, 2)}`);
  }
}
if (failed > 0) process.exit(1);
console.log(`✓ ${files.length} action metadata file(s) passed the schema`);
