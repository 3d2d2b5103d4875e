import { Router, type Response } from 'express';
import type { BatchHouseholdResultMsg, BatchSummaryMsg, EvaluateBatchChunkMsg } from '@wuhai/contracts';
import { writeAudit } from '../middleware/audit';
import { callerOf, callOptions } from '../middleware/auth';
import { isGrpcError, problemBody, problemFromGrpc, ProblemError } from '../middleware/errors';
import { maskIdNumbers } from '../middleware/redact';
import { validate } from '../middleware/validation';
import type { GatewayDeps } from './context';
import { int64 } from './presenters';
import { evaluationBatchRequestSchema } from './evaluations-batch.schemas';

/** Departments whose staff may run a batch: civil affairs (the monthly review) and finance (the payroll). */
export const BATCH_DEPARTMENTS = ['civil-affairs', 'finance'] as const;
/** Deadline of one batch's gRPC stream: a city's batch runs for seconds to minutes. */
export const BATCH_TIMEOUT_MS = 15 * 60_000;

export const NDJSON = 'application/x-ndjson';

/**
 * `POST /api/v1/evaluations/batch`: evaluates many households for a month (the payroll and the
 * monthly review) through civil affairs' `EvaluateBatch` and streams the answer as NDJSON — one
 * `household` line per household (its result, or why it could not be evaluated), then one
 * `summary` line. Civil-affairs and finance staff only (403 `AUTH.WRONG_DEPARTMENT` for others);
 * every run is audited (it reads the facts of many households).
 *
 * Streams with backpressure: the next results are asked for only once the last ones were taken by
 * the connection, and a client that goes away cancels the batch. A refusal before the first line
 * (bad month, unknown program, a service down) is an ordinary problem+json response; a failure
 * after the response began is the last line, `{"type":"error", status, code, detail}`, with no
 * summary — a stream without a summary line is incomplete. Lines never carry a full ID number.
 */
export function evaluationBatchRoutes(deps: GatewayDeps): Router {
  const router = Router();
  router.post('/evaluations/batch', async (req, res) => {
    const caller = callerOf(res);
    if (!(BATCH_DEPARTMENTS as readonly string[]).includes(caller.department)) {
      throw new ProblemError(403, 'AUTH.WRONG_DEPARTMENT', '批量评估仅限民政和财政部门 / only civil-affairs and finance staff may run batch evaluations');
    }
    const body = validate(evaluationBatchRequestSchema, req.body);
    await writeAudit(deps.ds, caller, {
      action: 'evaluate-batch',
      resourceType: 'evaluations',
      resourceId: body.month,
      detail: { area: body.area ?? null, programs: body.programs ?? [], explain: body.explain ?? false, householdIds: body.householdIds?.length ?? 0 },
    });

    // a client that goes away cancels the batch (civil affairs then stops reading the registry)
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    const chunks = deps.clients['civil-affairs'].EvaluateBatch(
      { month: body.month, programs: body.programs ?? [], explain: body.explain ?? false, householdIds: body.householdIds ?? [], area: body.area ?? '' },
      { ...callOptions(req, res, BATCH_TIMEOUT_MS), signal: gone.signal },
    );
    // the first message decides the status: a refusal before it is a problem+json response
    let next = await chunks.next();
    res.status(200).type(NDJSON).setHeader('Cache-Control', 'no-store');
    res.flushHeaders();
    try {
      while (!next.done) {
        if (!res.write(linesOf(next.value))) await drained(res);
        if (gone.signal.aborted) return;
        next = await chunks.next();
      }
    } catch (err) {
      if (gone.signal.aborted) return;
      const problem = isGrpcError(err) ? problemFromGrpc(err) : problemBody(500, 'INTERNAL', '内部错误 / internal error');
      if (problem.status >= 500) deps.logger.error({ err, reqId: req.id, code: problem.code }, 'batch evaluation broke off');
      res.write(`${JSON.stringify({ type: 'error', status: problem.status, code: problem.code, detail: problem.detail })}\n`);
    } finally {
      // left early (the client went away): close the stream's generator, which cancels the call
      if (!next.done) void chunks.return(undefined).catch(() => undefined);
    }
    res.end();
  });
  return router;
}

/** Resolves when the connection takes more data, or is gone. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * The NDJSON lines of one message, as bytes (the connection takes a Buffer without measuring a
 * string first): a line per household and the summary line after the last. The service's result
 * JSON is spliced in as the bytes it sent (not decoded, parsed and written again); in it and in
 * error messages anything shaped like a resident ID number is masked, should one ever be there
 * (not in `householdNo`: a hukou booklet number has 15 digits too).
 */
export function linesOf(chunk: EvaluateBatchChunkMsg): Buffer {
  const parts: Buffer[] = [];
  for (const h of chunk.households) householdLine(h, parts);
  if (chunk.summary) parts.push(Buffer.from(`${JSON.stringify(summaryLine(chunk.summary))}\n`));
  return Buffer.concat(parts);
}

const LINE_END = Buffer.from('}\n');

function householdLine(h: BatchHouseholdResultMsg, parts: Buffer[]): void {
  const head = `{"type":"household","householdId":${JSON.stringify(h.householdId)},"householdNo":${JSON.stringify(h.householdNo || null)}`;
  if (h.error) {
    const error = { code: h.error.code, message: maskIdNumbers(h.error.message), memberId: h.error.memberId || null };
    parts.push(Buffer.from(`${head},"error":${JSON.stringify(error)}}\n`));
    return;
  }
  parts.push(Buffer.from(`${head},"result":`), withoutIdNumbers(h.resultJson), LINE_END);
}

/**
 * UTF-8 JSON with anything shaped like an ID number masked. Digits are ASCII, never part of a
 * multi-byte sequence, so they are looked for in a one-byte (latin1) view of the bytes; only when
 * one is found is the text decoded and masked.
 */
function withoutIdNumbers(json: Buffer): Buffer {
  const view = json.toString('latin1');
  if (maskIdNumbers(view) === view) return json;
  return Buffer.from(maskIdNumbers(json.toString('utf8')));
}

function summaryLine(s: BatchSummaryMsg) {
  return {
    type: 'summary',
    month: s.month,
    asOf: s.asOf,
    explain: s.explain,
    households: int64(s.households),
    evaluated: int64(s.evaluated),
    errors: int64(s.errors),
    eligible: int64(s.eligible),
    ineligible: int64(s.ineligible),
    needsManualReview: int64(s.needsManualReview),
    programs: s.programs.map((p) => ({ program: p.program, period: p.period, lines: int64(p.lines), households: int64(p.households), amountFen: int64(p.amountFen) })),
  };
}
