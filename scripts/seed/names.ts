/**
 * Plausible Chinese and Mongolian names for the synthetic city: common surnames weighted roughly by
 * frequency, given names by birth era (names date strongly in China) and sex.
 */
import { Dice, Table } from './random';

export type Ethnicity = 'han' | 'mongol' | 'hui' | 'manchu' | 'other';
export type Sex = 'M' | 'F';

const SURNAMES = new Table<string>([
  ['王', 74], ['李', 72], ['张', 70], ['刘', 55], ['陈', 45], ['杨', 32], ['赵', 28], ['黄', 22], ['周', 21],
  ['吴', 20], ['徐', 17], ['孙', 16], ['胡', 13], ['朱', 13], ['高', 13], ['林', 8], ['何', 11], ['郭', 13],
  ['马', 14], ['罗', 9], ['梁', 9], ['宋', 9], ['郑', 8], ['谢', 7], ['韩', 8], ['唐', 7], ['冯', 7],
  ['于', 7], ['董', 7], ['程', 6], ['曹', 6], ['袁', 6], ['邓', 5], ['许', 5], ['傅', 4], ['沈', 4],
  ['曾', 4], ['彭', 4], ['吕', 5], ['苏', 5], ['卢', 4], ['蒋', 4], ['蔡', 4], ['贾', 5], ['丁', 4],
  ['魏', 5], ['薛', 5], ['叶', 4], ['阎', 4], ['余', 3], ['潘', 3], ['杜', 4], ['戴', 3], ['夏', 3],
  ['钟', 3], ['汪', 3], ['田', 5], ['任', 5], ['姜', 4], ['范', 4], ['方', 3], ['石', 4], ['姚', 3],
  ['谭', 2], ['廖', 2], ['邹', 2], ['熊', 2], ['金', 3], ['陆', 2], ['郝', 5], ['孔', 3], ['白', 5],
  ['崔', 4], ['康', 3], ['毛', 3], ['邱', 2], ['秦', 3], ['江', 2], ['史', 3], ['顾', 2], ['侯', 4],
  ['邵', 2], ['孟', 4], ['龙', 1], ['万', 2], ['段', 3], ['雷', 2], ['钱', 2], ['汤', 2], ['尹', 2],
  ['常', 4], ['武', 4], ['乔', 4], ['贺', 3], ['龚', 1], ['文', 2], ['牛', 3], ['樊', 3], ['岳', 2],
]);

const MONGOL_SURNAMES = ['包', '白', '吴', '韩', '云', '鲍', '宝', '奇', '何', '李'] as const;
const HUI_SURNAMES = new Table<string>([['马', 40], ['白', 10], ['杨', 10], ['哈', 6], ['沙', 5], ['穆', 5], ['丁', 8], ['海', 4], ['李', 6], ['张', 6]]);
const MANCHU_SURNAMES = ['关', '佟', '那', '金', '赵', '富', '伊', '王', '肖', '洪'] as const;

const MONGOL_GIVEN: Record<Sex, readonly string[]> = {
  M: ['巴特尔', '额尔敦', '苏和', '巴图', '特木尔', '孟和', '朝鲁', '那日苏', '宝音', '阿拉坦仓', '毕力格', '哈斯朝鲁', '图门', '乌力吉', '布和', '斯琴毕力格', '额尔德木图', '吉日格勒', '达来', '胡日查'],
  F: ['其其格', '乌日娜', '图雅', '萨仁', '乌云', '斯琴', '敖登', '格日勒', '娜仁', '高娃', '塔娜', '萨日娜', '乌兰', '托娅', '阿拉坦其其格', '萨如拉', '苏日娜', '额尔敦其木格', '哈斯', '乌云毕力格'],
};

/** Given names by birth era: before 1955, 1955–1979, 1980–1999, 2000 on. */
const HAN_GIVEN: Record<Sex, readonly (readonly string[])[]> = {
  M: [
    ['建国', '国庆', '德才', '福生', '志刚', '长林', '保国', '振华', '树林', '玉林', '宝山', '文才', '永祥', '满仓', '金贵', '有福', '德胜', '忠义', '庆云', '占元'],
    ['建军', '卫东', '红军', '志强', '国华', '海军', '建平', '俊峰', '立新', '永刚', '向东', '军', '伟', '勇', '强', '斌', '刚', '涛', '平', '明', '辉', '建华', '利民', '学军'],
    ['磊', '鹏', '超', '杰', '浩', '鑫', '宇', '帅', '晨', '亮', '俊杰', '志伟', '晓东', '海涛', '文博', '天宇', '博文', '鹏飞', '振宇', '凯'],
    ['浩然', '梓轩', '宇轩', '子豪', '俊熙', '皓轩', '一鸣', '子墨', '睿', '博远', '家豪', '宇航', '浩宇', '奕辰', '铭泽', '子涵', '天佑', '嘉乐'],
  ],
  F: [
    ['秀英', '桂兰', '玉兰', '淑珍', '凤英', '秀兰', '桂英', '玉珍', '素芳', '翠花', '凤兰', '秀珍', '淑英', '桂芝', '金花', '兰英', '玉梅', '彩云'],
    ['红梅', '丽华', '秀梅', '海燕', '丽娟', '春梅', '桂芳', '艳', '丽', '燕', '霞', '红', '敏', '娟', '芳', '玲', '彩霞', '晓红', '艳红', '丽萍', '建华', '小平'],
    ['婷', '静', '丹', '倩', '雪', '莉', '晶', '璐', '佳', '蕾', '晓雪', '思雨', '婷婷', '丽娜', '雅琪', '佳慧', '梦瑶', '欣然', '文静', '晓燕'],
    ['子涵', '欣怡', '雨桐', '梓涵', '诗涵', '一诺', '可馨', '思琪', '雨萱', '语嫣', '佳怡', '梓萱', '若曦', '嘉怡', '可欣', '紫萱', '梦琪', '欣妍'],
  ],
};

function era(birthYear: number): number {
  if (birthYear < 1955) return 0;
  if (birthYear < 1980) return 1;
  if (birthYear < 2000) return 2;
  return 3;
}

/** A surname for a new family line of the given ethnicity. */
export function drawSurname(dice: Dice, ethnicity: Ethnicity): string {
  switch (ethnicity) {
    case 'mongol':
      return dice.pick(MONGOL_SURNAMES);
    case 'hui':
      return dice.weighted(HUI_SURNAMES);
    case 'manchu':
      return dice.pick(MANCHU_SURNAMES);
    default:
      return dice.weighted(SURNAMES);
  }
}

/**
 * A full name. Mongolians often go by a Mongolian given name alone (no Han surname); everyone
 * else gets surname + a Han given name typical of their birth era.
 */
export function drawName(dice: Dice, surname: string, sex: Sex, birthYear: number, ethnicity: Ethnicity): string {
  if (ethnicity === 'mongol' && dice.chance(0.75)) {
    const given = dice.pick(MONGOL_GIVEN[sex]);
    return dice.chance(0.55) ? given : surname + given;
  }
  return surname + dice.pick(HAN_GIVEN[sex][era(birthYear)]!);
}
