/** Small fixtures written through Prisma, for tests that do not need the seeded province. */
import type { Db } from '../../lib/db.ts';

export const VILLAGE = '431222101001';
export const TOWNSHIP = '431222101';
export const COUNTY = '431222';

/** The division chain 湖南省 › 怀化市 › 沅陵县 › a township › a village, and one exited household. */
export async function exitedHousehold(db: Db, suffix = '0001') {
  const chain = [
    { id: '43', name: '湖南省', level: 'PROVINCE' as const, parentId: null },
    { id: '4312', name: '怀化市', level: 'CITY' as const, parentId: '43' },
    { id: COUNTY, name: '沅陵县', level: 'COUNTY' as const, parentId: '4312' },
    { id: TOWNSHIP, name: '测试镇', level: 'TOWNSHIP' as const, parentId: COUNTY },
    { id: VILLAGE, name: '测试村', level: 'VILLAGE' as const, parentId: TOWNSHIP },
  ];
  for (const r of chain) {
    await db.region.upsert({ where: { id: r.id }, create: { ...r, code: r.id }, update: {} });
  }
  const code = `${VILLAGE}${suffix}`;
  return db.household.create({
    data: {
      id: `H${code}`,
      code,
      headName: '张三',
      size: 3,
      status: 'EXITED',
      povertyCause: 'ILLNESS',
      registeredYear: 2014,
      exitedYear: 2016,
      cityId: '4312',
      countyId: COUNTY,
      townshipId: TOWNSHIP,
      villageId: VILLAGE,
      records: {
        create: [
          { year: 2016, incomePerCapita: 4100, foodSecure: true, clothingSecure: true, educationSecured: true, medicalSecured: true, housingSafe: true, drinkingWaterSafe: true, source: 'REGISTRY' },
        ],
      },
    },
  });
}
