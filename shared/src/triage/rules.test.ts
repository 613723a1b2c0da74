import { GITLAB_POLICY } from '../policy/index.js';
import { formRequiresOrganization } from './rules.js';

const SELF_MANAGED = 426148;
const LNR = 360000071293;
const INTERNAL_REQUEST = 12829030177948;
const NOT_IN_POLICY = 999;

describe('formRequiresOrganization', () => {
  it('needs an organization on entitlement forms only (DOMAIN §2: Self-Managed yes, L&R no)', () => {
    expect(formRequiresOrganization(GITLAB_POLICY, SELF_MANAGED, false)).toBe(true);
    expect(formRequiresOrganization(GITLAB_POLICY, LNR, true)).toBe(false);
  });

  it('never needs one on an internal form, even one marked as requiring entitlement', () => {
    const policy = {
      ...GITLAB_POLICY,
      forms: GITLAB_POLICY.forms.map((f) => (f.id === INTERNAL_REQUEST ? { ...f, requiresEntitlement: true } : f)),
    };
    expect(formRequiresOrganization(policy, INTERNAL_REQUEST, true)).toBe(false);
  });

  it('answers `ifUnknown` for a form the policy does not list, no form, or no policy', () => {
    expect(formRequiresOrganization(GITLAB_POLICY, NOT_IN_POLICY, false)).toBe(false);
    expect(formRequiresOrganization(GITLAB_POLICY, NOT_IN_POLICY, true)).toBe(true);
    expect(formRequiresOrganization(GITLAB_POLICY, null, true)).toBe(true);
    expect(formRequiresOrganization(undefined, SELF_MANAGED, true)).toBe(true);
    expect(formRequiresOrganization(undefined, LNR, false)).toBe(false);
  });
});
