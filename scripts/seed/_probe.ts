import { generateCity } from '/work/main/scripts/seed/city';
import { summarise } from '/work/main/scripts/seed/city.stats';
const n = Number(process.argv[2] ?? 2000);
const t = Date.now();
const s = summarise(generateCity({ households: n, seed: 1, today: '2015-06-01' }), { today: '2015-06-01' });
console.log(JSON.stringify(s, null, 1));
console.log('ms', Date.now() - t);
const it = generateCity({ households: 3, seed: 1, today: '2015-06-01' });
for (const h of it) console.log(JSON.stringify(h));
