import type { ActivityState } from '@renda/db';
import type { Action } from '@renda/policy';
import type { MessageKey } from '../../platform/i18n.ts';

/** The moves of an activity after it was recorded. */
export type Transition = 'submit' | 'verify' | 'return' | 'publish';

interface Move {
  /** States the move starts from; any other state answers 409. */
  from: readonly ActivityState[];
  /** The ability it needs: returning is part of verifying, so it needs `verify`. */
  action: Extract<Action, 'submit' | 'verify' | 'publish'>;
  /** Whether it is a reviewer's act (sets reviewed_at and reviewed_by). */
  review: boolean;
  /** The 409 message when the activity is in another state. */
  wrongState: MessageKey;
}

export const moves: Record<Transition, Move> = {
  submit: { from: ['draft', 'returned'], action: 'submit', review: false, wrongState: 'activity.cannotSubmit' },
  verify: { from: ['submitted'], action: 'verify', review: true, wrongState: 'activity.cannotVerify' },
  return: { from: ['submitted'], action: 'verify', review: true, wrongState: 'activity.cannotReturn' },
  publish: { from: ['verified'], action: 'publish', review: true, wrongState: 'activity.cannotPublish' },
};

/** A deputy (or staff for them) may change an activity only before it is under review or after it came back. */
export const editableStates: readonly ActivityState[] = ['draft', 'returned'];
/** Only a record nobody has seen yet may disappear; anything submitted stays for the audit trail. */
export const deletableStates: readonly ActivityState[] = ['draft'];

/**
 * The state a move leads to. Verifying publishes at once when the congress chose
 * `publishOnVerify` (the default), so staff do not have to touch every record twice.
 * @example targetState('verify', true) // 'published'
 */
export function targetState(move: Transition, publishOnVerify: boolean): ActivityState {
  switch (move) {
    case 'submit':
      return 'submitted';
    case 'verify':
      return publishOnVerify ? 'published' : 'verified';
    case 'return':
      return 'returned';
    case 'publish':
      return 'published';
  }
}

/**
 * Whether `move` may start from `state`.
 * @example canMove('verify', 'draft') // false
 */
export function canMove(move: Transition, state: ActivityState): boolean {
  return moves[move].from.includes(state);
}
