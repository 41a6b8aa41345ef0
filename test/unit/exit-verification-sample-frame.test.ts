/** The sampling frame (抽样框) of a county: registered households and visit slots outside the register, computed by hand. */
import { describe, expect, it } from 'vitest';
import { estimateUnregistered, outsideSlotId, parseOutsideSlotId, sampleFrame, type FrameHousehold, type FrameVillage } from '../../rules/exit-verification/sample-frame.ts';
import { drawCountySample } from '../../rules/sampling.ts';

const households = (villageId: string, n: number): FrameHousehold[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${villageId}-h${i + 1}`, villageId, status: i % 2 ? 'POOR' : 'EXITED' }));

// registered people / households per village, and the hand-computed estimate of unregistered households
const VILLAGES: FrameVillage[] = [
  // 100 − 20 = 80 people; mean 20 ÷ 5 = 4 → 80 ÷ 4 = 20 slots
  { id: 'V1', ruralPopulation: 100, registeredPeople: 20, registeredHouseholds: 5 },
  // 10 − 9 = 1; mean 9 ÷ 3 = 3 → 1 ÷ 3 = 0.33 → 0
  { id: 'V2', ruralPopulation: 10, registeredPeople: 9, registeredHouseholds: 3 },
  // 12 − 10 = 2; mean 10 ÷ 4 = 2.5 → 2 ÷ 2.5 = 0.8 → 1
  { id: 'V3', ruralPopulation: 12, registeredPeople: 10, registeredHouseholds: 4 },
  // no registered household: the county's mean (20+9+10+8+4) ÷ (5+3+4+2+2) = 51 ÷ 16 = 3.1875 → 30 ÷ 3.1875 = 9.41 → 9
  { id: 'V4', ruralPopulation: 30, registeredPeople: 0, registeredHouseholds: 0 },
  // nobody: left out of the frame
  { id: 'V5', ruralPopulation: 0, registeredPeople: 0, registeredHouseholds: 0 },
  // more registered people than rural population recorded: max(0, 5 − 8) = 0 slots, still in the frame
  { id: 'V6', ruralPopulation: 5, registeredPeople: 8, registeredHouseholds: 2 },
  // 9 − 4 = 5; mean 4 ÷ 2 = 2 → 2.5 → 3 (halves up)
  { id: 'V7', ruralPopulation: 9, registeredPeople: 4, registeredHouseholds: 2 },
];
const HOUSEHOLDS = [...households('V1', 5), ...households('V2', 3), ...households('V3', 4), ...households('V6', 2), ...households('V7', 2)];

describe('sample frame (抽样框)', () => {
  it('estimates each village’s unregistered households as (rural − registered people) ÷ mean registered household size, rounded', () => {
    const frame = sampleFrame(VILLAGES, HOUSEHOLDS);
    expect(frame.villages).toEqual(['V1', 'V2', 'V3', 'V4', 'V6', 'V7']);
    expect(frame.estimates.map((e) => [e.villageId, e.unregisteredPeople, e.sizeSource, e.households])).toEqual([
      ['V1', 80, 'village', 20],
      ['V2', 1, 'village', 0],
      ['V3', 2, 'village', 1],
      ['V4', 30, 'county', 9],
      ['V6', 0, 'village', 0],
      ['V7', 5, 'village', 3],
    ]);
    expect(frame.estimates.find((e) => e.villageId === 'V4')?.meanHouseholdSize).toBe(51 / 16);
  });

  it('holds every registered household inside the register and one slot per estimated household outside it', () => {
    const frame = sampleFrame(VILLAGES, HOUSEHOLDS);
    const inside = frame.households.filter((h) => h.inRegister);
    const outside = frame.households.filter((h) => !h.inRegister);
    expect(inside.map((h) => h.id)).toEqual(HOUSEHOLDS.map((h) => h.id));
    expect(outside).toHaveLength(20 + 0 + 1 + 9 + 0 + 3);
    expect(outside.filter((h) => h.villageId === 'V7').map((h) => h.id)).toEqual(['outside:V7:1', 'outside:V7:2', 'outside:V7:3']);
    expect(outside.every((h) => parseOutsideSlotId(h.id)?.villageId === h.villageId)).toBe(true);
  });

  it('offers no slot when the county has no household size to divide by, and refuses a household of another village', () => {
    const none = estimateUnregistered({ id: 'X', ruralPopulation: 10, registeredPeople: 0, registeredHouseholds: 0 }, null);
    expect(none).toMatchObject({ unregisteredPeople: 10, meanHouseholdSize: null, sizeSource: 'none', households: 0 });
    expect(sampleFrame([{ id: 'X', ruralPopulation: 10, registeredPeople: 0, registeredHouseholds: 0 }], []).households).toEqual([]);
    expect(() => sampleFrame(VILLAGES, [{ id: 'h', villageId: 'elsewhere', status: 'POOR' }])).toThrow(/not among the county's villages/);
    expect(() => estimateUnregistered({ id: 'Y', ruralPopulation: -1, registeredPeople: 0, registeredHouseholds: 0 }, 3)).toThrow(RangeError);
  });

  it('names slots outside:<villageId>:<n> and reads them back', () => {
    expect(outsideSlotId('431222100201', 7)).toBe('outside:431222100201:7');
    expect(parseOutsideSlotId('outside:431222100201:7')).toEqual({ villageId: '431222100201', slot: 7 });
    expect(parseOutsideSlotId('H4312221002010001')).toBeNull();
    expect(parseOutsideSlotId('outside:V1:0')).toBeNull();
    expect(parseOutsideSlotId('outside::3')).toBeNull();
  });

  it('is the population drawCountySample draws both halves from, reproducibly', () => {
    const frame = sampleFrame(VILLAGES, HOUSEHOLDS);
    const draw = () => drawCountySample({ countyCode: '431222', villages: frame.villages, households: frame.households }, { inRegister: 3, outsideRegister: 5, villages: 0 }, 'cycle-seed');
    const a = draw();
    expect(a.inRegister).toHaveLength(3);
    expect(a.outsideRegister).toHaveLength(5);
    expect(a.inRegister.every((id) => parseOutsideSlotId(id) === null)).toBe(true);
    expect(a.outsideRegister.every((id) => parseOutsideSlotId(id) !== null)).toBe(true);
    expect(draw()).toEqual(a);
    // the register is 16 households: asking for 20 inside takes all 16 and visits 4 more outside
    const short = drawCountySample({ countyCode: '431222', villages: frame.villages, households: frame.households }, { inRegister: 20, outsideRegister: 5, villages: 0 }, 'cycle-seed');
    expect(short.inRegister).toHaveLength(16);
    expect(short.outsideRegister).toHaveLength(9);
    expect(short.shortfall).toEqual({ inRegister: 4, outsideRegister: 0 });
  });
});
