/**
 * Dates that would contradict what the registry holds are refused (City §18: "one person in one
 * household at a time; every change kept as history"; docs/decisions/0010, 0013): a signature of the
 * authorisation to verify dated before the signer was born, a move out of a household dated before
 * the person moved into it, a death dated before the person moved into their household. Each is
 * INVALID_ARGUMENT naming the field (`signedAt`, `movedOn`, `deathDate`) in Chinese and English, and
 * changes nothing. The registry runs in-process on port 0 against its own PostgreSQL database and a
 * private nats-server, on a manual clock (2026-11-30). Nothing is mocked.
 */
import type { MovePersonRequestMsg } from '@wuhai/contracts';
import { ManualClock } from '@wuhai/service-kit';
import { failureOf, GRPC, member, staff } from '../support/fixtures';
import { registerHousehold, registrySnapshot } from '../support/households';
import { useRegistry, type RegistryUnderTest } from '../support/with-registry';

/** Monday 2026-11-30, 10:00 in Wuhai. */
const clock = new ManualClock(new Date('2026-11-30T02:00:00Z'));
const started = useRegistry('registry_event_dates', { clock });
let { registry, client }: Partial<RegistryUnderTest> = {};
beforeAll(() => ({ registry, client } = started()));

const clerk = staff('civil-affairs');
const api = () => client!;

/** What the registry holds: rows of each table that a refused call must leave as they were. */
const snapshot = () => registrySnapshot(registry!, { signatures: 'verification_authorisations' });

const register = (members: ReturnType<typeof member>[], street: string, address: string) => registerHousehold(api(), clerk, members, street, address);

const move = (personId: string, toHouseholdId: string, movedOn: string, relation = 'other'): MovePersonRequestMsg => ({
  personId,
  toHouseholdId,
  newHousehold: null,
  relation,
  movedOn,
  note: '',
  newHeadPersonId: '',
});

// 陈家: 陈志强 (head, 1985) and his daughter 陈小雨, born 2020-05-01.
const chen = {
  head: member({ id: 'head', name: '陈志强', relation: 'head', sex: 'M', birthDate: '1985-03-03', seq: 401 }),
  daughter: member({ id: 'daughter', name: '陈小雨', relation: 'child', sex: 'F', birthDate: '2020-05-01', seq: 402 }),
};
// 刘家 (two members) and 马家 (one), between whom 刘芳 moves.
const liu = {
  head: member({ id: 'head', name: '刘建华', relation: 'head', sex: 'M', birthDate: '1958-06-06', seq: 411 }),
  sister: member({ id: 'sister', name: '刘芳', relation: 'other', sex: 'F', birthDate: '1962-07-07', seq: 412 }),
};
const ma = member({ id: 'head', name: '马玉梅', relation: 'head', sex: 'F', birthDate: '1955-01-01', seq: 421 });

describe('signatures of the authorisation to verify', () => {
  let h = { id: '', person: {} as Record<string, string> };
  beforeAll(async () => {
    h = await register([chen.head, chen.daughter], '新华街道', '海勃湾区新华街道40号');
  });

  test('when the signing date is before a signer’s birth date, then INVALID_ARGUMENT names signedAt and that signer, nothing is recorded, and no verification can rely on it', async () => {
    const before = await snapshot();
    const f = await failureOf(api().RecordAuthorisation({ householdId: h.id, personIds: [h.person.head!, h.person.daughter!], signedAt: '2019-01-01' }, clerk));
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'VERIFICATION.SIGNED_BEFORE_BIRTH' });
    expect(f.fields).toEqual([
      {
        path: 'signedAt',
        code: 'VERIFICATION.SIGNED_BEFORE_BIRTH',
        message: `签署日期不能早于签署人 陈小雨 的出生日期（2020-05-01）/ the signing date must not be before the birth date of 陈小雨 (2020-05-01), person ${h.person.daughter}`,
      },
    ]);
    expect(await snapshot()).toEqual(before);
    const run = await failureOf(api().RunVerification({ householdId: h.id }, clerk));
    expect(run).toMatchObject({ status: GRPC.FAILED_PRECONDITION, code: 'VERIFICATION.NOT_AUTHORISED' });
  });

  test('when the signing date is the signer’s birth date or later, then it is recorded', async () => {
    const state = await api().RecordAuthorisation({ householdId: h.id, personIds: [h.person.daughter!], signedAt: '2020-05-01' }, clerk);
    expect(state.recordedIds).toHaveLength(1);
    const both = await api().RecordAuthorisation({ householdId: h.id, personIds: [h.person.head!, h.person.daughter!], signedAt: '2026-11-01' }, clerk);
    expect(both).toMatchObject({ complete: true, missing: [] });
  });
});

