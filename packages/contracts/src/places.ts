import type { AreaCode } from './household.schema';

/**
 * Wuhai's streets (街道) and towns (镇) per district (DOMAIN.md "Demo city facts", c. 2022), as
 * written in addresses. 滨河新区 is administered under 海勃湾区 (150302). The registry accepts a
 * household's `street` only from its own district's list.
 */
export const STREETS_BY_AREA: Record<AreaCode, readonly string[]> = {
  '150302': ['千里山镇', '新华街道', '新华西街道', '凤凰岭街道', '海北街道', '滨河街道', '卡布其街道'],
  '150304': ['巴音赛街道', '三道坎街道', '五虎山街道', '梁家沟街道', '滨海街道', '新达街道', '苏海图街道', '乌兰淖尔镇'],
  '150303': ['拉僧仲街道', '西卓子山街道', '拉僧庙镇', '公乌素镇', '巴音陶亥镇'],
};

/** Whether `street` is a street or town of `area`. */
export function isStreetOfArea(area: string, street: string): boolean {
  return (STREETS_BY_AREA[area as AreaCode] ?? []).includes(street.trim());
}
