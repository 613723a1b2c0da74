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
  it('applies the manifest defaults', () => {
    expect(parseSettings({ service_url: 'https://triage.example.com' })).toEqual({
      severityFieldId: 360020735319,
      problemTypeFieldIds: {},
      regionFieldId: null,
      composerWarnings: true,
      warningWindowMinutes: 120,
    });
  });

  it('reads numbers sent as strings and checkbox values', () => {
    expect(parseSettings({ severity_field_id: '42', region_field_id: '7', composer_warnings: false, warning_window_minutes: '30' })).toMatchObject({
      severityFieldId: 42,
      regionFieldId: 7,
      composerWarnings: false,
      warningWindowMinutes: 30,
    });
  });
});
