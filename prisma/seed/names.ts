/**
 * Word lists for generated names: people (surname + given name), villages (two syllables + 村) and
 * dispatching units (派出单位). All names are made up from these lists; none is a real person.
 */
import { weightedTable, type Rng, type WeightedTable } from './random.ts';

/** Common surnames in Hunan, roughly by frequency (weights are relative). */
const SURNAMES: WeightedTable<string> = weightedTable([
  ['刘', 80], ['李', 75], ['陈', 70], ['王', 65], ['张', 60], ['周', 50], ['彭', 45], ['胡', 42],
  ['唐', 42], ['杨', 40], ['谭', 38], ['邓', 36], ['罗', 36], ['黄', 34], ['曾', 32], ['肖', 30],
  ['吴', 30], ['易', 24], ['蒋', 24], ['欧阳', 8], ['龙', 22], ['向', 22], ['田', 20], ['石', 18],
  ['谢', 20], ['贺', 16], ['姚', 14], ['段', 14], ['廖', 16], ['朱', 16], ['邹', 14], ['魏', 10],
  ['钟', 12], ['颜', 10], ['文', 12], ['雷', 10], ['舒', 10], ['符', 8], ['粟', 8], ['麻', 6],
  ['滕', 6], ['秦', 8], ['孙', 10], ['赵', 12], ['徐', 12], ['郭', 10], ['何', 14],
  ['高', 10], ['林', 10], ['梁', 8], ['宋', 8], ['袁', 10], ['许', 8], ['伍', 8], ['戴', 8],
  ['夏', 8], ['钱', 4], ['宁', 6], ['尹', 8], ['覃', 8], ['米', 3], ['瞿', 4], ['全', 4],
]);

const MALE_GIVEN = [
  '国', '建', '明', '华', '军', '平', '志', '伟', '强', '勇', '文', '德', '林', '海', '春', '光', '新',
  '荣', '祥', '福', '贵', '财', '生', '清', '发', '成', '友', '云', '龙', '兵', '辉', '斌', '波', '涛',
  '鹏', '杰', '俊', '峰', '金', '保', '长', '远', '卫', '东', '红', '学', '永', '忠', '宏', '家', '喜',
];
const FEMALE_GIVEN = [
  '秀', '英', '兰', '芳', '玉', '桂', '凤', '珍', '梅', '琴', '丽', '霞', '娟', '红', '艳', '敏', '静',
  '燕', '萍', '莲', '菊', '春', '花', '香', '翠', '云', '淑', '惠', '婷', '娥', '莉', '佳', '琳', '雪',
];

/** a surname for a new household head */
export function surname(rng: Rng): string {
  return rng.weighted(SURNAMES);
}

/** a given name of one or two characters */
export function givenName(rng: Rng, gender: Gender): string {
  const list = gender === 'MALE' ? MALE_GIVEN : FEMALE_GIVEN;
  const first = rng.pick(list);
  return rng.chance(0.3) ? first : first + rng.pick(list);
}

export type Gender = 'MALE' | 'FEMALE';

export function personName(rng: Rng, gender: Gender, family?: string): string {
  return (family ?? surname(rng)) + givenName(rng, gender);
}

const VILLAGE_FIRST = [
  '青', '石', '马', '龙', '凤', '白', '黄', '杨', '柳', '桃', '枫', '竹', '松', '梅', '金', '银', '太', '上',
  '下', '东', '西', '南', '北', '新', '高', '长', '大', '小', '红', '双', '岩', '溪', '团', '花', '茶', '莲',
  '兴', '和', '丰', '安', '永', '富', '清', '牛', '鹤', '鹿', '云', '三', '五', '九', '蒋', '李', '张',
];
const VILLAGE_SECOND = [
  '山', '溪', '坪', '冲', '湾', '塘', '岭', '桥', '田', '坡', '口', '洞', '园', '林', '峰', '江', '源', '头',
  '家', '庄', '垭', '坳', '岗', '堡', '寨', '坝', '台', '门', '洲', '滩', '泉', '湖', '铺', '屋', '庙', '亭',
];

/** `<two syllables>村`, unique within `taken` (the names already used in the same township). */
export function villageName(rng: Rng, taken: Set<string>): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    const name = `${rng.pick(VILLAGE_FIRST)}${rng.pick(VILLAGE_SECOND)}村`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  // three syllables when two are exhausted (never in practice: 53 × 36 combinations)
  for (;;) {
    const name = `${rng.pick(VILLAGE_FIRST)}${rng.pick(VILLAGE_FIRST)}${rng.pick(VILLAGE_SECOND)}村`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** provincial units that dispatch first secretaries (省直单位, names of the 2016 organisation) */
const PROVINCE_UNITS = [
  '省财政厅', '省发展改革委', '省教育厅', '省民政厅', '省交通运输厅', '省水利厅', '省农委', '省林业厅',
  '省卫生计生委', '省扶贫办', '省国土资源厅', '省住房城乡建设厅', '省人力资源社会保障厅', '省商务厅',
  '省科技厅', '省审计厅', '省统计局', '省委组织部', '省委宣传部', '省文化厅', '国网湖南省电力公司',
  '湖南大学', '中南大学', '湖南农业大学',
];
/** bureau suffixes used for city and county units (市直 / 县直单位) */
const BUREAUS = [
  '财政局', '教育局', '民政局', '交通运输局', '水利局', '农业局', '林业局', '卫生计生局', '扶贫办',
  '国土资源局', '住房城乡建设局', '人力资源社会保障局', '发展改革局', '商务局', '审计局', '统计局',
];

export function provinceUnit(rng: Rng): string {
  return rng.pick(PROVINCE_UNITS);
}

/** e.g. 沅陵县教育局, 怀化市财政局 */
export function bureauOf(rng: Rng, regionName: string): string {
  return regionName + rng.pick(BUREAUS);
}

/** e.g. 麻溪铺镇人民政府 */
export function townshipGovernment(townshipName: string): string {
  return `${townshipName}人民政府`;
}
