import { generateCity, ageOn, dibaoStandardFen } from './city';
const today = '2015-06-01';
const bands = new Array(21).fill(0);
let n = 0;
const empInc: number[] = [];
const pens: number[] = [];
const perCap: number[] = [];
let poorDetails = 0;
const ex: string[] = [];
for (const h of generateCity({ households: 20000, seed: 1, today })) {
  let tot = 0;
  for (const m of h.facts.members) {
    const a = ageOn(m.birthDate, today);
    bands[Math.min(20, Math.floor(a / 5))]++;
    n++;
    if (m.employed) empInc.push(m.monthlyIncomeFen / 100);
    else if (a >= 60 && m.monthlyIncomeFen > 0) pens.push(m.monthlyIncomeFen / 100);
    tot += m.monthlyIncomeFen;
  }
  const pc = tot / h.facts.members.length / 100;
  perCap.push(pc);
  if (tot < dibaoStandardFen(h.facts.hukou, today) * h.facts.members.length && poorDetails++ < 4) ex.push(JSON.stringify(h.facts.members.map((m) => [m.relation, m.sex, m.birthDate, m.monthlyIncomeFen, m.canWork, m.employed, m.disability, m.illness, m.tekun])) + ' ' + JSON.stringify(h.facts.assets) + h.facts.livingAreaM2);
}
const q = (a: number[], p: number) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(p * (s.length - 1))]; };
console.log(bands.map((b, i) => `${i * 5}-${i * 5 + 4}: ${((100 * b) / n).toFixed(1)}`).join('\n'));
console.log('employed income p10/50/90', q(empInc, 0.1), q(empInc, 0.5), q(empInc, 0.9), 'share 2000-6000', empInc.filter((x) => x >= 2000 && x <= 6000).length / empInc.length);
console.log('60+ income p10/50/90', q(pens, 0.1), q(pens, 0.5), q(pens, 0.9));
console.log('percap p10/50/90', q(perCap, 0.1), q(perCap, 0.5), q(perCap, 0.9));
console.log(ex.join('\n'));
