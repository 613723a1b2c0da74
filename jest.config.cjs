// One jest configuration for every workspace: `npx jest` at the root runs them all.
// TypeScript is transformed by @swc/jest (types are checked separately by `tsc --build`).
const esmOnly = [
  'cookie',
  'set-cookie-parser',
  'rettime',
  'until-async',
  '@open-draft/deferred-promise',
  'jose',
  'react-merge-refs', // Garden 9 (react-forms, react-dropdowns) requires this ESM-only package
  '@electric-sql/pglite',
  'content-disposition',
];

const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'commonjs' },
  },
];

/** @param {string} name @param {object} extra */
function project(name, extra = {}) {
  return {
    displayName: name,
    rootDir: `<rootDir>/${name}`,
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/src/**/*.test.tsx', '<rootDir>/test/**/*.test.ts'],
    transform: { '^.+\\.(t|j|mj|cj)sx?$': swc },
    transformIgnorePatterns: [`/node_modules/(?!(?:.+/node_modules/)?(?:${esmOnly.join('|')})/)`],
    moduleNameMapper: {
      '^@triage-assistant/shared$': '<rootDir>/../shared/src/index.ts',
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    testEnvironment: 'node',
    ...extra,
  };
}

module.exports = {
  projects: [
    project('shared'),
    project('service'),
    project('scripts'),
    project('zendesk-app', {
      testEnvironment: 'jest-fixed-jsdom',
      setupFilesAfterEnv: ['<rootDir>/src/test/setup.ts'],
      // The app imports shared by deep path too (see zendesk-app/src/domain/shared-core.ts).
      moduleNameMapper: {
        '^@triage-assistant/shared$': '<rootDir>/../shared/src/index.ts',
        '^@triage-assistant/shared/src/(.*)\\.js$': '<rootDir>/../shared/src/$1',
        '^@triage-assistant/shared/src/(.*\\.json)$': '<rootDir>/../shared/src/$1',
        '^(\\.{1,2}/.*)\\.js$': '$1',
      },
    }),
  ],
};
