/**
 * Assembles the installable app from the Vite build:
 *   zendesk-app/dist/{manifest.json, translations/en.json, assets/…} → zendesk-app/dist/triage-assistant-<version>.zip
 * then validates it offline and prints the sidebar's initial JS size (gzip).
 *
 * Usage (after `vite build`): tsx tools/package-app.ts [--service-host triage.example.com] [--dev]
 * `--service-host` (default localhost) is written to domainWhitelist: ZAF sends secure requests (the signed JWT) only
 * to whitelisted hosts, and the service's host is only known when packaging for an account.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { formatIssues, validateManifest } from './manifest-validator';
import { NOT_SHIPPED, lazyChunkFiles, rewriteManifest, shippedFiles, sidebarInitialFiles, type ViteManifest } from './package-lib';

/** Sidebar budget: initial JS, gzip. */
export const BUDGET_KB = 120;

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(appDir, '..');
const dist = join(appDir, 'dist');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

function main(): number {
  const { values } = parseArgs({
    options: { 'service-host': { type: 'string', default: 'localhost' }, dev: { type: 'boolean', default: false } },
  });
  const assets = join(dist, 'assets');
  const viteManifestPath = join(assets, '.vite', 'manifest.json');
  if (!existsSync(viteManifestPath)) {
    console.error(`No Vite build in ${assets}: run vite build first (npm run build -w @triage-assistant/zendesk-app).`);
    return 1;
  }
  const source = JSON.parse(readFileSync(join(repoRoot, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const manifest = rewriteManifest(source, { serviceHost: values['service-host']!, dev: values.dev! });
  const version = String(source['version'] ?? '0.0.0');

  // Initial JS size before the Vite manifest is removed from the package.
  const vite = JSON.parse(readFileSync(viteManifestPath, 'utf8')) as ViteManifest;
  const gz = (file: string) => ({ file, gzip: gzipSync(readFileSync(join(assets, file)), { level: 9 }).length });
  const initialFiles = sidebarInitialFiles(vite);
  const initial = initialFiles.map(gz);
  // Fetched at startup in parallel with the ZAF handshake; needed before the first assessment is shown.
  const prefetched = lazyChunkFiles(vite, 'domain/core.ts', initialFiles).map(gz);
  const engine = lazyChunkFiles(vite, 'domain/engine.ts', [...initialFiles, ...prefetched.map((f) => f.file)]).map(gz);

  for (const name of readdirSync(dist)) if (name.endsWith('.zip') || name === 'translations' || name === 'manifest.json' || name === '.zcliignore') rmSync(join(dist, name), { recursive: true });
  writeFileSync(join(dist, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  mkdirSync(join(dist, 'translations'), { recursive: true });
  cpSync(join(appDir, 'src', 'translations'), join(dist, 'translations'), { recursive: true });

  // Vite's manifest stays (so `npm run package -- --dev` can re-run) but is not shipped; neither are older zips.
  writeFileSync(join(dist, '.zcliignore'), `${NOT_SHIPPED.join('\n')}\n`);
  const files = shippedFiles(listFiles(dist).map((path) => relative(dist, path).split(sep).join('/')));
  const result = validateManifest(manifest, files);
  for (const line of formatIssues(result)) console.log(line);
  if (result.errors.length > 0) {
    console.error(`Package is invalid (${result.errors.length} error(s)); no zip written.`);
    return 1;
  }
  const zipName = `triage-assistant-${version}.zip`;
  const zip = zipSync(Object.fromEntries(files.map((f) => [f, readFileSync(join(dist, f))])), { level: 9 });
  writeFileSync(join(dist, zipName), zip);

  const totalKb = initial.reduce((sum, f) => sum + f.gzip, 0) / 1024;
  console.log(`Packaged ${files.length} files → zendesk-app/dist/${zipName} (${(zip.length / 1024).toFixed(1)} KB); domainWhitelist: ${JSON.stringify(manifest['domainWhitelist'])}`);
  console.log('Ticket sidebar initial JS (gzip):');
  for (const f of initial) console.log(`  ${(f.gzip / 1024).toFixed(1).padStart(6)} KB  ${f.file}`);
  console.log(`  ${totalKb.toFixed(1).padStart(6)} KB  total (budget ${BUDGET_KB} KB)`);
  const kb = (files: { gzip: number }[]) => (files.reduce((sum, f) => sum + f.gzip, 0) / 1024).toFixed(1);
  console.log(`  + ${kb(prefetched)} KB schemas/zod/policy chunk prefetched at startup (needed for the first assessment: ${(totalKb + Number(kb(prefetched))).toFixed(1)} KB in all)`);
  console.log(`  + ${kb(engine)} KB engine chunk on demand (degraded mode, save guard, quick picks)`);
  if (totalKb > BUDGET_KB) {
    // A failure, not a warning: a warning went unnoticed when one value import from the shared barrel pulled zod and
    // the policy into the blocking JS (+44 KB). The usual cause: import a value from '@triage-assistant/shared' in a
    // module the sidebar loads at startup; import types only there, or load it through domain/loaders.ts.
    console.error(
      `ERROR: the sidebar's initial JS is over its ${BUDGET_KB} KB budget by ${(totalKb - BUDGET_KB).toFixed(1)} KB ` +
        '(issue 6). Look for a value import from @triage-assistant/shared in a module loaded at startup.',
    );
    return 1;
  }
  return 0;
}

process.exitCode = main();
