/**
 * The bounds of the exit verification's fan-out: how a cycle shares its village budget among its
 * counties (workflows/exit-verification.ts villageShare), and the gate that lets at most a few
 * batched household activities run at once per worker (activities/exit-verification.ts Gate).
 */
import { describe, expect, it } from 'vitest';
import { Gate } from '../../activities/exit-verification.ts';
import { MIN_VILLAGES_PER_COUNTY, VILLAGE_BUDGET, villageShare } from '../../workflows/exit-verification.ts';

describe('villageShare', () => {
  it('divides the budget among the counties, rounding up, never under the minimum', () => {
    expect(villageShare(4, 160)).toBe(40); // demo: 4 counties
    expect(villageShare(3, 160)).toBe(54); // 53.3 rounded up
    expect(villageShare(134, 160)).toBe(MIN_VILLAGES_PER_COUNTY); // province: 1.2 → the minimum, 4
    expect(villageShare(1)).toBe(VILLAGE_BUDGET);
    expect(villageShare(0)).toBe(VILLAGE_BUDGET); // no county: nothing to share, no division by zero
  });
});

describe('Gate', () => {
  it('runs at most `limit` at once, starts the waiting ones in order, and passes results and errors through', async () => {
    const gate = new Gate(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const job = (i: number) =>
      gate.run(async () => {
        started.push(i);
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
        if (i === 3) throw new Error('job 3 failed');
        return i * 10;
      });
    const results = [0, 1, 2, 3, 4].map((i) => job(i).then((v) => ({ v }), (e: Error) => ({ e: e.message })));
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([0, 1]);
    // release one at a time: each release lets exactly the next one in
    for (let n = 0; n < 5; n += 1) {
      releases[n]();
      await new Promise((r) => setTimeout(r, 5));
      expect(started).toHaveLength(Math.min(5, n + 3));
    }
    expect(await Promise.all(results)).toEqual([{ v: 0 }, { v: 10 }, { v: 20 }, { e: 'job 3 failed' }, { v: 40 }]);
    expect(peak).toBe(2);
    expect(gate.peak).toBe(2);
    // the slots are free again
    expect(await Promise.all([gate.run(async () => 'a'), gate.run(async () => 'b')])).toEqual(['a', 'b']);
  });
});
