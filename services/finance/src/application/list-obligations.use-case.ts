import type { DataSource } from 'typeorm';
import type { ListObligationsResponseMsg } from '@wuhai/contracts';
import { requireDepartment, type Caller } from '@wuhai/service-kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Obligations in force in `month` (`YYYY-MM`; all when empty), optionally for one household, with
 * totals by department, program and area. Finance staff see all; civil-affairs staff one household's
 * at a time (the intake window's status view); other departments none. The lines and the totals
 * are read in one snapshot (REPEATABLE READ), so they always agree.
 */
export async function listObligations(ds: DataSource, req: { month: string; householdId: string }, caller: Caller): Promise<ListObligationsResponseMsg> {
  if (req.householdId) requireDepartment(caller, 'finance', 'civil-affairs');
  else requireDepartment(caller, 'finance');
  if (req.householdId && !UUID.test(req.householdId)) return { obligations: [], totals: [], totalFen: '0' };
  const where: string[] = [];
  const params: string[] = [];
  if (req.month) {
    params.push(req.month);
    where.push(`from_month <= $${params.length} AND (until_month IS NULL OR until_month >= $${params.length})`);
  }
  if (req.householdId) {
    params.push(req.householdId);
    where.push(`household_id = $${params.length}`);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  // one snapshot for the rows and their totals: an adjustment committing between two reads would
  // otherwise give the old lines beside the new total
  const { rows, totals } = await ds.transaction('REPEATABLE READ', async (m) => {
    const rows: Record<string, unknown>[] = await m.query(`SELECT * FROM obligations ${clause} ORDER BY created_at, id LIMIT 1000`, params);
    const totals: Record<string, unknown>[] = await m.query(
      `SELECT department, program, area, count(DISTINCT household_id) AS households, sum(monthly_amount_fen) AS amount_fen
       FROM obligations ${clause} GROUP BY department, program, area ORDER BY department, program, area`,
      params,
    );
    return { rows, totals };
  });
  const totalFen = totals.reduce((s, t) => s + BigInt(String(t.amount_fen)), 0n);
  return {
    obligations: rows.map((r) => ({
      id: String(r.id),
      department: String(r.department),
      program: String(r.program),
      householdId: String(r.household_id),
      caseId: String(r.case_id),
      area: String(r.area),
      monthlyAmountFen: String(r.monthly_amount_fen),
      fromMonth: String(r.from_month),
      untilMonth: (r.until_month as string | null) ?? '',
      createdAt: (r.created_at as Date).toISOString(),
      sourceEventId: String(r.source_event_id),
    })),
    totals: totals.map((t) => ({
      department: String(t.department),
      program: String(t.program),
      area: String(t.area),
      households: String(t.households),
      amountFen: String(t.amount_fen),
    })),
    totalFen: totalFen.toString(),
  };
}
