/**
 * Finance's consumer of `wuhai.civil-affairs.dibao.approved.v1`, fed by hand-built envelopes
 * published straight to JetStream: idempotent by event id (inbox), and poisoned messages are
 * recorded and terminated, never redelivered, without stopping the consumer.
 */
import { randomUUID } from 'node:crypto';
import { dibaoApprovedSchema, STREAMS, SUBJECTS, type DibaoApproved, type Envelope } from '@wuhai/contracts';
import { householdFacts, memberFacts } from '@wuhai/testing';
import { eventually, sleep, staff } from '../../../registry/test/support/fixtures';
import { useFinance, type FinanceUnderTest } from '../support/with-finance';

const STREAM = STREAMS['civil-affairs'].name;
const DURABLE = 'finance-dibao-approved';

const started = useFinance('finance_idempotency', 'finance-test-publisher');
let { finance, client, nc }: Partial<FinanceUnderTest> = {};
beforeAll(() => ({ finance, client, nc } = started()));

/** A valid approval as civil affairs would announce it: 1800 yuan top-up + 60 yuan supplement. */
function approval(overrides: Partial<DibaoApproved> = {}): DibaoApproved {
  return dibaoApprovedSchema.parse({
    caseId: randomUUID(),
    applicationId: randomUUID(),
    householdId: randomUUID(),
    area: '150303',
    hukou: 'urban',
    dibaoClass: 'A',
    monthlyAmountFen: 186_000,
    topUpFen: 180_000,
    supplementsFen: 6_000,
    paymentFromMonth: '2026-04',
    decidedOn: '2026-03-09',
    clauses: ['City §3', 'Reg. Art. 9', 'Reg. Art. 12'],
    household: householdFacts(
      [memberFacts({ id: randomUUID(), name: '孙建华', birthDate: '1955-02-02', disability: { category: 1, grade: 1 } })],
      { area: '150303', livingAreaM2: 40 },
    ),
    ...overrides,
  });
}

function envelopeOf<T>(data: T): Envelope<T> {
  return {
    id: randomUUID(),
    type: SUBJECTS.dibaoApproved,
    occurredAt: new Date().toISOString(),
    correlationId: randomUUID(),
    causationId: null,
    source: 'civil-affairs',
    data,
  };
}

const encode = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

async function publish(body: unknown, msgID: string) {
  return nc!.jetstream().publish(SUBJECTS.dibaoApproved, encode(body), { msgID });
}

/** Waits until finance's durable consumer has settled (acked or terminated) every message up to `seq`. */
async function consumedThrough(seq: number) {
  const jsm = await nc!.jetstreamManager();
  return eventually(`the consumer to settle through stream seq ${seq}`, async () => {
    const info = await jsm.consumers.info(STREAM, DURABLE);
    return info.ack_floor.stream_seq >= seq && info.num_ack_pending === 0 && info.num_pending === 0 ? info : undefined;
  });
}

async function rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return finance!.ds.query(sql, params);
}

describe('when the same approval arrives twice', () => {
  const event = envelopeOf(approval());

  test('when the same envelope is published again under another msgID, then the stream keeps both but finance records one obligation set and one inbox row', async () => {
    const first = await publish(event, `first-${event.id}`);
    const second = await publish(event, `second-${event.id}`);
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(false); // a different msgID: the stream does not de-duplicate it
    expect(second.seq).toBe(first.seq + 1);

    const info = await consumedThrough(second.seq);
    expect(info.num_redelivered).toBe(0);

    const obligations = await rows<{ program: string; monthly_amount_fen: string; from_month: string; source_event_id: string }>(
      'SELECT program, monthly_amount_fen, from_month, source_event_id FROM obligations WHERE case_id = $1 ORDER BY program',
      [event.data.caseId],
    );
    expect(obligations).toEqual([
      { program: 'dibao', monthly_amount_fen: '180000', from_month: '2026-04', source_event_id: event.id },
      { program: 'dibao.supplement', monthly_amount_fen: '6000', from_month: '2026-04', source_event_id: event.id },
    ]);
    expect(await rows('SELECT event_id, consumer, subject FROM inbox')).toEqual([
      { event_id: event.id, consumer: DURABLE, subject: SUBJECTS.dibaoApproved },
    ]);

    const listed = await client!.ListObligations({ month: '2026-04', householdId: '' }, staff('finance'));
    expect(listed.obligations).toHaveLength(2);
    expect(listed.totalFen).toBe('186000');
    expect(listed.totals).toEqual([
      { department: 'civil-affairs', program: 'dibao', area: '150303', households: '1', amountFen: '180000' },
      { department: 'civil-affairs', program: 'dibao.supplement', area: '150303', households: '1', amountFen: '6000' },
    ]);
  });

  test('when it is published a third time with the first msgID inside the duplicate window, then the stream itself drops it', async () => {
    const again = await publish(event, `first-${event.id}`);
    expect(again.duplicate).toBe(true);
    expect(await rows('SELECT 1 FROM inbox')).toHaveLength(1);
  });

  test('when a non-finance clerk lists all obligations, then PERMISSION_DENIED', async () => {
    await expect(client!.ListObligations({ month: '', householdId: '' }, staff('housing'))).rejects.toMatchObject({ code: 7 });
  });
});

