/** The benchmarks' city fixture: written once per (households, seed, today), then reused as it is. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cityFixture, cityFixtureDir } from '../city-fixture';
import { writeExtracts } from '../../seed/extracts';
import { SOURCE_NAMES } from '../../sources/formats';

let root = '';
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'wuhai-fixture-test-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').length - 1; // less the header

test('when the fixture is asked for twice, then the extracts are written once, as writeExtracts writes them, and the second answer reuses them', async () => {
  const options = { households: 40, seed: 5, today: '2015-06-01', root };
  const first = await cityFixture(options);
  expect(first.cached).toBe(false);
  expect(first.dir).toBe(cityFixtureDir(options));
  for (const s of SOURCE_NAMES) expect(lines(first.files[s])).toBe(first.rows[s]);

  const stamp = fs.statSync(first.files.tax).mtimeMs;
  const second = await cityFixture(options);
  expect(second.cached).toBe(true);
  expect(fs.statSync(second.files.tax).mtimeMs).toBe(stamp);
  expect({ rows: second.rows, months: second.months, planted: second.planted, benign: second.benign }).toEqual({
    rows: first.rows,
    months: first.months,
    planted: first.planted,
    benign: first.benign,
  });

  // the same city written directly has the same bytes
  const direct = await writeExtracts(path.join(root, 'direct'), { households: 40, seed: 5, today: '2015-06-01' });
  for (const s of SOURCE_NAMES) expect(fs.readFileSync(first.files[s])).toEqual(fs.readFileSync(path.join(direct.dir, path.basename(first.files[s]))));
});

test('when another size or seed is asked for, then it has a folder of its own', async () => {
  const other = await cityFixture({ households: 41, seed: 5, today: '2015-06-01', root });
  expect(other.cached).toBe(false);
  expect(other.dir).not.toBe(cityFixtureDir({ households: 40, seed: 5, today: '2015-06-01', root }));
});

test('when a cached folder lost a file, then it is written again', async () => {
  const options = { households: 40, seed: 5, today: '2015-06-01', root };
  fs.rmSync((await cityFixture(options)).files.banks);
  const again = await cityFixture(options);
  expect(again.cached).toBe(false);
  expect(fs.existsSync(again.files.banks)).toBe(true);
});
