/**
 * A move into or out of a paid household puts the case in front of a clerk (City §18 "one person in
 * one household at a time (a move is a recorded change)"; docs/decisions/0012, 0013): the registry
 * records the move and announces `person.moved`; civil affairs opens a `member-moved` review on the
 * approved case of the household left and of the household joined, naming the person (masked) and
 * both households. The review changes neither status nor amount; a redelivered event adds nothing.
 * The registry and civil affairs run in-process on their own PostgreSQL databases over a private
 * nats-server, on one manual clock. Nothing is mocked.
 */
import { maskIdNumber, personMovedSchema, STREAMS, SUBJECTS, type Envelope, type PersonMoved, type TypedClient } from '@wuhai/contracts';
import { connectNats, createLogger, ManualClock } from '@wuhai/service-kit';
import { useCivilAffairsWithRegistry } from '../support/with-registry';
import { registryEventOf, wangFamily } from '../support/paid-cases';
import { moveRequest, newHousehold } from '../../../registry/test/support/households';
import { eventually, household, member, registration, staff } from '../../../registry/test/support/fixtures';

type Nats = Awaited<ReturnType<typeof connectNats>>;

/** Monday 2026-03-02, 10:00 in Wuhai (UTC+8). */
const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
let registry: TypedClient<'registry'>;
let civil: TypedClient<'civil-affairs'>;
let nc: Nats | undefined;

// declared before the harness, so the test's connection closes before the nats-server stops
afterAll(async () => {
  await nc?.close();
});
const services = useCivilAffairsWithRegistry({ databases: 'move', clock });

const clerk = staff('civil-affairs');

/*
 * 王家 (海勃湾区新华街道5号): head 王大山 (works, 400 yuan), spouse 刘梅 (works, 200 yuan), his mother
 *   赵秀英 (76, no income) — approved for 1230 yuan a month (123 000 fen; worked in member-death.test.ts).
 * 李家 (海勃湾区海北街道2号): 李秀兰 alone (76, no income) — approved for 600 + 30 yuan = 63 000 fen
 *   (urban standard 600 yuan, top-up 600 − 0; supplement 5 % of 600 for 60–79).
 * 孙家 (海南区): 孙强 alone, no dibao case.
 */
const wang = wangFamily;
const li = member({ id: 'head', name: '李秀兰', relation: 'head', sex: 'F', birthDate: '1950-04-04', seq: 21 });
const sun = member({ id: 'head', name: '孙强', relation: 'head', sex: 'M', birthDate: '1968-08-08', seq: 31, area: '150303', canWork: true, employed: true, monthlyIncomeFen: 300_000 });

interface Household {
  id: string;
  no: string;
  person: Record<string, string>;
  caseId?: string;
}
const hh: Record<'wang' | 'li' | 'sun', Household> = {} as never;

beforeAll(async () => {
  ({ registry, civil } = services());
  nc = await connectNats(services().natsUrl, 'member-move-test', createLogger('member-move-test', 'silent'));

  const facts = {
    wang: registration(household([wang.head, wang.spouse, wang.mother]), '新华街道', '海勃湾区新华街道5号'),
    li: registration(household([li]), '海北街道', '海勃湾区海北街道2号'),
    sun: registration(household([sun], { area: '150303' }), '拉僧仲街道', '海南区拉僧仲街道9号'),
  };
  for (const key of ['wang', 'li', 'sun'] as const) {
    const r = await registry.RegisterHousehold(facts[key], clerk);
    const person = Object.fromEntries(r.members.map((m) => [m.ref, m.personId]));
    const no = (await registry.GetHousehold({ id: r.id }, clerk)).householdNo;
    hh[key] = { id: r.id, no, person };
    if (key === 'sun') continue;
    await registry.RecordAuthorisation({ householdId: r.id, personIds: Object.values(person), signedAt: '2026-03-02' }, clerk);
    const app = await civil.SubmitApplication({ householdId: r.id, programs: ['dibao'], note: '', declarationSigned: true, authorisationSigned: true }, clerk);
    hh[key].caseId = app.routes[0]!.caseId;
    await civil.TransitionCase({ id: hh[key].caseId, action: 'verify', note: '' }, clerk);
    await civil.TransitionCase({ id: hh[key].caseId, action: 'start_notice', note: '' }, clerk);
  }
  clock.advanceDays(7);
  for (const key of ['wang', 'li'] as const) await civil.TransitionCase({ id: hh[key].caseId!, action: 'approve', note: '公示无异议' }, clerk);
  clock.set(new Date('2026-05-25T02:00:00Z'));
}, 120_000);

