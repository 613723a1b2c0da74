/**
 * Offline checks of a ZAF v2 app package, following the rules Zendesk's validator (zendesk_apps_support, behind
 * `zcli apps:validate`) enforces on manifest.json (ZENDESK.md §1.1). zcli can only validate against an account;
 * this runs in CI and in the offline workspace. Pure: give it the parsed manifest and the package's file paths.
 */

export interface Issue {
  /** The manifest field (dotted path) or package file the issue is about. */
  field: string;
  message: string;
}

export interface ValidationResult {
  errors: Issue[];
  warnings: Issue[];
}

export const SUPPORT_LOCATIONS = [
  'top_bar',
  'nav_bar',
  'ticket_sidebar',
  'new_ticket_sidebar',
  'user_sidebar',
  'organization_sidebar',
  'background',
  'modal',
  'ticket_editor',
  'system_top_bar',
  'custom_object_record_sidebar',
] as const;
export const LOCATION_OPTIONS = ['url', 'flexible', 'autoLoad', 'autoHide', 'signed', 'size', 'objectTypes', 'legacy'] as const;
export const PARAMETER_TYPES = ['text', 'checkbox', 'url', 'number', 'multiline', 'hidden', 'oauth'] as const;
export const PARAMETER_FIELDS = ['name', 'type', 'required', 'secure', 'default', 'scopes', 'allowed_domain'] as const;
export const SECURE_SCOPES = ['header', 'body', 'url', 'jwt_secret_key', 'jwt_claim', 'basic_auth_username', 'basic_auth_password'] as const;
const SECRET_LIKE = /token|key|password|secret/i;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkLocationUrl(field: string, url: string, files: ReadonlySet<string>, errors: Issue[]): void {
  if (url.includes('{{setting.')) return; // resolved at runtime from a setting: Zendesk does not check it either
  if (url.startsWith('assets/')) {
    const path = url.split(/[?#]/)[0]!;
    if (!files.has(path)) errors.push({ field, message: `"${url}" points to ${path}, which is not in the package` });
    return;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    errors.push({ field, message: `"${url}" is neither an absolute https URL nor a package path starting with assets/` });
    return;
  }
  const local = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1';
  if (parsed.protocol === 'http:' && !local) {
    errors.push({ field, message: `"${url}" must use https (http is only allowed for localhost)` });
  } else if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    errors.push({ field, message: `"${url}" must be an https URL` });
  }
}

function checkLocations(manifest: Json, files: ReadonlySet<string>, errors: Issue[]): void {
  const location = manifest['location'];
  if (location === undefined) return;
  if (!isObject(location)) {
    errors.push({ field: 'location', message: 'must be an object such as {"support": {"ticket_sidebar": {...}}}' });
    return;
  }
  for (const [product, locations] of Object.entries(location)) {
    if (!isObject(locations)) {
      errors.push({ field: `location.${product}`, message: 'must be an object of location names' });
      continue;
    }
    for (const [name, value] of Object.entries(locations)) {
      const field = `location.${product}.${name}`;
      if (product === 'support' && !(SUPPORT_LOCATIONS as readonly string[]).includes(name)) {
        errors.push({ field, message: `unknown Support location "${name}" (known: ${SUPPORT_LOCATIONS.join(', ')})` });
        continue;
      }
      const options: Json | null = typeof value === 'string' ? { url: value } : isObject(value) ? value : null;
      if (options === null) {
        errors.push({ field, message: 'must be a URL string or an options object' });
        continue;
      }
      for (const key of Object.keys(options)) {
        if (!(LOCATION_OPTIONS as readonly string[]).includes(key)) {
          errors.push({ field: `${field}.${key}`, message: `unknown location option (known: ${LOCATION_OPTIONS.join(', ')})` });
        }
      }
      for (const key of ['flexible', 'autoLoad', 'autoHide', 'signed'] as const) {
        if (key in options && typeof options[key] !== 'boolean') errors.push({ field: `${field}.${key}`, message: 'must be true or false' });
      }
      const url = options['url'];
      if (url === undefined || url === '') {
        if (options['autoLoad'] !== false) errors.push({ field: `${field}.url`, message: 'is missing (blank_location_uri): give a URL or set autoLoad to false' });
      } else if (typeof url !== 'string') {
        errors.push({ field: `${field}.url`, message: 'must be a string' });
      } else {
        checkLocationUrl(`${field}.url`, url, files, errors);
      }
    }
  }
}

function checkParameters(manifest: Json, errors: Issue[], warnings: Issue[]): void {
  const parameters = manifest['parameters'];
  if (parameters === undefined) return;
  if (!Array.isArray(parameters)) {
    errors.push({ field: 'parameters', message: 'must be an array' });
    return;
  }
  const names = new Set<string>();
  let oauth = 0;
  parameters.forEach((parameter: unknown, i) => {
    const field = `parameters[${i}]`;
    if (!isObject(parameter)) {
      errors.push({ field, message: 'must be an object' });
      return;
    }
    const name = parameter['name'];
    const label = typeof name === 'string' && name ? `${field} (${name})` : field;
    if (typeof name !== 'string' || name === '') errors.push({ field: `${field}.name`, message: 'is required' });
    else {
      if (name === 'name') errors.push({ field: `${label}.name`, message: 'a parameter may not be called "name"' });
      if (names.has(name)) errors.push({ field: `${label}.name`, message: `duplicate parameter name "${name}"` });
      names.add(name);
    }
    for (const key of Object.keys(parameter)) {
      if (!(PARAMETER_FIELDS as readonly string[]).includes(key)) {
        errors.push({ field: `${label}.${key}`, message: `unknown parameter field (known: ${PARAMETER_FIELDS.join(', ')})` });
      }
    }
    const type = parameter['type'];
    if (typeof type !== 'string' || !(PARAMETER_TYPES as readonly string[]).includes(type)) {
      errors.push({ field: `${label}.type`, message: `must be one of ${PARAMETER_TYPES.join(', ')} (got ${JSON.stringify(type)})` });
    }
    const secure = parameter['secure'] === true;
    for (const key of ['required', 'secure'] as const) {
      if (key in parameter && typeof parameter[key] !== 'boolean') errors.push({ field: `${label}.${key}`, message: 'must be true or false' });
    }
    if (type === 'hidden' && parameter['required'] === true) errors.push({ field: `${label}.required`, message: 'a hidden parameter cannot be required' });
    if (type === 'oauth') {
      oauth++;
      if (secure) errors.push({ field: `${label}.secure`, message: 'an oauth parameter cannot be secure' });
    }
    const scopes = parameter['scopes'];
    if (scopes !== undefined) {
      if (!secure) errors.push({ field: `${label}.scopes`, message: 'scopes are only allowed on secure parameters' });
      if (!Array.isArray(scopes)) errors.push({ field: `${label}.scopes`, message: 'must be an array' });
      else {
        for (const scope of scopes) {
          if (!(SECURE_SCOPES as readonly unknown[]).includes(scope)) {
            errors.push({ field: `${label}.scopes`, message: `unknown scope ${JSON.stringify(scope)} (known: ${SECURE_SCOPES.join(', ')})` });
          }
        }
      }
    } else if (secure) {
      warnings.push({ field: `${label}.scopes`, message: 'secure parameter without scopes: it can be placed anywhere in a request; restrict it (e.g. ["jwt_secret_key"])' });
    }
    if (!secure && type === 'text' && typeof name === 'string' && SECRET_LIKE.test(name)) {
      warnings.push({ field: `${label}.secure`, message: `"${name}" looks like a secret but is not secure: it would be readable in the browser` });
    }
    if ('default' in parameter && (secure || type === 'hidden')) {
      warnings.push({ field: `${label}.default`, message: `a default on a ${secure ? 'secure' : 'hidden'} parameter is ignored` });
    }
  });
  if (oauth > 1) errors.push({ field: 'parameters', message: `at most one oauth parameter is allowed (found ${oauth})` });
}

/** Validates a manifest against the package's files (paths relative to the package root, `/`-separated). */
export function validateManifest(manifest: unknown, packageFiles: Iterable<string>): ValidationResult {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const files = new Set(packageFiles);
  if (!isObject(manifest)) return { errors: [{ field: 'manifest.json', message: 'must be a JSON object' }], warnings };

  const author = manifest['author'];
  if (!isObject(author)) errors.push({ field: 'author', message: 'is required ({"name", "email"})' });
  else {
    if (typeof author['name'] !== 'string' || !author['name']) errors.push({ field: 'author.name', message: 'is required' });
    if (typeof author['email'] !== 'string' || !author['email']) errors.push({ field: 'author.email', message: 'is required' });
  }
  const locale = manifest['defaultLocale'];
  if (typeof locale !== 'string' || locale === '') errors.push({ field: 'defaultLocale', message: 'is required (e.g. "en")' });
  else if (!files.has(`translations/${locale}.json`)) {
    errors.push({ field: 'defaultLocale', message: `translations/${locale}.json is missing from the package (missing_translation_file)` });
  }
  const requirementsOnly = manifest['requirementsOnly'] === true || manifest['marketingOnly'] === true;
  if (!requirementsOnly) {
    if (manifest['frameworkVersion'] === undefined) errors.push({ field: 'frameworkVersion', message: 'is required ("2.0")' });
    else if (manifest['frameworkVersion'] !== '2.0') {
      errors.push({ field: 'frameworkVersion', message: `must be "2.0", the only version Zendesk serves (got ${JSON.stringify(manifest['frameworkVersion'])})` });
    }
  }
  if ('noTemplate' in manifest) errors.push({ field: 'noTemplate', message: 'is not allowed in framework 2.0 apps' });
  for (const key of ['private', 'signedUrls'] as const) {
    if (key in manifest && typeof manifest[key] !== 'boolean') errors.push({ field: key, message: 'must be true or false' });
  }
  const whitelist = manifest['domainWhitelist'];
  if (whitelist !== undefined && (!Array.isArray(whitelist) || whitelist.some((d) => typeof d !== 'string' || d === ''))) {
    errors.push({ field: 'domainWhitelist', message: 'must be an array of host names' });
  }
  const hasSecure = Array.isArray(manifest['parameters']) && manifest['parameters'].some((p) => isObject(p) && p['secure'] === true);
  if (hasSecure && (!Array.isArray(whitelist) || whitelist.length === 0)) {
    warnings.push({ field: 'domainWhitelist', message: 'is empty: requests using secure parameters are only sent to whitelisted hosts' });
  }
  if (!requirementsOnly && manifest['location'] === undefined) errors.push({ field: 'location', message: 'is required for an app with a UI' });
  checkLocations(manifest, files, errors);
  checkParameters(manifest, errors, warnings);
  if (!files.has('manifest.json')) errors.push({ field: 'manifest.json', message: 'must be at the root of the package' });
  return { errors, warnings };
}

/** One line per issue, for the CLI. */
export function formatIssues(result: ValidationResult): string[] {
  return [
    ...result.errors.map((i) => `error   ${i.field}: ${i.message}`),
    ...result.warnings.map((i) => `warning ${i.field}: ${i.message}`),
  ];
}
