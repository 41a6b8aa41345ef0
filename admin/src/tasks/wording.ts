/**
 * How a task is worded on screen, read from what the task row carries (KIT-API.md), so a new
 * process needs no change here: the step and per-step decision wording from `labels[locale]`, the
 * process name from `processes.<processType>`, the title composed as "step · version · subject" (the version worded, and only from the second). A
 * field the API does not send falls back: labels → the stored (Chinese) title or the kind,
 * allowedDecisions → all three, commentRequiredFor → every decision but APPROVE.
 */
import { useLocaleState, useTranslate } from 'react-admin';
import { DECISIONS, type FormField, type Locale, type StepLabels, type Task, type TaskHistoryEntry } from '../types.ts';

const asLocale = (locale: string): Locale => (locale === 'en' ? 'en' : 'zh');

function stepLabels(task: Pick<Task, 'labels'>, locale: Locale): StepLabels | null {
  return task.labels?.[locale] ?? task.labels?.zh ?? null;
}

export function decisionsFor(task: Pick<Task, 'allowedDecisions'>): string[] {
  return task.allowedDecisions?.length ? task.allowedDecisions : [...DECISIONS];
}

export function commentRequired(task: Pick<Task, 'commentRequiredFor'>, decision: string | null | undefined): boolean {
  if (!decision) return false;
  return task.commentRequiredFor ? task.commentRequiredFor.includes(decision) : decision !== 'APPROVE';
}

/** Whether a form field must be filled in for this decision (`requiredFor` defaults to every allowed decision). */
export function fieldRequired(field: FormField, decision: string | null | undefined, allowed: string[]): boolean {
  if (!field.required || !decision) return false;
  return (field.requiredFor ?? allowed).includes(decision);
}

export interface TaskWording {
  locale: Locale;
  /** "返贫录入乡镇审核 · 第 2 版 · 张三 (4312220010010001)" (no version when it is the first); the stored title when the labels are missing */
  title(task: Task): string;
  /** the step's own wording (history rows: "step · 第 2 版") */
  step(task: Pick<Task, 'labels' | 'title' | 'kind'>): string;
  historyTitle(entry: TaskHistoryEntry): string;
  process(processType: string | null | undefined): string;
  /** the button of a decision on this task: the step's own wording, else the generic one */
  decision(task: Pick<Task, 'labels'>, decision: string): string;
  /**
   * What was done, for a toast or a result list: the console's own words for a known step
   * (`app.task.done.<processType>.<step>.<decision>`, e.g. 已重新提交 / Resubmitted), else the
   * step's wording of the decision, else the generic one. A resubmission never reads as an approval.
   */
  done(task: Pick<Task, 'labels' | 'processType' | 'step'>, decision: string): string;
  /** whether the step words this decision its own way */
  hasOwnWording(task: Pick<Task, 'labels'>, decision: string): boolean;
  /** a localized label of a form field, option or unit */
  text(value: Partial<Record<Locale, string>> | null | undefined): string;
}

export function useTaskWording(): TaskWording {
  const translate = useTranslate();
  const [rawLocale] = useLocaleState();
  const locale = asLocale(rawLocale);
  // a first version goes without saying; a resubmitted one is worded ("第 2 版", "version 2")
  const versionOf = (version: number | undefined) => (version !== undefined && version > 1 ? translate('app.task.version', { version }) : null);
  const own = (task: Pick<Task, 'labels'>, decision: string) => stepLabels(task, locale)?.decisions?.[decision];
  const wording: TaskWording = {
    locale,
    title(task) {
      const step = stepLabels(task, locale)?.step;
      if (!step) return task.title;
      return [step, versionOf(task.version), task.subjectLabel || null].filter(Boolean).join(' · ');
    },
    step(task) {
      return stepLabels(task, locale)?.step ?? task.title ?? task.kind;
    },
    historyTitle(entry) {
      const step = stepLabels(entry, locale)?.step;
      if (!step) return entry.title;
      const version = versionOf(entry.version);
      return version ? `${step} · ${version}` : step;
    },
    process(processType) {
      if (!processType) return '';
      return translate(`processes.${processType}`, { _: processType });
    },
    decision(task, decision) {
      return own(task, decision) ?? translate(`app.task.actions.${decision}`, { _: decision });
    },
    done(task, decision) {
      const own = task.processType && task.step ? translate(`app.task.done.${task.processType}.${task.step}.${decision}`, { _: '' }) : '';
      if (own) return own;
      if (wording.hasOwnWording(task, decision)) return translate('app.task.decidedAction', { action: wording.decision(task, decision) });
      return translate(`app.task.decided.${decision}`, { _: wording.decision(task, decision) });
    },
    hasOwnWording(task, decision) {
      return own(task, decision) !== undefined;
    },
    text(value) {
      if (!value) return '';
      return value[locale] ?? value.zh ?? value.en ?? '';
    },
  };
  return wording;
}
