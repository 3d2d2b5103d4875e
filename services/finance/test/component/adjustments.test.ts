/**
 * Finance's consumer of `wuhai.civil-affairs.dibao.adjusted.v1` (docs/decisions/0013-deaths-and-moves.md),
 * fed by hand-built envelopes published straight to JetStream: the case's obligations in force end
 * with the month before the adjustment's first month (the month of the death is paid in full), the
 * new amounts are owed from then, and each month pays the household once — also when two
 * adjustments begin in the same month or a later-recorded death begins earlier.
 */
import { randomUUID } from 'node:crypto';
import { dibaoAdjustedSchema, dibaoApprovedSchema, SUBJECTS, type DibaoAdjusted, type DibaoApproved, type Envelope } from '@wuhai/contracts';
import { householdFacts, memberFacts } from '@wuhai/testing';
import { eventually, staff } from '../../../registry/test/support/fixtures';
import { useFinance, type FinanceUnderTest } from '../support/with-finance';


const started = useFinance('finance_adjustments', 'finance-adjustments-publisher');
let { finance, client, nc }: Partial<FinanceUnderTest> = {};
beforeAll(() => ({ finance, client, nc } = started()));

const headId = randomUUID();
const spouseId = randomUUID();

/** An approval paid from 2026-04: 1800 yuan top-up + 60 yuan supplement a month. */
function approval(householdId: string, caseId: string): DibaoApproved {
  return dibaoApprovedSchema.parse({
    caseId,
    applicationId: randomUUID(),
    householdId,
    area: '150302',
    hukou: 'urban',
    dibaoClass: 'C',
    monthlyAmountFen: 186_000,
    topUpFen: 180_000,
    supplementsFen: 6_000,
    paymentFromMonth: '2026-04',
    decidedOn: '2026-03-09',
    clauses: ['City §3'],
    household: householdFacts([memberFacts({ id: headId, name: '王大山' }), memberFacts({ id: spouseId, name: '刘梅', relation: 'spouse' })]),
  });
}

function adjustment(householdId: string, caseId: string, over: Partial<DibaoAdjusted>): DibaoAdjusted {
  return dibaoAdjustedSchema.parse({
    adjustmentId: randomUUID(),
    caseId,
    householdId,
    area: '150302',
    reason: 'member-died',
    personId: spouseId,
    eventDate: '2026-05-20',
    fromMonth: '2026-06',
    status: 'ELIGIBLE',
    dibaoClass: 'A',
    monthlyAmountFen: 60_000,
    topUpFen: 60_000,
    supplementsFen: 0,
    previousMonthlyAmountFen: 186_000,
    members: [headId],
    clauses: ['City §3'],
    evaluation: null,
    ...over,
  });
}

function envelopeOf<T>(subject: string, data: T): Envelope<T> {
  return { id: randomUUID(), type: subject, occurredAt: new Date().toISOString(), correlationId: randomUUID(), causationId: null, source: 'civil-affairs', data };
}

async function publish(subject: string, envelope: unknown, msgID: string) {
  return nc!.jetstream().publish(subject, new TextEncoder().encode(typeof envelope === 'string' ? envelope : JSON.stringify(envelope)), { msgID });
}

/** Waits until finance's consumer of `durable` has settled every message up to `seq`. */
async function settled(durable: string, seq: number) {
  const jsm = await nc!.jetstreamManager();
  return eventually(`${durable} to settle through ${seq}`, async () => {
    const info = await jsm.consumers.info('WUHAI_CIVIL_AFFAIRS', durable);
    return info.ack_floor.stream_seq >= seq && info.num_ack_pending === 0 ? info : undefined;
  });
}

async function obligations(householdId: string) {
  const rows = (await finance!.ds.query(
    `SELECT program, monthly_amount_fen::int AS fen, from_month, until_month FROM obligations WHERE household_id = $1 ORDER BY program, from_month`,
    [householdId],
  )) as { program: string; fen: number; from_month: string; until_month: string | null }[];
  return rows.map((r) => [r.program, r.fen, r.from_month, r.until_month]);
}

const totalIn = async (householdId: string, month: string) => (await client!.ListObligations({ month, householdId }, staff('finance'))).totalFen;

async function approve(householdId: string, caseId: string) {
  const e = envelopeOf(SUBJECTS.dibaoApproved, approval(householdId, caseId));
  const ack = await publish(SUBJECTS.dibaoApproved, e, e.id);
  await settled('finance-dibao-approved', ack.seq);
}

async function adjust(a: DibaoAdjusted) {
  const e = envelopeOf(SUBJECTS.dibaoAdjusted, a);
  const ack = await publish(SUBJECTS.dibaoAdjusted, e, e.id);
  await settled('finance-dibao-adjusted', ack.seq);
  return { envelope: e, seq: ack.seq };
}

