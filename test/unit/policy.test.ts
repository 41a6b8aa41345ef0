import { describe, expect, it } from 'vitest';
import { decide, isReadOnly, mayDecideTask, ROLES, roleMay, type Action } from '../../rules/policy.ts';

const county = (role: (typeof ROLES)[number]) => ({ id: 'u', role, regionId: '431222' });

describe('policy: may this user do this to this region', () => {
  it('lets only county operators and the office propose a return to poverty, inside their scope', () => {
    expect(decide(county('COUNTY_OPERATOR'), 'household.returnToPoverty', '431222101001')).toEqual({ allowed: true });
    expect(decide(county('COUNTY_OPERATOR'), 'household.returnToPoverty', '431223101001')).toEqual({ allowed: false, reason: 'SCOPE' });
    expect(decide(county('SUPERVISOR'), 'household.returnToPoverty', '431222101001')).toEqual({ allowed: false, reason: 'ROLE' });
    expect(decide(county('LEADER'), 'household.returnToPoverty', '431222101001')).toEqual({ allowed: false, reason: 'ROLE' });
    expect(decide({ id: 'o', role: 'OFFICE', regionId: '43' }, 'household.returnToPoverty', '431222101001')).toEqual({ allowed: true });
  });
  it('gives a leader no write action at all', () => {
    const writes: Action[] = ['household.returnToPoverty', 'task.decide', 'cycle.create', 'cycle.cancel', 'case.create', 'objection.create'];
    for (const action of writes) expect(roleMay('LEADER', action)).toBe(false);
    expect(isReadOnly('LEADER')).toBe(true);
    expect(isReadOnly('SUPERVISOR')).toBe(false);
  });
  it('reads the division tree and rankings without scope', () => {
    expect(decide(county('LEADER'), 'region.read', '4301')).toEqual({ allowed: true });
    expect(decide(county('EVALUATOR'), 'ranking.read', '4301')).toEqual({ allowed: true });
    expect(decide(county('SUPERVISOR'), 'household.read', '430102001001')).toEqual({ allowed: false, reason: 'SCOPE' });
  });
  it('keeps the audit log to the office, admins and supervisors', () => {
    expect(roleMay('OFFICE', 'audit.read')).toBe(true);
    expect(roleMay('ADMIN', 'audit.read')).toBe(true);
    expect(roleMay('SUPERVISOR', 'audit.read')).toBe(true);
    expect(roleMay('LEADER', 'audit.read')).toBe(false);
    expect(roleMay('COUNTY_OPERATOR', 'audit.read')).toBe(false);
    expect(roleMay('EVALUATOR', 'audit.read')).toBe(false);
  });
  it('lets a task be decided only by its assigned role inside the scope', () => {
    const task = { assignedRole: 'SUPERVISOR', regionId: '431222101' };
    expect(mayDecideTask(county('SUPERVISOR'), task)).toEqual({ allowed: true });
    expect(mayDecideTask({ id: 'p', role: 'SUPERVISOR', regionId: '43' }, task)).toEqual({ allowed: true });
    expect(mayDecideTask({ id: 't', role: 'SUPERVISOR', regionId: '431222102' }, task)).toEqual({ allowed: false, reason: 'SCOPE' });
    expect(mayDecideTask(county('COUNTY_OPERATOR'), task)).toEqual({ allowed: false, reason: 'ROLE' });
    expect(mayDecideTask({ id: 'o', role: 'OFFICE', regionId: '43' }, task)).toEqual({ allowed: false, reason: 'ROLE' });
  });
});
