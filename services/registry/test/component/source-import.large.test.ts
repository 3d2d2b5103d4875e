/**
 * A large extract streams through the registry with bounded memory: 200 000 hukou lines
 * (Chinese names, about 17 MB) are written to a file line by line, then imported through the real
 * client-streaming gRPC call, while the heap of this process (client and registry both run here)
 * is sampled.
 */
import { createWriteStream, promises as fs } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { makeIdNumber } from '@wuhai/contracts';
import { startService, type RunningService } from '@wuhai/service-kit';
import { useTestDatabase, useTestNats } from '@wuhai/testing';
import { registryService } from '../../src/registry.service';
import type { RegistryConfig } from '../../src/config';
import { createSourceImportClient, type SourceImportClient } from '../../../../scripts/sources/import-client';
import { serviceConfig, staff } from '../support/fixtures';

let registry: RunningService<RegistryConfig> | undefined;
let importer: SourceImportClient | undefined;
let dir = '';

afterAll(async () => {
  importer?.close();
  await registry?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

const natsUrl = useTestNats();
const registryDb = useTestDatabase('registry_sources_large');

beforeAll(async () => {
  registry = await startService(registryService(serviceConfig('registry', registryDb(), natsUrl())));
  importer = createSourceImportClient(registry.address);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wuhai-sources-'));
});

const LINES = 200_000;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '欧阳', '包'];
const GIVEN = ['建国', '秀兰', '娜仁花', '巴特尔', '小明', '海英', '志强', '桂芳'];

/** Writes `LINES` hukou records, the 501st of every 1000 (line 502, 1502, …) with a bad check character. */
async function writeHukou(file: string): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  out.write('idNumber,name,sex,birthDate,householdNo,relation,area,hukouType,status,deathDate\n');
  for (let i = 0; i < LINES; i++) {
    const day = 1 + (i % 28);
    const birth = `${1930 + (i % 80)}-${String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const sex = i % 2 ? 'M' : 'F';
    let id = makeIdNumber(['150302', '150303', '150304'][i % 3]!, birth, Math.floor(i / 3) % 1000, sex);
    if (i % 1000 === 500) id = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    const name = SURNAMES[i % SURNAMES.length]! + GIVEN[(i >> 3) % GIVEN.length]!;
    const line = `${id},${name},${sex},${birth},150302${String(Math.floor(i / 3)).padStart(9, '0')},${i % 3 ? 'spouse' : 'head'},150302,urban,alive,\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

test(`when a ${LINES.toLocaleString('en-US')}-line hukou file is imported, then every line is accounted for and the heap stays bounded`, async () => {
  const file = path.join(dir, 'hukou.csv');
  await writeHukou(file);
  const bytes = (await fs.stat(file)).size;

  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  /** What this process holds alive: the heap after a full collection, plus Buffers outside it. */
  const live = () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = live();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, live());
  }, 1000);

  const started = process.hrtime.bigint();
  const r = await importer!.importFile(file, 'hukou', { ...staff('registry'), timeoutMs: 300_000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  const after = live();

  expect(r).toMatchObject({ rowsLoaded: String(LINES - LINES / 1000), rowsRejected: String(LINES / 1000), alreadyImported: false });
  const [stored] = await registry!.ds.query('SELECT count(*)::int AS n, max(line_no) AS last FROM source_hukou WHERE file_id = $1', [r.fileId]);
  expect(stored).toEqual({ n: LINES - LINES / 1000, last: LINES + 1 });
  expect(r.errors).toHaveLength(100);
  expect(r.errors[0]).toEqual({ line: 502, reason: expect.stringMatching(/^idNumber: .*check character/) });

  const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
  process.stdout.write(
    `[source import] ${LINES} hukou lines (${mb(bytes)} MB) over gRPC in ${seconds.toFixed(2)} s = ${Math.round(LINES / seconds)} rows/s; ` +
      `live memory before ${mb(before)} MB, peak +${mb(peak - before)} MB, after +${mb(after - before)} MB\n`,
  );
  // Holding the file would keep all of its 16 MB alive as Buffers (twice that as strings, many
  // times that parsed); streaming keeps only the chunks in flight and one COPY batch.
  expect(peak - before).toBeLessThan(bytes * 0.75);
  // 4 MB is 20 bytes a line: anything kept per line would show
  expect(after - before).toBeLessThan(4 * 2 ** 20);
}, 300_000);
