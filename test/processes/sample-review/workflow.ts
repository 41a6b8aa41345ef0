/**
 * A small test-only process on the kit (its own files plus one registration line in the test): a
 * township review with a scored form, one re-verification step per objection waiting beside it, and
 * a county confirmation that can send the review back (a new version). It exercises every property
 * of the kit without any activity of its own.
 */
import { allHandlersFinished, ApplicationFailure, condition, defineQuery, setHandler } from '@temporalio/workflow';
import type { ActorRef } from '../../../activities/audit.ts';
import { HumanSteps, type DecisionInput, type StepDefinition } from '../../../workflows/kit/human-steps.ts';
import { cancellable } from '../../../workflows/kit/process.ts';

export interface SampleReviewInput {
  subjectId: string;
  /** a village code */
  regionCode: string;
  objections: string[];
  dueInMs: number;
  escalateAfterMs: number;
  /** the lowest score an approval accepts (the step's eligibility check) */
  passScore: number;
  fourEyes?: boolean;
  proposer: ActorRef;
}

export interface SampleReviewResult {
  outcome: 'approved' | 'rejected';
  version: number;
  rechecks: Record<string, string>;
  score: number | null;
}

export const sampleReviewStateQuery = defineQuery<{ stage: string; version: number }>('sampleReviewState');

export const SAMPLE_STEPS = {
  review: {
    key: 'review',
    kind: 'SAMPLE_REVIEW',
    labels: { zh: { step: '样例审核' }, en: { step: 'Sample review' } },
    assignee: { role: 'SUPERVISOR', level: 'TOWNSHIP' },
    decisions: ['APPROVE', 'REJECT'],
    form: [
      { name: 'score', type: 'number', label: { zh: '得分', en: 'Score' }, required: true, requiredFor: ['APPROVE'], min: 0, max: 100 },
      { name: 'note', type: 'text', label: { zh: '备注', en: 'Note' }, max: 20 },
    ],
  },
  recheck: {
    key: 'recheck',
    kind: 'SAMPLE_RECHECK',
    labels: { zh: { step: '异议复核', decisions: { APPROVE: '维持', REJECT: '采纳异议' } }, en: { step: 'Objection re-check', decisions: { APPROVE: 'Dismiss', REJECT: 'Uphold' } } },
    assignee: { role: 'EVALUATOR', level: 'COUNTY' },
    decisions: ['APPROVE', 'REJECT'],
    commentRequiredFor: [],
    escalateTo: { role: 'OFFICE', level: 'PROVINCE' },
  },
  confirm: {
    key: 'confirm',
    kind: 'SAMPLE_CONFIRM',
    labels: { zh: { step: '样例确认' }, en: { step: 'Sample confirmation' } },
    assignee: { role: 'SUPERVISOR', level: 'COUNTY' },
    decisions: ['APPROVE', 'REJECT', 'RETURN'],
  },
} satisfies Record<string, StepDefinition>;

export async function sampleReviewWorkflow(input: SampleReviewInput): Promise<SampleReviewResult> {
  const steps = new HumanSteps({ processType: 'SAMPLE_REVIEW', processId: input.subjectId, fourEyes: input.fourEyes });
  const state = { stage: 'review', version: 1 };
  setHandler(sampleReviewStateQuery, () => state);
  const rechecks: Record<string, string> = {};
  let score: number | null = null;
  const open = (def: StepDefinition, label: string) => ({
    def,
    regionCode: input.regionCode,
    subject: { type: 'SAMPLE', id: input.subjectId, label },
    version: state.version,
    snapshot: { subjectId: input.subjectId, version: state.version },
    dueInMs: input.dueInMs,
    escalateAfterMs: input.escalateAfterMs,
  });
  const checkScore = async (d: DecisionInput) => {
    if (d.decision === 'APPROVE' && Number(d.payload?.score) < input.passScore) {
      throw ApplicationFailure.create({ type: 'NOT_ELIGIBLE', message: `score ${d.payload?.score} is under ${input.passScore}`, nonRetryable: true });
    }
  };
  const outcome = await cancellable(
    async () => {
      // every objection is re-checked while the review waits beside it
      const pending = input.objections.map(async (o) => {
        const d = await steps.run(open(SAMPLE_STEPS.recheck, `异议 ${o}`));
        rechecks[o] = d.decision;
      });
      // steps waiting beside the main line: on cancellation they reject while nobody awaits them yet
      for (const p of pending) p.catch(() => undefined);
      for (;;) {
        state.stage = 'review';
        const review = await steps.run({ ...open(SAMPLE_STEPS.review, `样例 ${input.subjectId}`), check: checkScore });
        if (review.decision === 'REJECT') return 'rejected' as const;
        score = Number(review.payload?.score);
        await Promise.all(pending);
        state.stage = 'confirm';
        const confirm = await steps.run(open(SAMPLE_STEPS.confirm, `样例 ${input.subjectId}`));
        if (confirm.decision === 'APPROVE') return 'approved' as const;
        if (confirm.decision === 'REJECT') return 'rejected' as const;
        state.version += 1; // RETURN: the review again, as a new version
      }
    },
    async () => undefined,
  );
  await condition(allHandlersFinished);
  return { outcome, version: state.version, rechecks, score };
}
