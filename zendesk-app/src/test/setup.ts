import '@testing-library/jest-dom';
import { toHaveNoViolations } from 'jest-axe';

expect.extend(toHaveNoViolations);

// Garden's theming reads window.matchMedia at import time; jsdom does not implement it.
if (typeof window !== 'undefined' && !window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
}

// The sidebar keeps the service's policy per page (domain/policy-sync.ts): each test starts on a new page.
import { resetPolicySync } from '../domain/policy-sync';
import { resetFirstAssessment } from '../ticket/first-assessment';
afterEach(() => {
  resetPolicySync();
  resetFirstAssessment();
  // Some suites of this project run in node (the package tools): no window there.
  if (typeof window !== 'undefined') window.localStorage.clear();
});
