import type { Finding } from '../schemas/assessment.js';
import { checklist } from './checklist.js';

const finding = (overrides: Partial<Finding> & Pick<Finding, 'code' | 'check'>): Finding => ({
  severity: 'error',
  message: overrides.code,
  slaImpact: null,
  fix: null,
  ...overrides,
});

describe('checklist', () => {
  it('lists the four checks in fix order and passes a clean ticket', () => {
    expect(checklist([])).toEqual([
      { check: 'organization', status: 'pass', summary: 'Organization: OK' },
      { check: 'form', status: 'pass', summary: 'Form: OK' },
      { check: 'priority', status: 'pass', summary: 'Priority: OK' },
      { check: 'problem_type', status: 'pass', summary: 'Problem type: OK' },
    ]);
  });

  it('fails on an error, warns on a warning, leads with the most severe message and counts the rest', () => {
    const checks = checklist([
      finding({ code: 'priority.urgent_not_entitled', check: 'priority', severity: 'warning', message: 'Urgent not entitled.' }),
      finding({ code: 'form.generic', check: 'form', severity: 'warning', message: 'Generic form.' }),
      finding({ code: 'organization.missing', check: 'organization', message: 'No organization.' }),
      finding({ code: 'priority.missing', check: 'priority', message: 'No priority.' }),
    ]);
    expect(checks).toEqual([
      { check: 'organization', status: 'fail', summary: 'Organization: No organization.' },
      { check: 'form', status: 'warn', summary: 'Form: Generic form.' },
      { check: 'priority', status: 'fail', summary: 'Priority: No priority. (+1 more)' },
      { check: 'problem_type', status: 'pass', summary: 'Problem type: OK' },
    ]);
  });

  it('does not fail a check on an info finding', () => {
    const [, , priority] = checklist([
      finding({ code: 'priority.severity_mismatch', check: 'priority', severity: 'info', message: 'Changed by hand.' }),
    ]);
    expect(priority).toEqual({ check: 'priority', status: 'pass', summary: 'Priority: OK' });
  });
});
