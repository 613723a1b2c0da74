/**
 * @jest-environment node
 */
import { readFileSync } from 'node:fs';
import { validateManifest } from '../../tools/manifest-validator';

const source = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8')) as Record<string, any>;
const FILES = ['manifest.json', 'translations/en.json', 'assets/index.html', 'assets/index-abc.js'];

function packaged(): Record<string, any> {
  const manifest = structuredClone(source);
  for (const location of Object.values(manifest.location.support) as { url: string }[]) location.url = 'assets/index.html';
  return manifest;
}

function edit(change: (m: Record<string, any>) => void): Record<string, any> {
  const manifest = packaged();
  change(manifest);
  return manifest;
}

it('accepts the source manifest (dev URLs on localhost) and the packaged one', () => {
  expect(validateManifest(source, FILES)).toEqual({ errors: [], warnings: [] });
  expect(validateManifest(packaged(), FILES)).toEqual({ errors: [], warnings: [] });
});

it.each([
  ['missing author', (m: any) => delete m.author, [{ field: 'author', message: 'is required ({"name", "email"})' }]],
  ['author without email', (m: any) => delete m.author.email, [{ field: 'author.email', message: 'is required' }]],
  ['framework 1.0', (m: any) => (m.frameworkVersion = '1.0'), [{ field: 'frameworkVersion', message: 'must be "2.0", the only version Zendesk serves (got "1.0")' }]],
  ['no frameworkVersion', (m: any) => delete m.frameworkVersion, [{ field: 'frameworkVersion', message: 'is required ("2.0")' }]],
  ['noTemplate', (m: any) => (m.noTemplate = true), [{ field: 'noTemplate', message: 'is not allowed in framework 2.0 apps' }]],
  ['locale without translations', (m: any) => (m.defaultLocale = 'de'), [{ field: 'defaultLocale', message: 'translations/de.json is missing from the package (missing_translation_file)' }]],
  [
    'plain http to a remote host',
    (m: any) => (m.location.support.ticket_sidebar.url = 'http://triage.example.com/'),
    [{ field: 'location.support.ticket_sidebar.url', message: '"http://triage.example.com/" must use https (http is only allowed for localhost)' }],
  ],
  [
    'asset missing from the package',
    (m: any) => (m.location.support.nav_bar = 'assets/nav.html'),
    [{ field: 'location.support.nav_bar.url', message: '"assets/nav.html" points to assets/nav.html, which is not in the package' }],
  ],
  [
    'unknown location',
    (m: any) => (m.location.support.ticket_footer = { url: 'assets/index.html' }),
    [{ field: 'location.support.ticket_footer', message: expect.stringMatching(/^unknown Support location "ticket_footer" \(known: top_bar, nav_bar, /) }],
  ],
  [
    'blank URL',
    (m: any) => (m.location.support.background = { flexible: true }),
    [{ field: 'location.support.background.url', message: 'is missing (blank_location_uri): give a URL or set autoLoad to false' }],
  ],
  ['flexible not boolean', (m: any) => (m.location.support.ticket_sidebar.flexible = 'yes'), [{ field: 'location.support.ticket_sidebar.flexible', message: 'must be true or false' }]],
  ['parameter named name', (m: any) => m.parameters.push({ name: 'name', type: 'text' }), [{ field: 'parameters[7] (name).name', message: 'a parameter may not be called "name"' }]],
  [
    'unknown parameter type',
    (m: any) => (m.parameters[2].type = 'integer'),
    [{ field: 'parameters[2] (severity_field_id).type', message: 'must be one of text, checkbox, url, number, multiline, hidden, oauth (got "integer")' }],
  ],
  ['required hidden', (m: any) => m.parameters.push({ name: 'h', type: 'hidden', required: true }), [{ field: 'parameters[7] (h).required', message: 'a hidden parameter cannot be required' }]],
  [
    'scopes on a non-secure parameter',
    (m: any) => (m.parameters[0].scopes = ['header']),
    [{ field: 'parameters[0] (service_url).scopes', message: 'scopes are only allowed on secure parameters' }],
  ],
  [
    'unknown scope',
    (m: any) => (m.parameters[1].scopes = ['jwt']),
    [{ field: 'parameters[1] (shared_secret).scopes', message: 'unknown scope "jwt" (known: header, body, url, jwt_secret_key, jwt_claim, basic_auth_username, basic_auth_password)' }],
  ],
  [
    'two oauth parameters',
    (m: any) => m.parameters.push({ name: 'o1', type: 'oauth' }, { name: 'o2', type: 'oauth' }),
    [{ field: 'parameters', message: 'at most one oauth parameter is allowed (found 2)' }],
  ],
  ['secure oauth', (m: any) => m.parameters.push({ name: 'o', type: 'oauth', secure: true }), [
    { field: 'parameters[7] (o).secure', message: 'an oauth parameter cannot be secure' },
  ]],
  ['duplicate parameter', (m: any) => m.parameters.push({ name: 'service_url', type: 'url' }), [{ field: 'parameters[7] (service_url).name', message: 'duplicate parameter name "service_url"' }]],
  ['domainWhitelist not an array', (m: any) => (m.domainWhitelist = 'triage.example.com'), [{ field: 'domainWhitelist', message: 'must be an array of host names' }]],
])('%s → the exact error', (_, change, errors) => {
  expect(validateManifest(edit(change), FILES).errors).toEqual(errors);
});

it('warns about a secure parameter without scopes, a secret-looking plain text parameter and a secure default', () => {
  const manifest = edit((m) => {
    delete m.parameters[1].scopes;
    m.parameters[1].default = 'x';
    m.parameters.push({ name: 'api_token', type: 'text' });
  });
  expect(validateManifest(manifest, FILES)).toEqual({
    errors: [],
    warnings: [
      { field: 'parameters[1] (shared_secret).scopes', message: 'secure parameter without scopes: it can be placed anywhere in a request; restrict it (e.g. ["jwt_secret_key"])' },
      { field: 'parameters[1] (shared_secret).default', message: 'a default on a secure parameter is ignored' },
      { field: 'parameters[7] (api_token).secure', message: '"api_token" looks like a secret but is not secure: it would be readable in the browser' },
    ],
  });
});

it('reports a package without manifest.json at its root', () => {
  expect(validateManifest(packaged(), ['translations/en.json', 'assets/index.html']).errors).toEqual([
    { field: 'manifest.json', message: 'must be at the root of the package' },
  ]);
});
