import { describe, expect, it } from 'vitest';
import type { StepStatus } from '../sla.js';
import { type NoticeLead, stepNotice } from './stepNotice.js';

const sla = (
  over: Partial<Record<'response' | 'assessment' | 'feedback' | 'progress', StepStatus>> = {},
) => ({
  response: { status: over.response ?? 'pending' },
  assessment: { status: over.assessment ?? 'not_started' },
  feedback: { status: over.feedback ?? 'not_started' },
  progress: { status: over.progress ?? 'not_started' },
});
const lead = (l: Partial<NoticeLead>): NoticeLead => ({
  stage: 'registered',
  isMajor: false,
  waiting: null,
  sla: sla(),
  ...l,
});

describe('the notice after a lead step', () => {
  it('says what happened, whether on time, and what is next by when', () => {
    const before = lead({ waiting: { step: 'response', dueDate: '2024-09-29' } });
    const after = lead({
      stage: 'responded',
      waiting: { step: 'assessment', dueDate: '2024-10-09' },
      sla: sla({ response: 'met', assessment: 'pending' }),
    });
    expect(stepNotice('respond', before, after, 'zh')).toBe(
      '响应已记录，按时完成。下一步：研判，2024-10-09 前',
    );
    expect(stepNotice('respond', before, { ...after, isMajor: true }, 'en')).toBe(
      'Responded, on time. Next: Assessment (major lead), by 2024-10-09',
    );
  });

  it('a late step says so; feedback without a clock next points to the dispatch', () => {
    const before = lead({ stage: 'assessed', waiting: { step: 'feedback', dueDate: '2024-10-16' } });
    const after = lead({
      stage: 'feedback_given',
      sla: sla({ response: 'met', assessment: 'met', feedback: 'met_late' }),
    });
    expect(stepNotice('feedback', before, after, 'zh')).toBe(
      '反馈已记录，超时完成。下一步：分派到县（市、区）跟进',
    );
  });

  it('a signing points to the project; a closing says the lead is closed; a progress report names the next', () => {
    const following = lead({ stage: 'following', waiting: { step: 'progress', dueDate: '2024-11-01' } });
    expect(
      stepNotice('sign', following, lead({ stage: 'signed', sla: sla({ progress: 'met' }) }), 'zh'),
    ).toBe('签约已记录，按时完成。已转为签约项目，后续在项目中登记动工、投产');
    expect(
      stepNotice('close', following, lead({ stage: 'closed', sla: sla({ progress: 'met_late' }) }), 'zh'),
    ).toBe('关闭已记录，超时完成。线索已关闭');
    const next = lead({
      stage: 'following',
      waiting: { step: 'progress', dueDate: '2024-11-15' },
      sla: sla({ progress: 'pending' }),
    });
    expect(stepNotice('progress', following, next, 'zh')).toBe(
      '进展报告已记录。下一步：进展报告，2024-11-15 前',
    );
    expect(stepNotice('dispatch', lead({ stage: 'feedback_given' }), next, 'zh')).toBe(
      '分派已记录。下一步：进展报告，2024-11-15 前',
    );
  });
});
