import { describe, expect, it } from 'vitest';
import { LEAD_ACTIONS, LEAD_STEPS, possibleSteps, stageAfter, stepFor, stepPossible } from './stages.js';

const everything = () => true;

describe('the lead state machine (one table)', () => {
  it('each step from where the 办法 allows it, to where it leads', () => {
    expect(
      LEAD_ACTIONS.map((a) => [
        a,
        LEAD_STEPS[a].from.join('|'),
        stageAfter(a, LEAD_STEPS[a].from[0]!, false),
      ]),
    ).toEqual([
      ['respond', 'registered', 'responded'],
      ['assess', 'responded', 'assessed'],
      ['feedback', 'assessed', 'feedback_given'],
      ['dispatch', 'feedback_given|following', 'following'],
      ['progress', 'following', 'following'],
      ['sign', 'feedback_given|following', 'signed'],
      ['close', 'registered|responded|assessed|feedback_given|following', 'closed'],
      ['supplement', 'responded|assessed|feedback_given|following', 'responded'],
    ]);
  });
  it('a declined lead is closed by its feedback and can neither be dispatched nor signed', () => {
    expect(stageAfter('feedback', 'assessed', true)).toBe('closed');
    expect(stepPossible('dispatch', 'feedback_given', true)).toBe(false);
    expect(stepPossible('sign', 'feedback_given', true)).toBe(false);
    expect(possibleSteps('feedback_given', true, everything)).toEqual(['close']);
    expect(possibleSteps('feedback_given', false, everything)).toEqual([
      'dispatch',
      'sign',
      'close',
      'supplement',
    ]);
  });
  it('who may take what: a county holding progress and sign on a followed lead', () => {
    const county = (p: string) => p === 'lead.progress' || p === 'lead.sign';
    expect(possibleSteps('following', false, county)).toEqual(['progress', 'sign']);
    expect(possibleSteps('registered', false, county)).toEqual([]);
    expect(possibleSteps('signed', false, everything)).toEqual([]);
  });
  it('my work: the step that answers the clock a lead waits for', () => {
    expect(stepFor('registered', 'response')).toBe('respond');
    expect(stepFor('responded', 'assessment')).toBe('assess');
    expect(stepFor('assessed', 'feedback')).toBe('feedback');
    expect(stepFor('following', 'progress')).toBe('progress');
  });
  it('the clocks: each step completes the one it answers and starts the next', () => {
    expect(LEAD_ACTIONS.map((a) => [a, LEAD_STEPS[a].completes, LEAD_STEPS[a].starts])).toEqual([
      ['respond', 'response', 'assessment'],
      ['assess', 'assessment', 'feedback'],
      ['feedback', 'feedback', null],
      ['dispatch', null, 'progress'],
      ['progress', 'progress', 'progress'],
      ['sign', 'progress', null],
      ['close', 'waiting', null],
      ['supplement', null, null],
    ]);
  });
});