/** The reviews of a case, oldest first. */
async function reviews(caseId: string) {
  return (await services().civilSvc.ds.query('SELECT id, reason, reasons, opened_by, resolved_at FROM case_reviews WHERE case_id = $1 ORDER BY opened_at, id', [caseId])) as {
    id: string;
    reason: string;
    reasons: string[];
    opened_by: string;
    resolved_at: Date | null;
  }[];
}

/** The `person.moved` envelope the registry announced for `personId`. */
const movedEnvelope = (personId: string): Promise<Envelope<PersonMoved>> => registryEventOf(nc!, SUBJECTS.personMoved, personMovedSchema, personId);

/** Waits until civil affairs' consumer of moves has settled every message up to `seq`. */
async function consumedThrough(seq: number) {
  const jsm = await nc!.jetstreamManager();
  return eventually(`the move consumer to settle through stream seq ${seq}`, async () => {
    const info = await jsm.consumers.info(STREAMS.registry.name, 'civil-affairs-person-moved');
    return info.ack_floor.stream_seq >= seq && info.num_ack_pending === 0 ? info : undefined;
  });
}

describe('when 赵秀英 moves from one paid household (王家) into another (李家)', () => {
  test('then each case gets one member-moved review naming her masked and both households, and neither status nor amount changes', async () => {
    const before = {
      wang: await civil.GetCase({ id: hh.wang.caseId! }, clerk),
      li: await civil.GetCase({ id: hh.li.caseId! }, clerk),
    };
    expect(before.wang).toMatchObject({ status: 'approved', monthlyAmountFen: '123000', householdSize: 3 });
    expect(before.li).toMatchObject({ status: 'approved', monthlyAmountFen: '63000', householdSize: 1 });

    await registry.MovePerson(
      moveRequest({ personId: hh.wang.person.mother!, toHouseholdId: hh.li.id, relation: 'other', movedOn: '2026-05-24', note: '投靠亲属' }),
      clerk,
    );
    const left = await eventually('the review of 王家', async () => ((await reviews(hh.wang.caseId!)).length ? reviews(hh.wang.caseId!) : undefined));
    const joined = await eventually('the review of 李家', async () => ((await reviews(hh.li.caseId!)).length ? reviews(hh.li.caseId!) : undefined));

    const who = `赵*（身份证号 ${maskIdNumber(wang.mother.idNumber!)}）`;
    const wangHh = `户号 ${hh.wang.no} 的户（${hh.wang.id}）`;
    const liHh = `户号 ${hh.li.no} 的户（${hh.li.id}）`;
    expect(left).toEqual([{ id: expect.any(String), reason: 'member-moved', reasons: [expect.any(String)], opened_by: 'system:member-moved', resolved_at: null }]);
    expect(left[0]!.reasons[0]).toBe(
      `本户（${wangHh}）成员${who}于 2026-05-24 迁出，迁入${liHh}；家庭成员已变化，请复核本案的保障人数、收入和金额 / ` +
        `赵* (ID number ${maskIdNumber(wang.mother.idNumber!)}) moved out of this household (household ${hh.wang.no} (${hh.wang.id})) on 2026-05-24 into household ${hh.li.no} (${hh.li.id}): the members changed; check the persons counted, the income and the amount`,
    );
    expect(joined).toEqual([{ id: expect.any(String), reason: 'member-moved', reasons: [expect.any(String)], opened_by: 'system:member-moved', resolved_at: null }]);
    expect(joined[0]!.reasons[0]).toBe(
      `${who}于 2026-05-24 从${wangHh}迁入本户（${liHh}）；家庭成员已变化，请复核本案的保障人数、收入和金额 / ` +
        `赵* (ID number ${maskIdNumber(wang.mother.idNumber!)}) moved into this household (household ${hh.li.no} (${hh.li.id})) from household ${hh.wang.no} (${hh.wang.id}) on 2026-05-24: the members changed; check the persons counted, the income and the amount`,
    );
    // neither the full name nor the full ID number is written
    for (const s of [...left[0]!.reasons, ...joined[0]!.reasons]) {
      expect(s).not.toContain('赵秀英');
      expect(s).not.toContain(wang.mother.idNumber!);
    }

    // the cases themselves are untouched: a review records, the clerk decides (decision 0012)
    for (const key of ['wang', 'li'] as const) {
      const after = await civil.GetCase({ id: hh[key].caseId! }, clerk);
      expect(after).toMatchObject({ status: 'approved', monthlyAmountFen: before[key].monthlyAmountFen, householdSize: before[key].householdSize, dibaoClass: before[key].dibaoClass });
      expect(after.openReviews).toBe(1);
      expect(after.history.filter((h) => h.action === 'review_opened').map((h) => h.note.split('\n')[0])).toEqual(['复核（member-moved）/ review (member-moved)']);
      expect(after.history.filter((h) => h.action === 'adjust')).toEqual([]);
    }
  });

  test('when the same event is delivered again (the same envelope under another msgID), then nothing more is opened', async () => {
    const envelope = await movedEnvelope(hh.wang.person.mother!);
    const again = await nc!.jetstream().publish(SUBJECTS.personMoved, new TextEncoder().encode(JSON.stringify(envelope)), { msgID: `again-${envelope.id}` });
    expect(again.duplicate).toBe(false);
    await consumedThrough(again.seq);
    expect(await reviews(hh.wang.caseId!)).toHaveLength(1);
    expect(await reviews(hh.li.caseId!)).toHaveLength(1);
    const inbox = (await services().civilSvc.ds.query('SELECT consumer FROM inbox WHERE event_id = $1', [envelope.id])) as { consumer: string }[];
    expect(inbox).toEqual([{ consumer: 'civil-affairs-person-moved' }]);
    const [{ p }] = (await services().civilSvc.ds.query('SELECT count(*)::int AS p FROM poisoned_events')) as [{ p: number }];
    expect(p).toBe(0);
  });
});

describe('when a person of a household without a dibao case moves to a new household elsewhere', () => {
  test('then the event is consumed and no case gets a review', async () => {
    const [{ n: reviewsBefore }] = (await services().civilSvc.ds.query('SELECT count(*)::int AS n FROM case_reviews')) as [{ n: number }];
    const moved = await registry.MovePerson(
      moveRequest({ personId: hh.sun.person.head!, newHousehold: newHousehold('乌达区新达街道12号', '新达街道', { area: '150304', livingAreaM2: 30, assets: null }), movedOn: '2026-05-24' }),
      clerk,
    );
    expect(moved.splitSuspected).toBeNull();
    const envelope = await movedEnvelope(hh.sun.person.head!);
    await eventually('the move in the inbox', async () => {
      const rows = (await services().civilSvc.ds.query('SELECT 1 FROM inbox WHERE event_id = $1', [envelope.id])) as unknown[];
      return rows.length ? rows : undefined;
    });
    const [{ n }] = (await services().civilSvc.ds.query('SELECT count(*)::int AS n FROM case_reviews')) as [{ n: number }];
    expect(n).toBe(reviewsBefore);
  });
});