describe('when poisoned messages arrive', () => {
  const poisoned = async () => rows<{ subject: string; stream_seq: string; payload: string; reason: string }>(
    'SELECT subject, stream_seq, payload, reason FROM poisoned_events ORDER BY id',
  );

  test('when a message is not JSON, or its payload fails the schema, or its envelope is malformed, then each is recorded in poisoned_events, terminated and not redelivered', async () => {
    const notJson = await publish('{"id": "broken', `poison-${randomUUID()}`);
    const badPayload = envelopeOf({ ...approval(), monthlyAmountFen: -5, paymentFromMonth: 'April' });
    const badPayloadAck = await publish(badPayload, badPayload.id);
    const badEnvelope = { ...envelopeOf(approval()), id: 'not-a-uuid' };
    const badEnvelopeAck = await publish(badEnvelope, `poison-${randomUUID()}`);

    const info = await consumedThrough(badEnvelopeAck.seq);
    expect(info.num_redelivered).toBe(0);

    const recorded = await poisoned();
    expect(recorded.map((p) => Number(p.stream_seq))).toEqual([notJson.seq, badPayloadAck.seq, badEnvelopeAck.seq]);
    expect(recorded.every((p) => p.subject === SUBJECTS.dibaoApproved && p.reason.startsWith('invalid event'))).toBe(true);
    expect(recorded[0]!.payload).toBe('{"id": "broken');
    expect(recorded[1]!.reason).toMatch(/monthlyAmountFen|paymentFromMonth/);
    expect(await rows('SELECT 1 FROM obligations WHERE case_id = $1', [badPayload.data.caseId])).toEqual([]);
    expect(await rows('SELECT 1 FROM inbox WHERE event_id = $1', [badPayload.id])).toEqual([]);

    // Longer than a nak backoff: a message that was not terminated would come back by now.
    await sleep(1500);
    expect(await poisoned()).toHaveLength(3);
    const later = await (await nc!.jetstreamManager()).consumers.info(STREAM, DURABLE);
    expect(later.num_redelivered).toBe(0);
    expect(later.num_ack_pending).toBe(0);
  });

  test('when an approval names a household or case by something that is not an id, then it is poisoned at once, not retried', async () => {
    const notIds = envelopeOf({ ...approval(), householdId: 'household-1', caseId: 'case-1' });
    const ack = await publish(notIds, notIds.id);
    const info = await consumedThrough(ack.seq);
    expect(info.num_redelivered).toBe(0);
    const recorded = await poisoned();
    expect(recorded).toHaveLength(4);
    expect(recorded[3]!.reason).toMatch(/^invalid event: .*householdId/s);
    expect(await rows('SELECT 1 FROM inbox WHERE event_id = $1', [notIds.id])).toEqual([]);
  });

  test('when a valid approval follows the poisoned ones, then the consumer still records it', async () => {
    const next = envelopeOf(approval({ topUpFen: 90_000, supplementsFen: 0, monthlyAmountFen: 90_000 }));
    const ack = await publish(next, next.id);
    await consumedThrough(ack.seq);
    expect(await rows('SELECT program, monthly_amount_fen FROM obligations WHERE case_id = $1', [next.data.caseId])).toEqual([
      { program: 'dibao', monthly_amount_fen: '90000' },
    ]);
    expect(await rows('SELECT 1 FROM inbox')).toHaveLength(2);
  });
});

describe('when a household already paid is approved again under another case', () => {
  const householdId = randomUUID();
  const first = envelopeOf(approval({ householdId, paymentFromMonth: '2026-04' }));
  const second = envelopeOf(approval({ householdId, paymentFromMonth: '2026-09', topUpFen: 120_000, supplementsFen: 0, monthlyAmountFen: 120_000 }));

  test('when the second approval is recorded, then the first obligations end the month before and each month pays the household once', async () => {
    await publish(first, first.id);
    const ack = await publish(second, second.id);
    await consumedThrough(ack.seq);
    const byCase = await rows<{ case_id: string; program: string; from_month: string; until_month: string | null }>(
      'SELECT case_id, program, from_month, until_month FROM obligations WHERE household_id = $1 ORDER BY from_month, program',
      [householdId],
    );
    expect(byCase).toEqual([
      { case_id: first.data.caseId, program: 'dibao', from_month: '2026-04', until_month: '2026-08' },
      { case_id: first.data.caseId, program: 'dibao.supplement', from_month: '2026-04', until_month: null },
      { case_id: second.data.caseId, program: 'dibao', from_month: '2026-09', until_month: null },
    ]);
    const august = await client!.ListObligations({ month: '2026-08', householdId }, staff('finance'));
    expect(august.totalFen).toBe('186000');
    const september = await client!.ListObligations({ month: '2026-09', householdId }, staff('finance'));
    expect(september.obligations.filter((o) => o.program === 'dibao')).toHaveLength(1);
  });
});