describe('a move out, and a death, dated before the person moved into their household', () => {
  let l = { id: '', person: {} as Record<string, string> };
  let m = { id: '', person: {} as Record<string, string> };
  beforeAll(async () => {
    l = await register([liu.head, liu.sister], '海北街道', '海勃湾区海北街道41号');
    m = await register([ma], '凤凰岭街道', '海勃湾区凤凰岭街道42号');
    // 刘芳 moves in with 马玉梅 on 2026-11-01
    await api().MovePerson(move(l.person.sister!, m.id, '2026-11-01'), clerk);
  });

  test('when 刘芳 moves back dated 2026-10-01, before she moved in on 2026-11-01, then INVALID_ARGUMENT names movedOn and why, and nothing changes', async () => {
    const before = await snapshot();
    const f = await failureOf(api().MovePerson(move(l.person.sister!, l.id, '2026-10-01'), clerk));
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'VALIDATION.INVALID_MOVE' });
    expect(f.fields).toEqual([
      {
        path: 'movedOn',
        code: 'VALIDATION.MOVE_DATE_BEFORE_MOVE_IN',
        message: '迁移日期不能早于此人迁入现户的日期（2026-11-01）/ the move date must not be before the day the person moved into their current household (2026-11-01)',
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  test('when a death of 刘芳 dated 2026-10-15, before she moved in, is recorded, then INVALID_ARGUMENT names deathDate and why, and nothing changes', async () => {
    const before = await snapshot();
    const f = await failureOf(api().RecordDeath({ personId: l.person.sister!, deathDate: '2026-10-15', source: 'family', note: '', newHeadPersonId: '' }, clerk));
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'VALIDATION.INVALID_DEATH' });
    expect(f.fields).toEqual([
      {
        path: 'deathDate',
        code: 'VALIDATION.DEATH_DATE_BEFORE_MOVE_IN',
        message: '死亡日期不能早于此人迁入现户的日期（2026-11-01）/ the death date must not be before the day the person moved into their current household (2026-11-01)',
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  test('a member since the household was registered has no move-in day: a death of 刘建华 long before today is accepted', async () => {
    const r = await api().RecordDeath({ personId: l.person.head!, deathDate: '2026-10-15', source: 'public-security', note: '', newHeadPersonId: '' }, clerk);
    expect(r.deathDate).toBe('2026-10-15');
  });

  test('when 刘芳 moves on after she moved in (2026-11-15), then the history reads moved in 11-01, moved out 11-15', async () => {
    const moved = await api().MovePerson(move(l.person.sister!, l.id, '2026-11-15', 'head'), clerk);
    expect(moved.toHouseholdId).toBe(l.id);
    const rows = (await registry!.ds.query(
      `SELECT field, new_value->>'movedOn' AS moved_on FROM household_changes WHERE field LIKE $1 ORDER BY id`,
      [`members.${l.person.sister}.moved%`],
    )) as { field: string; moved_on: string }[];
    expect(rows.map((r) => [r.field.split('.').at(-1), r.moved_on])).toEqual([
      ['movedOut', '2026-11-01'],
      ['movedIn', '2026-11-01'],
      ['movedOut', '2026-11-15'],
      ['movedIn', '2026-11-15'],
    ]);
  });

  test('when she dies on the day she moved in again, then it is recorded', async () => {
    const r = await api().RecordDeath({ personId: l.person.sister!, deathDate: '2026-11-15', source: 'medical-certificate', note: '', newHeadPersonId: '' }, clerk);
    expect(r).toMatchObject({ householdId: l.id, deathDate: '2026-11-15' });
  });
});
