/**
 * @jest-environment node
 */
import { GENERATED_NOTE, NOT_SHIPPED, lazyChunkFiles, normalizeHost, rewriteManifest, shippedFiles, sidebarInitialFiles, type ViteManifest } from '../../tools/package-lib';

const source = {
  name: 'Triage Assistant',
  location: { support: { ticket_sidebar: { url: 'http://localhost:3000/', flexible: true }, nav_bar: 'http://localhost:3000/' } },
  domainWhitelist: ['localhost'],
};

it('points locations at the packaged page, whitelists the service host and marks the copy as generated', () => {
  expect(rewriteManifest(source, { serviceHost: 'https://Triage.Example.com/v1', dev: false })).toEqual({
    _warning: GENERATED_NOTE,
    name: 'Triage Assistant',
    location: { support: { ticket_sidebar: { url: 'assets/index.html', flexible: true }, nav_bar: { url: 'assets/index.html' } } },
    domainWhitelist: ['triage.example.com'],
  });
  expect(source.location.support.ticket_sidebar.url).toBe('http://localhost:3000/');
});

it('keeps the Vite dev server URL in dev mode', () => {
  const manifest = rewriteManifest(source, { serviceHost: 'localhost', dev: true }) as typeof source;
  expect(manifest.location.support.ticket_sidebar).toEqual({ url: 'http://localhost:3000/', flexible: true });
});

it('rejects a host that is not a host name', () => {
  expect(normalizeHost('triage.example.com:8443/x')).toBe('triage.example.com');
  expect(() => normalizeHost('')).toThrow('--service-host must not be empty');
  expect(() => normalizeHost('bad host')).toThrow('--service-host "bad host" is not a host name');
});

it('counts the entry and the sidebar chunk with their static imports, not on-demand chunks', () => {
  const vite: ViteManifest = {
    'index.html': { file: 'chunks/index.js', isEntry: true, imports: ['_vendor.js'], dynamicImports: ['locations/TicketSidebar.tsx', 'locations/NavBar.tsx'] },
    '_vendor.js': { file: 'chunks/vendor.js' },
    '_table.js': { file: 'chunks/table.js' },
    'locations/TicketSidebar.tsx': { file: 'chunks/TicketSidebar.js', imports: ['_vendor.js', '_zod.js'], dynamicImports: ['components/OrgFixModal.tsx'] },
    '_zod.js': { file: 'chunks/zod.js' },
    'locations/NavBar.tsx': { file: 'chunks/NavBar.js', imports: ['_table.js'] },
    'components/OrgFixModal.tsx': { file: 'chunks/OrgFixModal.js' },
  };
  expect(sidebarInitialFiles(vite)).toEqual(['chunks/TicketSidebar.js', 'chunks/index.js', 'chunks/vendor.js', 'chunks/zod.js']);
});

it('lists a lazy chunk’s own files, without those already loaded', () => {
  const vite: ViteManifest = {
    'index.html': { file: 'chunks/index.js', isEntry: true, imports: ['_react.js'], dynamicImports: ['domain/core.ts'] },
    '_react.js': { file: 'chunks/react.js' },
    'domain/core.ts': { file: 'chunks/core.js', imports: ['_zod.js', '_react.js'] },
    '_zod.js': { file: 'chunks/zod.js' },
  };
  expect(lazyChunkFiles(vite, 'domain/core.ts', ['chunks/index.js', 'chunks/react.js'])).toEqual(['chunks/core.js', 'chunks/zod.js']);
  expect(lazyChunkFiles(vite, 'domain/missing.ts', [])).toEqual([]);
});

it('never ships zcli.apps.config.json (the installation settings with the shared secret), in the zip or in a zcli upload', () => {
  const files = ['manifest.json', 'translations/en.json', 'assets/index.html', 'assets/.vite/manifest.json', 'triage-assistant-0.1.0.zip', '.zcliignore', 'zcli.apps.config.json'];
  expect(shippedFiles(files)).toEqual(['manifest.json', 'translations/en.json', 'assets/index.html']);
  expect(NOT_SHIPPED).toContain('zcli.apps.config.json');
});
