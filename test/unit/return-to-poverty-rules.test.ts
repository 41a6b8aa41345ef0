import { describe, expect, it } from 'vitest';
import { allowedDecisions, isOutcome, nextReturnStep, returnEligibility } from '../../rules/return-to-poverty.ts';
import { defaultStandards } from '../../rules/standards.ts';

describe('return to poverty (返贫录入) steps', () => {
  it('goes township → county → approved', () => {
    expect(nextReturnStep('township-check', 'APPROVE')).toBe('county-approval');
    expect(nextReturnStep('county-approval', 'APPROVE')).toBe('approved');
  });
  it('sends RETURN back exactly one level', () => {
    expect(nextReturnStep('county-approval', 'RETURN')).toBe('township-check');
    expect(nextReturnStep('township-check', 'RETURN')).toBe('revise');
    expect(nextReturnStep('revise', 'APPROVE')).toBe('township-check');
    expect(() => nextReturnStep('revise', 'RETURN')).toThrow('cannot be returned');
    expect(allowedDecisions('revise')).toEqual(['APPROVE', 'REJECT']);
    expect(allowedDecisions('county-approval')).toEqual(['APPROVE', 'REJECT', 'RETURN']);
  });
  it('ends on REJECT at any approval level, and on withdrawal', () => {
    expect(nextReturnStep('township-check', 'REJECT')).toBe('rejected');
    expect(nextReturnStep('county-approval', 'REJECT')).toBe('rejected');
    expect(nextReturnStep('revise', 'REJECT')).toBe('withdrawn');
    expect(isOutcome('approved')).toBe(true);
    expect(isOutcome('revise')).toBe(false);
  });
  it('accepts only exited households', () => {
    expect(returnEligibility({ status: 'EXITED' })).toEqual({ eligible: true });
    expect(returnEligibility({ status: 'POOR' })).toEqual({ eligible: false, reason: 'household status is POOR, not EXITED' });
  });
});

describe('year standards', () => {
  it('gives the published national poverty line of each year', () => {
    expect(defaultStandards(2016).povertyLine).toBe(2952);
    expect(defaultStandards(2020).povertyLine).toBe(4000);
    expect(defaultStandards(2030).povertyLine).toBe(4000);
    expect(defaultStandards(2016).incidenceThresholdWestern).toBe(0.03);
  });
});
