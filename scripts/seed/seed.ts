import { SingleBar, Presets } from 'cli-progress';
import { createClient, toHouseholdFactsMsg, type PlainHousehold } from '@wuhai/contracts';
import { cityDate, signStaffToken } from '@wuhai/service-kit';
import { generateCity } from './city';

/**
 * Loads the synthetic city into the registry through its gRPC API (households are created only
 * there), with a bounded number of calls in flight and a progress bar on a terminal.
 */
export interface SeedOptions {
  registryAddress: string;
  jwtSecret: string;
  households: number;
  seed: number;
  /** `YYYY-MM-DD` the city is generated for (ages, schools); default today in Wuhai. */
  today?: string;
  concurrency?: number;
  log?: (line: string) => void;
  progress?: boolean;
}

/** @returns how many households and persons were registered */
export async function seedCity(o: SeedOptions): Promise<{ households: number; persons: number; ms: number }> {
  const started = Date.now();
  const registry = createClient('registry', o.registryAddress);
  const token = signStaffToken({ staffId: 'seed', username: 'seed', department: 'system', area: '*', role: 'system' }, o.jwtSecret, 3600);
  const metadata = { authorization: `Bearer ${token}` };
  const bar = o.progress ?? process.stdout.isTTY ? new SingleBar({ format: '  seeding {bar} {value}/{total} households' }, Presets.shades_classic) : undefined;
  bar?.start(o.households, 0);
  let households = 0;
  let persons = 0;
  const inFlight = new Set<Promise<void>>();
  try {
    for (const h of generateCity({ households: o.households, seed: o.seed, today: o.today ?? cityDate(new Date()) })) {
      const p = registry
        .RegisterHousehold(
          { facts: toHouseholdFactsMsg(h.facts as PlainHousehold), street: h.street, address: h.address, householdNo: h.householdNo },
          { metadata, timeoutMs: 30_000 },
        )
        .then(() => {
          households++;
          persons += h.facts.members.length;
          bar?.increment();
        });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p)).catch(() => undefined);
      if (inFlight.size >= (o.concurrency ?? 16)) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    bar?.stop();
    registry.close();
  }
  return { households, persons, ms: Date.now() - started };
}

/** Seeds the demo city when the registry holds no household yet (`pnpm start`). */
export async function seedIfEmpty(o: SeedOptions): Promise<void> {
  const log = o.log ?? (() => undefined);
  const registry = createClient('registry', o.registryAddress);
  const token = signStaffToken({ staffId: 'seed', username: 'seed', department: 'system', area: '*', role: 'system' }, o.jwtSecret, 600);
  const count = await registry.CountHouseholds({}, { metadata: { authorization: `Bearer ${token}` } });
  registry.close();
  if (Number(count.households) > 0) {
    log(`registry holds ${count.households} households; not seeding`);
    return;
  }
  log(`seeding the demo city: ${o.households} households (seed ${o.seed})`);
  const r = await seedCity(o);
  log(`seeded ${r.households} households, ${r.persons} persons in ${(r.ms / 1000).toFixed(1)} s`);
}
