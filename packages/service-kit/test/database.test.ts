import { EntitySchema, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
// service-kit does not depend on @wuhai/testing (the dependency runs the other way for no one):
// the harness is imported by path.
import { useTestDatabase } from '../../testing/src/harness';
import { createLogger, dateTransformer, fenTransformer, openDataSource } from '../src';

describe('fenTransformer', () => {
  test.each([0, 1, 186_000, -5, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER])('when %p fen is written, then it goes to PostgreSQL as its decimal string', (fen) => {
    expect(fenTransformer.to(fen)).toBe(String(fen));
  });

  test.each([2 ** 53, Number.MAX_SAFE_INTEGER + 2, 12.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY])('when %p is written as fen, then it is refused', (v) => {
    expect(() => fenTransformer.to(v)).toThrow(/not a safe integer/);
  });

  test.each(['9007199254740992', '9007199254740993', '-9007199254740993', '99999999999999999999'])('when PostgreSQL returns %s, then reading it is refused rather than losing a fen', (v) => {
    expect(() => fenTransformer.from(v)).toThrow(/not a safe integer/);
  });

  test('when PostgreSQL returns a safe bigint string, then it becomes that number; null stays null', () => {
    expect(fenTransformer.from('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(fenTransformer.from('-120')).toBe(-120);
    expect(fenTransformer.from(null)).toBeNull();
    expect(fenTransformer.to(null)).toBeNull();
  });
});

interface PurseRow {
  id: number;
  amountFen: number;
  untransformed: string;
  paidOn: string;
}

const PurseEntity = new EntitySchema<PurseRow>({
  name: 'Purse',
  tableName: 'purses',
  columns: {
    id: { type: 'integer', primary: true },
    amountFen: { name: 'amount_fen', type: 'bigint', transformer: fenTransformer },
    untransformed: { type: 'bigint' },
    paidOn: { name: 'paid_on', type: 'date', transformer: dateTransformer },
  },
});

class CreatePurses1700000000000 implements MigrationInterface {
  name = 'CreatePurses1700000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE purses (id integer PRIMARY KEY, amount_fen bigint NOT NULL, untransformed bigint NOT NULL, paid_on date NOT NULL)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE purses');
  }
}

describe('a bigint fen column on a real PostgreSQL', () => {
  let ds: DataSource | undefined;
  // Declared before useTestDatabase so that it runs before the database is dropped.
  afterAll(async () => {
    await ds?.destroy();
  });
  const url = useTestDatabase('service_kit_fen');
  beforeAll(async () => {
    ds = await openDataSource({ url: url(), entities: [PurseEntity], migrations: [CreatePurses1700000000000], logger: createLogger('test', 'silent') });
  });
  const purses = () => ds!.getRepository(PurseEntity);

  test('when migrations ran through openDataSource, then the table exists and the migration is recorded', async () => {
    const [row] = await ds!.query("SELECT count(*)::int AS n FROM migrations WHERE name = 'CreatePurses1700000000000'");
    expect(row.n).toBe(1);
  });

  test('when a fen amount is saved and read back, then it is a JS number, while an untransformed bigint comes back as a string', async () => {
    await purses().insert({ id: 1, amountFen: 123_456_789_012, untransformed: '42', paidOn: '2026-03-31' });
    await purses().insert({ id: 2, amountFen: Number.MAX_SAFE_INTEGER, untransformed: '7', paidOn: '2026-01-01' });
    const one = await purses().findOneByOrFail({ id: 1 });
    expect(one.amountFen).toBe(123_456_789_012);
    expect(typeof one.amountFen).toBe('number');
    expect(one.untransformed).toBe('42'); // the pitfall the transformer exists for
    expect(one.paidOn).toBe('2026-03-31'); // a calendar date, not a Date shifted by the time zone
    expect((await purses().findOneByOrFail({ id: 2 })).amountFen).toBe(Number.MAX_SAFE_INTEGER);
  });

  test('when an unsafe integer is saved, then the write is refused and nothing is stored', async () => {
    await expect(purses().insert({ id: 3, amountFen: 2 ** 53 + 2, untransformed: '0', paidOn: '2026-01-01' })).rejects.toThrow(/not a safe integer/);
    await expect(purses().insert({ id: 4, amountFen: 10.5, untransformed: '0', paidOn: '2026-01-01' })).rejects.toThrow(/not a safe integer/);
    expect(await purses().count()).toBe(2);
  });

  test('when the column holds a value beyond 2^53 (written by SQL), then reading it is refused rather than rounded', async () => {
    await ds!.query("INSERT INTO purses (id, amount_fen, untransformed, paid_on) VALUES (5, 9007199254740993, 0, '2026-01-01')");
    await expect(purses().findOneByOrFail({ id: 5 })).rejects.toThrow(/9007199254740993 is not a safe integer/);
  });
});
