import { pendingChangeFrom } from './pending-change';

describe('pendingChangeFrom', () => {
  it('reads what the agent is about to save', () => {
    expect(
      pendingChangeFrom({ 'ticket.form.id': 426148, 'ticket.priority': 'high', 'ticket.status': 'pending', 'comment.text': 'Hi', 'comment.type': 'publicReply' }),
    ).toEqual({ formId: 426148, priority: 'high', status: 'pending', comment: { public: true, text: 'Hi' } });
  });

  it('tells a cleared priority (ZAF answers "") from one it could not read (left out: the guard says nothing)', () => {
    expect(pendingChangeFrom({ 'ticket.priority': '' }).priority).toBeNull();
    expect(pendingChangeFrom({ 'ticket.priority': null }).priority).toBeNull();
    expect(pendingChangeFrom({ 'ticket.priority': '-' }).priority).toBeNull();
    expect('priority' in pendingChangeFrom({})).toBe(false);
    expect('priority' in pendingChangeFrom({ 'ticket.priority': 'blocker' })).toBe(false);
  });
});
