/**
 * Component test of the list of possible split households (`ListDuplicates`, kind
 * `possible-split-household`; docs/decisions/0013-deaths-and-moves.md): a pair is listed while it
 * holds — the person is still a member of the household they founded at the address they left, and
 * the household left still has a member. When the person moves back, or the household left empties,
 * the pair drops out of the list and out of its total. The registry runs in-process on port 0
 * against its own PostgreSQL database and a private nats-server, on a manual clock (2026-03-16).
 * Nothing is mocked.
 */
import type { MovePersonRequestMsg } from '@wuhai/contracts';
import { ManualClock } from '@wuhai/service-kit';
import { member, staff } from '../support/fixtures';
import { newHousehold, registerHousehold } from '../support/households';
import { useRegistry, type RegistryUnderTest } from '../support/with-registry';

const clock = new ManualClock(new Date('2026-03-16T02:00:00Z'));
const started = useRegistry('registry_split_listing', { clock });
let { client }: Partial<RegistryUnderTest> = {};
beforeAll(() => ({ client } = started()));

const clerk = staff('civil-affairs');
const registryClerk = staff('registry');
const api = () => client!;

const register = (members: ReturnType<typeof member>[], address: string) => registerHousehold(api(), clerk, members, '新华街道', address);

function move(personId: string, to: { toHouseholdId?: string; newHousehold?: MovePersonRequestMsg['newHousehold'] }, relation = '') {
  return api().MovePerson(
    { personId, toHouseholdId: to.toHouseholdId ?? '', newHousehold: to.newHousehold ?? null, relation, movedOn: '2026-03-15', note: '', newHeadPersonId: '' },
    clerk,
  );
}

async function splits() {
  const listed = await api().ListDuplicates({ kind: 'possible-split-household', limit: 200, offset: 0 }, registryClerk);
  return { total: listed.total, pairs: listed.duplicates.map((d) => ({ personIds: d.persons.map((p) => p.personId), householdId: d.persons[0]?.householdId, left: d.foundHouseholdId })) };
}

// 何家 at 新华街道30号: the daughter founds a household at the same address, then moves back.
const he = { head: member({ id: 'head', name: '何守义', relation: 'head', sex: 'M', birthDate: '1950-01-01', seq: 701 }), daughter: member({ id: 'daughter', name: '何丽', relation: 'child', sex: 'F', birthDate: '1980-02-02', seq: 702 }) };
// 罗家 at 新华街道31号: the son founds a household at the same address; his father then joins him, emptying the household left.
const luo = { head: member({ id: 'head', name: '罗长发', relation: 'head', sex: 'M', birthDate: '1948-03-03', seq: 703 }), son: member({ id: 'son', name: '罗勇', relation: 'child', sex: 'M', birthDate: '1975-04-04', seq: 705 }) };
// 范家 at 新华街道32号: the son founds a household at the same address and stays.
const fan = { head: member({ id: 'head', name: '范大山', relation: 'head', sex: 'M', birthDate: '1952-05-05', seq: 707 }), son: member({ id: 'son', name: '范小川', relation: 'child', sex: 'M', birthDate: '1979-06-06', seq: 709 }) };

let heH = { id: '', person: {} as Record<string, string> };
let luoH = { id: '', person: {} as Record<string, string> };
let fanH = { id: '', person: {} as Record<string, string> };
const founded: Record<string, string> = {};

beforeAll(async () => {
  heH = await register([he.head, he.daughter], '海勃湾区新华街道30号');
  luoH = await register([luo.head, luo.son], '海勃湾区新华街道31号');
  fanH = await register([fan.head, fan.son], '海勃湾区新华街道32号');
  for (const [name, h, who, address] of [
    ['he', heH, 'daughter', '海勃湾区新华街道30号'],
    ['luo', luoH, 'son', '海勃湾区新华街道31号'],
    ['fan', fanH, 'son', '海勃湾区新华街道32号'],
  ] as const) {
    const r = await move(h.person[who]!, { newHousehold: newHousehold(address) });
    expect(r.splitSuspected).not.toBeNull();
    founded[name] = r.toHouseholdId;
  }
});

describe('possible split households while the pairs hold', () => {
  test('when three people have founded households at the addresses they left, then all three pairs are listed, each person in the household founded', async () => {
    expect(await splits()).toEqual({
      total: '3',
      pairs: [
        { personIds: [heH.person.daughter], householdId: founded.he, left: heH.id },
        { personIds: [luoH.person.son], householdId: founded.luo, left: luoH.id },
        { personIds: [fanH.person.son], householdId: founded.fan, left: fanH.id },
      ],
    });
  });
});

describe('possible split households that no longer hold', () => {
  test('when the daughter moves back into the household she left, then her pair drops out of the list and its total', async () => {
    await move(heH.person.daughter!, { toHouseholdId: heH.id }, 'child');
    expect((await api().GetHousehold({ id: founded.he! }, clerk)).facts.members).toHaveLength(0);
    const listed = await splits();
    expect(listed.total).toBe('2');
    expect(listed.pairs.map((p) => p.personIds[0])).toEqual([luoH.person.son, fanH.person.son]);
  });

  test('when the father joins his son in the household the son founded, leaving the old one empty, then that pair drops out too', async () => {
    await move(luoH.person.head!, { toHouseholdId: founded.luo! }, 'parent');
    expect((await api().GetHousehold({ id: luoH.id }, clerk)).facts.members).toHaveLength(0);
    expect(await splits()).toEqual({ total: '1', pairs: [{ personIds: [fanH.person.son], householdId: founded.fan, left: fanH.id }] });
  });

  test('when every kind is listed at once, then the total counts only the pair that holds among the split households', async () => {
    const all = await api().ListDuplicates({ kind: '', limit: 200, offset: 0 }, registryClerk);
    expect(all.duplicates.filter((d) => d.kind === 'possible-split-household').map((d) => d.persons[0]!.personId)).toEqual([fanH.person.son]);
    expect(Number(all.total)).toBe(all.duplicates.length);
  });

  test('when the list is paged past the pair that holds, then the page is empty and the total stays 1', async () => {
    const page = await api().ListDuplicates({ kind: 'possible-split-household', limit: 10, offset: 1 }, registryClerk);
    expect(page).toEqual({ duplicates: [], total: '1' });
  });
});
