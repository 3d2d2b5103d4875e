/**
 * Citations: machine form (`City §3`, `Reg. Art. 9`, `MCA-2012 Art. 5`) and the Chinese form a
 * clerk reads aloud.
 */

export const CITY_POLICY_ZH = '《乌海市人民政府关于贯彻落实〈社会救助暂行办法〉的实施意见》(乌海政发〔2014〕73号)';
export const REGULATION_ZH = '《社会救助暂行办法》(国务院令第649号)';
export const MCA_2012_ZH = '《最低生活保障审核审批办法(试行)》(民发〔2012〕220号)';

/** Matches one citation inside free text. */
export const CITATION_RE = /(City §\d+|Reg\. Art\. \d+|MCA-2012 Art\. \d+)/g;

/** The citations named in a free-text clause, e.g. `DOMAIN default, interprets City §3` → `['City §3']`. */
export function extractCitations(text: string): string[] {
  return [...text.matchAll(CITATION_RE)].map((m) => m[1] as string);
}

function citationOrder(c: string): [number, number] {
  const n = Number(/\d+$/.exec(c)?.[0] ?? 0);
  if (c.startsWith('City')) return [0, n];
  if (c.startsWith('Reg')) return [1, n];
  return [2, n];
}

/** Unique citations, ordered City, Reg., MCA-2012 and by number. */
export function uniqueClauses(clauses: Iterable<string>): string[] {
  return [...new Set(clauses)].sort((a, b) => {
    const [ga, na] = citationOrder(a);
    const [gb, nb] = citationOrder(b);
    return ga - gb || na - nb;
  });
}

/**
 * Chinese citation: `['City §3']` → `依据《乌海市人民政府…实施意见》(乌海政发〔2014〕73号)第3条`.
 * Several items of one document are joined: `第6条、第11条`.
 */
export function citeZh(clauses: string[]): string {
  const groups: [string, string[]][] = [
    [CITY_POLICY_ZH, []],
    [REGULATION_ZH, []],
    [MCA_2012_ZH, []],
  ];
  for (const c of uniqueClauses(clauses)) {
    const n = /\d+$/.exec(c)?.[0];
    if (!n) continue;
    const [group] = citationOrder(c);
    groups[group]![1].push(`第${n}条`);
  }
  const parts = groups.filter(([, items]) => items.length > 0).map(([doc, items]) => `${doc}${items.join('、')}`);
  return parts.length ? `依据${parts.join('，')}` : '';
}
