import { describe, expect, it } from 'vitest';
import { activityStates } from '@renda/db';
import { canMove, deletableStates, editableStates, moves, targetState } from './activities.flow.ts';

describe('the activity flow', () => {
  it('submits from draft or returned, verifies and returns from submitted, publishes from verified', () => {
    const from = (move: keyof typeof moves) => activityStates.filter((s) => canMove(move, s));
    expect(from('submit')).toEqual(['draft', 'returned']);
    expect(from('verify')).toEqual(['submitted']);
    expect(from('return')).toEqual(['submitted']);
    expect(from('publish')).toEqual(['verified']);
  });

  it('publishes on verify unless the congress turned it off', () => {
    expect(targetState('verify', true)).toBe('published');
    expect(targetState('verify', false)).toBe('verified');
    expect(targetState('return', true)).toBe('returned');
    expect(targetState('submit', false)).toBe('submitted');
    expect(targetState('publish', false)).toBe('published');
  });

  it('needs the verify ability to return, and marks only staff moves as reviews', () => {
    expect(moves.return.action).toBe('verify');
    expect(Object.entries(moves).filter(([, m]) => m.review).map(([k]) => k)).toEqual(['verify', 'return', 'publish']);
  });

  it('edits drafts and returned records and deletes only drafts', () => {
    expect(editableStates).toEqual(['draft', 'returned']);
    expect(deletableStates).toEqual(['draft']);
  });
});
