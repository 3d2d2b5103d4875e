/**
 * Wuhai's districts, streets and towns (DOMAIN.md "Demo city facts", c. 2022), with the weights the
 * synthetic city uses. Road, community and village names are plausible inventions for addresses.
 */
import type { AreaCode } from '../../packages/contracts/src/household.schema';

export interface Subdistrict {
  /** As written in addresses: `新华街道`, `千里山镇`. */
  name: string;
  kind: 'street' | 'town';
  /** Relative share of the district's households. */
  weight: number;
  /** Villages (towns) or communities (streets). */
  localities: readonly string[];
}

export interface District {
  code: AreaCode;
  name: string;
  /** Share of the city's population (end-2021). */
  share: number;
  roads: readonly string[];
  subdistricts: readonly Subdistrict[];
}

const street = (name: string, weight: number, localities: readonly string[]): Subdistrict => ({
  name: `${name}街道`,
  kind: 'street',
  weight,
  localities,
});
const town = (name: string, weight: number, localities: readonly string[]): Subdistrict => ({
  name,
  kind: 'town',
  weight,
  localities,
});

export const DISTRICTS: readonly District[] = [
  {
    code: '150302',
    name: '海勃湾区',
    share: 0.61,
    roads: ['人民路', '黄河东街', '黄河西街', '新华大街', '海北大街', '滨河大道', '千里山路', '甘德尔街', '林荫路', '团结路', '胜利街', '海达路'],
    subdistricts: [
      town('千里山镇', 10, ['团结村', '新地村', '王元地村', '千里沟村', '东山村']),
      street('新华', 17, ['新华社区', '光明社区', '育才社区', '安居社区']),
      street('新华西', 14, ['新华西社区', '和平社区', '青年社区']),
      street('凤凰岭', 15, ['凤凰岭社区', '康乐社区', '北山社区']),
      street('海北', 16, ['海北社区', '民馨社区', '金海社区']),
      street('滨河', 16, ['滨河社区', '湖滨社区', '新城社区']),
      street('卡布其', 12, ['卡布其社区', '东山社区', '林业社区']),
    ],
  },
  {
    code: '150304',
    name: '乌达区',
    share: 0.22,
    roads: ['团结路', '民族路', '新达街', '苏海图街', '巴音赛路', '五虎山路', '梁家沟路', '友谊街', '建设路'],
    subdistricts: [
      street('巴音赛', 15, ['巴音赛社区', '育才社区', '工农社区']),
      street('三道坎', 12, ['三道坎社区', '铁路社区']),
      street('五虎山', 12, ['五虎山社区', '矿区社区']),
      street('梁家沟', 12, ['梁家沟社区', '东梁社区']),
      street('滨海', 14, ['滨海社区', '乌兰社区']),
      street('新达', 13, ['新达社区', '民主社区']),
      street('苏海图', 12, ['苏海图社区', '乌达矿社区']),
      town('乌兰淖尔镇', 10, ['乌兰淖尔村', '苏白音沟村', '乌兰布和村']),
    ],
  },
  {
    code: '150303',
    name: '海南区',
    share: 0.17,
    roads: ['拉僧仲路', '卓子山街', '新海路', '公乌素路', '巴音陶亥路', '人民街', '兴业路'],
    subdistricts: [
      street('拉僧仲', 28, ['拉僧仲社区', '海南社区', '新区社区']),
      street('西卓子山', 30, ['西卓子山社区', '老石旦社区', '矿山社区']),
      town('拉僧庙镇', 12, ['拉僧庙村', '新建村', '海南村']),
      town('公乌素镇', 14, ['公乌素村', '骆驼山村']),
      town('巴音陶亥镇', 16, ['赛汗乌素村', '万亩滩村', '五一村', '新地村', '红卫村']),
    ],
  },
];

/**
 * Areas of first registration used in ID numbers: the three districts first, then places many
 * Wuhai residents moved from (Inner Mongolia, Ningxia, Shaanxi, Shanxi, Hebei, Shandong, Henan, Gansu).
 */
export const ORIGIN_AREAS: readonly string[] = [
  '150302', '150303', '150304',
  '150102', '150203', '150602', '150802', '152921',
  '640202', '640104', '610802', '140106', '130102', '370102', '410102', '620102',
];