describe('when a member of a paid household dies in May', () => {
  const householdId = randomUUID();
  const caseId = randomUUID();

  test('when the adjustment from 2026-06 is recorded, then the top-up and supplement end with May and 600 yuan is owed from June', async () => {
    await approve(householdId, caseId);
    const { envelope } = await adjust(adjustment(householdId, caseId, {}));
    expect(await obligations(householdId)).toEqual([
      ['dibao', 180_000, '2026-04', '2026-05'],
      ['dibao', 60_000, '2026-06', null],
      ['dibao.supplement', 6_000, '2026-04', '2026-05'],
    ]);
    expect(await totalIn(householdId, '2026-05')).toBe('186000');
    expect(await totalIn(householdId, '2026-06')).toBe('60000');
    const [row] = await finance!.ds.query("SELECT source_event_id, adjustment_id FROM obligations WHERE household_id = $1 AND from_month = '2026-06'", [householdId]);
    expect(row).toEqual({ source_event_id: envelope.id, adjustment_id: envelope.data.adjustmentId });
  });

  test('when one adjustment is delivered twice (the same envelope under another msgID), then it is recorded once', async () => {
    const e = envelopeOf(SUBJECTS.dibaoAdjusted, adjustment(householdId, caseId, { topUpFen: 50_000, monthlyAmountFen: 50_000 }));
    await publish(SUBJECTS.dibaoAdjusted, e, `first-${e.id}`);
    const ack = await publish(SUBJECTS.dibaoAdjusted, e, `second-${e.id}`);
    await settled('finance-dibao-adjusted', ack.seq);
    expect(await obligations(householdId)).toEqual([
      ['dibao', 180_000, '2026-04', '2026-05'],
      ['dibao', 50_000, '2026-06', null],
      ['dibao.supplement', 6_000, '2026-04', '2026-05'],
    ]);
    const [{ n }] = await finance!.ds.query('SELECT count(*)::int AS n FROM inbox WHERE event_id = $1', [e.id]);
    expect(n).toBe(1);
  });
});

describe('when two adjustments of one case begin in the same month', () => {
  const householdId = randomUUID();
  const caseId = randomUUID();

  test('then the later one replaces the amount of that month on: one obligation per program and month', async () => {
    await approve(householdId, caseId);
    await adjust(adjustment(householdId, caseId, { topUpFen: 120_000, supplementsFen: 3_000, monthlyAmountFen: 123_000 }));
    await adjust(adjustment(householdId, caseId, { personId: headId, eventDate: '2026-05-28', topUpFen: 60_000, supplementsFen: 0, monthlyAmountFen: 60_000 }));
    expect(await obligations(householdId)).toEqual([
      ['dibao', 180_000, '2026-04', '2026-05'],
      ['dibao', 60_000, '2026-06', null],
      ['dibao.supplement', 6_000, '2026-04', '2026-05'],
      ['dibao.supplement', 3_000, '2026-06', '2026-05'],
    ]);
    expect(await totalIn(householdId, '2026-06')).toBe('60000');
    expect(await totalIn(householdId, '2026-12')).toBe('60000');
  });
});

describe('when a death recorded later began earlier than an adjustment already recorded', () => {
  const householdId = randomUUID();
  const caseId = randomUUID();

  test('then the earlier adjustment’s amount is owed from its month, and the later one is replaced before it begins', async () => {
    await approve(householdId, caseId);
    await adjust(adjustment(householdId, caseId, { fromMonth: '2026-08', topUpFen: 120_000, monthlyAmountFen: 120_000 }));
    await adjust(adjustment(householdId, caseId, { fromMonth: '2026-06', topUpFen: 60_000, monthlyAmountFen: 60_000 }));
    expect(await obligations(householdId)).toEqual([
      ['dibao', 180_000, '2026-04', '2026-05'],
      ['dibao', 60_000, '2026-06', null],
      ['dibao', 120_000, '2026-08', '2026-07'],
      ['dibao.supplement', 6_000, '2026-04', '2026-05'],
    ]);
    for (const month of ['2026-06', '2026-07', '2026-08', '2027-01']) expect([month, await totalIn(householdId, month)]).toEqual([month, '60000']);
    expect(await totalIn(householdId, '2026-05')).toBe('186000');
  });
});

describe('when nothing is payable any more', () => {
  const householdId = randomUUID();
  const caseId = randomUUID();

  test('when the adjustment says NO_MEMBERS from 2026-06, then every obligation ends with May and none is owed after', async () => {
    await approve(householdId, caseId);
    await adjust(adjustment(householdId, caseId, { status: 'NO_MEMBERS', dibaoClass: null, topUpFen: 0, supplementsFen: 0, monthlyAmountFen: 0, members: [] }));
    expect(await obligations(householdId)).toEqual([
      ['dibao', 180_000, '2026-04', '2026-05'],
      ['dibao.supplement', 6_000, '2026-04', '2026-05'],
    ]);
    expect(await totalIn(householdId, '2026-06')).toBe('0');
  });

  test('when an adjustment has a malformed month, then it is poisoned and changes nothing', async () => {
    const bad = envelopeOf(SUBJECTS.dibaoAdjusted, { ...adjustment(householdId, caseId, {}), fromMonth: '2026-13' });
    const ack = await publish(SUBJECTS.dibaoAdjusted, bad, bad.id);
    await settled('finance-dibao-adjusted', ack.seq);
    const [poisoned] = await finance!.ds.query('SELECT subject, reason FROM poisoned_events WHERE stream_seq = $1', [ack.seq]);
    expect(poisoned.subject).toBe(SUBJECTS.dibaoAdjusted);
    expect(poisoned.reason).toMatch(/^invalid event: .*fromMonth/s);
    expect(await totalIn(householdId, '2026-06')).toBe('0');
  });
});
