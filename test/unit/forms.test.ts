import { describe, expect, it } from 'vitest';
import { validatePayload, type FormSchema } from '../../rules/forms.ts';

const form: FormSchema = [
  { name: 'appraisalDate', type: 'date', required: true, label: { zh: '日期', en: 'Date' } },
  { name: 'participants', type: 'number', required: true, min: 1, label: { zh: '人数', en: 'Participants' } },
];

describe('step forms (rules/forms.ts)', () => {
  it('accepts a calendar date and refuses what is not one, naming the field', () => {
    expect(validatePayload(form, 'APPROVE', { appraisalDate: '2016-11-20', participants: 3 })).toEqual({ ok: true, value: { appraisalDate: '2016-11-20', participants: 3 } });
    expect(validatePayload(form, 'APPROVE', { appraisalDate: '2016-02-29', participants: 3 }).ok).toBe(true); // leap year
    for (const bad of ['2015-02-29', '2016-13-01', '2016-04-31', '2016-4-3', '20161120', '']) {
      const r = validatePayload(form, 'APPROVE', { appraisalDate: bad, participants: 3 });
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.issues[0].field).toBe('payload.appraisalDate');
    }
  });

  it('refuses a missing required field, a number under its minimum and an unknown field', () => {
    const r = validatePayload(form, 'APPROVE', { participants: 0, extra: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.field).sort()).toEqual(['payload', 'payload.appraisalDate', 'payload.participants']);
  });
});
