import { GITLAB_POLICY } from '@triage-assistant/shared';
import { parseProblemTypeFieldIds, parseSettings } from './settings';

describe('parseProblemTypeFieldIds', () => {
  it('reads JSON and comma lists, ignoring malformed entries', () => {
    expect(parseProblemTypeFieldIds('{"426148": 360017156474, "334447": "44087827"}')).toEqual({ 426148: 360017156474, 334447: 44087827 });
    expect(parseProblemTypeFieldIds('426148:360017156474, 334447 : 44087827, bad, 1:x')).toEqual({ 426148: 360017156474, 334447: 44087827 });
    expect(parseProblemTypeFieldIds('{not json')).toEqual({});
    expect(parseProblemTypeFieldIds(undefined)).toEqual({});
  });
});

describe('parseSettings', () => {
  it('applies the manifest defaults, with the bundled policy\'s Customer Severity and Preferred Region fields', () => {
    // Region used to default to none here while the service read 360018253094: the sidebar countdown then ran the
    // 24x5 schedule where the service's at-risk list ran the ticket's regional one.
    expect(parseSettings({ service_url: 'https://triage.example.com' })).toEqual({
      severityFieldId: 360020735319,
      problemTypeFieldIds: {},
      regionFieldId: 360018253094,
      composerWarnings: true,
      warningWindowMinutes: 120,
      // Not named: the sidebar reads the fields of the policy it runs (the service's once known).
      namedFields: { severity: false, region: false },
    });
  });

  it('defaults to the same fields as the validated policy the service reads', () => {
    expect(parseSettings({})).toMatchObject({
      severityFieldId: GITLAB_POLICY.fields.customerSeverity,
      regionFieldId: GITLAB_POLICY.fields.preferredRegion,
    });
  });

  it("reads the severity id the manifest used to pre-fill (GitLab's field) as not named, so older installations follow the service's policy", () => {
    // Installations made while the manifest defaulted severity_field_id to GitLab's field still store that id; for
    // GitLab the policy names the same field, for an account on its own POLICY_FILE the policy's field is the right one.
    expect(parseSettings({ severity_field_id: 360020735319 }).namedFields).toEqual({ severity: false, region: false });
    expect(parseSettings({ severity_field_id: '360020735319', region_field_id: '360018253094' }).namedFields).toEqual({ severity: false, region: true });
  });

  it('reads numbers sent as strings and checkbox values', () => {
    expect(parseSettings({ severity_field_id: '42', region_field_id: '7', composer_warnings: false, warning_window_minutes: '30' })).toMatchObject({
      severityFieldId: 42,
      regionFieldId: 7,
      composerWarnings: false,
      warningWindowMinutes: 30,
      namedFields: { severity: true, region: true },
    });
  });
});
