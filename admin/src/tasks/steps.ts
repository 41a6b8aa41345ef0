/**
 * What the console knows of particular workflow steps (task `kind`s). The API may name a step's
 * accepted decisions on the task (`allowedDecisions`); until it does, this table says them for the
 * steps that do not accept all three, with the wording those decisions have there.
 */
import type { Decision, Task } from '../types.ts';

interface StepWording {
  /** the decisions the step accepts */
  decisions: Decision[];
  /** translation keys of the buttons, by decision */
  labels: Partial<Record<Decision, string>>;
  /** translation key of the comment's label, by decision */
  comment?: Partial<Record<Decision, string>>;
}

const STEPS: Record<string, StepWording> = {
  // the operator revises a returned proposal: APPROVE resubmits (a comment replaces the reason),
  // REJECT withdraws it (rules/return-to-poverty.ts allowedDecisions('revise'))
  RETURN_TO_POVERTY_REVISE: {
    decisions: ['APPROVE', 'REJECT'],
    labels: { APPROVE: 'app.task.revise.APPROVE', REJECT: 'app.task.revise.REJECT' },
    comment: { APPROVE: 'app.task.revise.comment' },
  },
};

export function decisionsFor(task: Task): Decision[] {
  return task.allowedDecisions ?? STEPS[task.kind]?.decisions ?? ['APPROVE', 'REJECT', 'RETURN'];
}

/** Translation key of a decision's button on this task. */
export function decisionLabel(task: Task, decision: Decision): string {
  return STEPS[task.kind]?.labels[decision] ?? `app.task.actions.${decision}`;
}

/** Translation key of the comment's label, or null for the default one. */
export function commentLabel(task: Task, decision: Decision): string | null {
  return STEPS[task.kind]?.comment?.[decision] ?? null;
}

/** Whether the step words this decision its own way (its confirmation then names the button). */
export function hasOwnWording(task: Task, decision: Decision): boolean {
  return STEPS[task.kind]?.labels[decision] !== undefined;
}
