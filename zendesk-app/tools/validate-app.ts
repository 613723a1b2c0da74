/**
 * `npm run validate:app`: offline validation of the packaged zip (ZENDESK.md §1.1 rules; zcli's validate needs an
 * account). Usage: tsx tools/validate-app.ts [path/to/app.zip]  (default: the newest zip in zendesk-app/dist).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { formatIssues, validateManifest } from './manifest-validator';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

function main(): number {
  const arg = process.argv[2];
  const zips = existsSync(dist) ? readdirSync(dist).filter((f) => f.endsWith('.zip')).sort() : [];
  const path = arg ?? (zips.length > 0 ? join(dist, zips[zips.length - 1]!) : null);
  if (path === null || !existsSync(path)) {
    console.error(`No app zip found${arg ? ` at ${arg}` : ' in zendesk-app/dist'}: run npm run build first.`);
    return 1;
  }
  const entries = unzipSync(readFileSync(path));
  const files = Object.keys(entries).filter((name) => !name.endsWith('/'));
  let manifest: unknown;
  try {
    manifest = JSON.parse(strFromU8(entries['manifest.json'] ?? new Uint8Array()));
  } catch {
    manifest = undefined;
  }
  const result = manifest === undefined ? { errors: [{ field: 'manifest.json', message: 'is missing or not valid JSON' }], warnings: [] } : validateManifest(manifest, files);
  for (const line of formatIssues(result)) console.log(line);
  console.log(`${path}: ${files.length} files, ${result.errors.length} error(s), ${result.warnings.length} warning(s)`);
  return result.errors.length > 0 ? 1 : 0;
}

process.exitCode = main();
