import type { DataSource } from 'typeorm';
import { DomainError, type HouseholdFactsItemMsg, type HouseholdFactsMsg, type MemberMsg } from '@wuhai/contracts';
import { requireDepartment, type Caller } from '@wuhai/service-kit';

/** Households read per query when the caller names no page size. */
export const DEFAULT_PAGE_SIZE = 500;
export const MAX_PAGE_SIZE = 2000;
/** The most household ids one request may name. */
export const MAX_HOUSEHOLD_IDS = 5000;

/** Which households a batch read streams. */
export interface HouseholdSelection {
  /** Household ids (uuids); empty → every household (of `area`). */
  householdIds: string[];
  /** An area code, or null for every area. */
  area: string | null;
  /** Households per query (1 … MAX_PAGE_SIZE). */
  pageSize: number;
  /**
   * The day (`YYYY-MM-DD`) the households are read as they were on, or null for the households as
   * they stand now (their current members).
   */
  asOf: string | null;
}

const wrongArea = (area: string) =>
  new DomainError('AUTH.WRONG_AREA', 'forbidden', `只能读取本辖区（${area}）的家庭`, `staff of area ${area} read only that area's households`);

/**
 * The facts of a selection of households, in ascending household id, a page at a time, for batch
 * evaluations (the payroll and the monthly review). Read with keyset pagination (`id > last id of
 * the page before`, or the next slice of the sorted ids asked for); the next page is read while
 * the reader takes this one, so at most two pages are held, and no transaction stays open between
 * pages — each page shows the households as they stand when it is read (a household registered
 * during the stream with an id above the cursor is included). Members carry no ID number
 * (idNumber "") and are, in their order in the household (member `id` = person id):
 * - without `asOf`: those living, the persons of the household now;
 * - with `asOf`: those who belonged to the household on that day, from the registry's history
 *   (decision 0013: moves are the household's `members.<id>.movedOut` / `movedIn` entries with
 *   the day moved, a deceased person keeps the household they died in), born on or before it and
 *   alive on it — a member who died on or after `asOf` is counted, one who died before is not;
 *   a member who moved on `asOf` belongs to the household moved to. A moved member's relation is
 *   the one they had in that household. Every other fact (incomes, assets, …) is the registry's
 *   now: the registry keeps no dated values of them. A household nobody belonged to on `asOf`
 *   (registered for someone who moved in later, or whose members were all born later or died
 *   before) is left out of an every-household selection; a requested one comes with no members
 *   (the rules answer `RULES.NO_MEMBERS`), so each requested id has its line.
 *
 * A requested id the registry does not hold (in the area, when one applies) comes back, in its
 * place in the order, as `{householdId, notFound: true}`.
 *
 * Civil-affairs, finance and registry staff (and `system`); staff of one area read only their
 * area (the selection is narrowed to it).
 * @returns pages of up to `selection.pageSize` households (never an empty one)
 * @throws DomainError AUTH.WRONG_DEPARTMENT, AUTH.WRONG_AREA (forbidden) before anything is read
 */
export async function* streamHouseholdFacts(ds: DataSource, selection: HouseholdSelection, caller: Caller): AsyncGenerator<HouseholdFactsItemMsg[], void, undefined> {
  requireDepartment(caller, 'civil-affairs', 'finance', 'registry');
  let area = selection.area;
  if (caller.area !== '*' && caller.department !== 'system') {
    if (area !== null && area !== caller.area) throw wrongArea(caller.area);
    area = caller.area;
  }
  if (selection.householdIds.length === 0) {
    yield* everyHousehold(ds, area, selection.pageSize, selection.asOf);
  } else {
    yield* listedHouseholds(ds, selection.householdIds, area, selection.pageSize, selection.asOf);
  }
}

interface Page {
  items: HouseholdFactsItemMsg[];
  /** Where the next page starts, or null when this was the last. */
  next: string | number | null;
}

/**
 * Yields the pages `read` returns, starting at `first`, each page's successor read while the
 * reader takes it (the database's latency overlaps the stream's).
 */
async function* prefetched<C extends string | number>(first: C, read: (cursor: C) => Promise<Page>): AsyncGenerator<HouseholdFactsItemMsg[]> {
  let pending: Promise<Page> | null = read(first);
  try {
    while (pending) {
      const page: Page = await pending;
      pending = page.next === null ? null : read(page.next as C);
      if (page.items.length) yield page.items;
    }
  } finally {
    // the reader left while a page was being read: let that read end unobserved
    pending?.catch(() => undefined);
  }
}

/** Every household (of `area`), by keyset pages on the id. */
function everyHousehold(ds: DataSource, area: string | null, pageSize: number, asOf: string | null): AsyncGenerator<HouseholdFactsItemMsg[]> {
  return prefetched('00000000-0000-0000-0000-000000000000', async (after) => {
    const params: unknown[] = [after, pageSize];
    if (area !== null) params.push(area);
    const rows: HouseholdRowRaw[] = await ds.query(
      `SELECT ${HOUSEHOLD_COLUMNS} FROM households WHERE id > $1 ${area !== null ? 'AND area = $3' : ''} ORDER BY id LIMIT $2`,
      params,
    );
    const items = await withMembers(ds, rows, asOf);
    return {
      // on a past day: the households nobody belonged to then are left out
      items: asOf === null ? items : items.filter((item) => item.facts!.members.length > 0),
      next: rows.length === pageSize ? rows[rows.length - 1]!.id : null,
    };
  });
}

/** The listed households in ascending id, a slice of the sorted ids per query; unknown ids as notFound. */
function listedHouseholds(ds: DataSource, ids: string[], area: string | null, pageSize: number, asOf: string | null): AsyncGenerator<HouseholdFactsItemMsg[]> {
  // uuids compare in PostgreSQL as their bytes, i.e. as lower-case hex text
  const sorted = [...new Set(ids.map((id) => id.toLowerCase()))].sort();
  return prefetched(0, async (at) => {
    const slice = sorted.slice(at, at + pageSize);
    const params: unknown[] = [slice];
    if (area !== null) params.push(area);
    const rows: HouseholdRowRaw[] = await ds.query(
      `SELECT ${HOUSEHOLD_COLUMNS} FROM households WHERE id = ANY($1::uuid[]) ${area !== null ? 'AND area = $2' : ''} ORDER BY id`,
      params,
    );
    const found = new Map((await withMembers(ds, rows, asOf)).map((item) => [item.householdId, item]));
    return {
      items: slice.map((id) => found.get(id) ?? { householdId: id, householdNo: '', facts: null, notFound: true }),
      next: at + pageSize < sorted.length ? at + pageSize : null,
    };
  });
}

/**
 * One page of households with their members — the living members now (`asOf` null), or those of
 * `asOf` ({@link MEMBERS_AS_OF}) — one query for the page's members.
 */
async function withMembers(ds: DataSource, rows: HouseholdRowRaw[], asOf: string | null): Promise<HouseholdFactsItemMsg[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const persons: PersonRowRaw[] =
    asOf === null
      ? await ds.query(`SELECT ${PERSON_COLUMNS} FROM persons WHERE household_id = ANY($1::uuid[]) ORDER BY household_id, position`, [ids])
      : await ds.query(MEMBERS_AS_OF, [ids, asOf]);
  const byHousehold = new Map<string, MemberMsg[]>();
  for (const p of persons) {
    let list = byHousehold.get(p.household_id);
    if (!list) byHousehold.set(p.household_id, (list = []));
    list.push(toMemberMsg(p));
  }
  return rows.map((h) => ({ householdId: h.id, householdNo: h.household_no, facts: toFactsMsg(h, byHousehold.get(h.id) ?? []), notFound: false }));
}

// Raw rows: bigint fen as decimal text (exact), numeric area as float8, dates as YYYY-MM-DD text.
const HOUSEHOLD_COLUMNS = `id, household_no, area, hukou, living_area_m2::float8 AS living_area_m2, home_owned, house_danger_grade,
  financial_fen::text AS financial_fen, vehicles, disability_vehicles, residences, business_capital_fen::text AS business_capital_fen, family_planning`;
// never the ID number: a bulk read must not carry them
const MEMBER_FACTS = `name, sex, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, minority,
  disability_category, disability_grade, monthly_income_fen::text AS monthly_income_fen, can_work, employed, pension_insured,
  illness, school_level, school_boarding, admission_level, tekun_kind`;
const PERSON_COLUMNS = `household_id, id, relation, ${MEMBER_FACTS}`;

/**
 * The members of a page of households ($1 uuid[]) on a day ($2 date), from the history of moves
 * (decision 0013) — one statement, every step a set:
 * - `movers`: the persons who moved into or out of one of the page's households (a person's last
 *   move in is in the history of the household they are in now, or died in);
 * - `moves`: every move of those persons (`movedOut`: from the household of the entry, to
 *   `toHouseholdId`, on `movedOn`, with the relation they had in the household left);
 * - `placed`: for each mover, the household on $2 — the one moved to by the last move on or before
 *   $2, else the one the first move (as recorded) left — and the relation there, the relation
 *   held when leaving it by the next move after $2, else their relation now;
 * - the persons: those of the page's households now, the deceased who died in them, and the
 *   movers; kept when the household on $2 is one of the page's, born on or before $2 and not dead
 *   before $2. Ordered by household, its members now (by position) before those who left it.
 * A person who never moved belongs to the household they are in now (or died in) on every day.
 */
const MEMBERS_AS_OF = `
WITH movers AS MATERIALIZED (
  SELECT DISTINCT split_part(c.field, '.', 2) AS person_key FROM household_changes c
  WHERE c.household_id = ANY($1::uuid[]) AND c.field LIKE 'members.%.moved%'
), moves AS MATERIALIZED (
  SELECT split_part(c.field, '.', 2)::uuid AS person_id, c.id, c.household_id AS from_id,
    (c.new_value->>'toHouseholdId')::uuid AS to_id, (c.new_value->>'movedOn')::date AS moved_on,
    c.old_value->>'relation' AS relation_before
  FROM household_changes c
  WHERE c.field LIKE 'members.%.movedOut' AND split_part(c.field, '.', 2) = ANY(ARRAY(SELECT person_key FROM movers))
), placed AS (
  SELECT x.person_id,
    COALESCE(
      (SELECT m.to_id FROM moves m WHERE m.person_id = x.person_id AND m.moved_on <= $2::date ORDER BY m.moved_on DESC, m.id DESC LIMIT 1),
      (SELECT m.from_id FROM moves m WHERE m.person_id = x.person_id ORDER BY m.id LIMIT 1)) AS household_id,
    (SELECT m.relation_before FROM moves m WHERE m.person_id = x.person_id AND m.moved_on > $2::date ORDER BY m.moved_on, m.id LIMIT 1) AS relation
  FROM (SELECT DISTINCT person_id FROM moves) x
)
SELECT COALESCE(pl.household_id, p.household_id, p.last_household_id) AS household_id, p.id,
  COALESCE(pl.relation, p.relation) AS relation, ${MEMBER_FACTS}
FROM persons p
LEFT JOIN placed pl ON pl.person_id = p.id
WHERE (p.household_id = ANY($1::uuid[])
    OR (p.household_id IS NULL AND p.last_household_id = ANY($1::uuid[]))
    OR p.id = ANY(ARRAY(SELECT person_id FROM placed)))
  AND COALESCE(pl.household_id, p.household_id, p.last_household_id) = ANY($1::uuid[])
  AND p.birth_date <= $2::date
  AND (p.death_date IS NULL OR p.death_date >= $2::date)
ORDER BY 1, COALESCE(p.household_id, p.last_household_id) IS DISTINCT FROM COALESCE(pl.household_id, p.household_id, p.last_household_id), p.position, p.id`;

interface HouseholdRowRaw {
  id: string;
  household_no: string;
  area: string;
  hukou: string;
  living_area_m2: number;
  home_owned: boolean;
  house_danger_grade: string | null;
  financial_fen: string;
  vehicles: number;
  disability_vehicles: number;
  residences: number;
  business_capital_fen: string;
  family_planning: { onlyChild: string | null; ruralOneChildOrTwoDaughters: boolean; urbanOneChild: boolean };
}

interface PersonRowRaw {
  household_id: string;
  id: string;
  name: string;
  sex: string;
  birth_date: string;
  relation: string;
  minority: boolean;
  disability_category: number | null;
  disability_grade: number | null;
  monthly_income_fen: string;
  can_work: boolean;
  employed: boolean;
  pension_insured: boolean;
  illness: string | null;
  school_level: string | null;
  school_boarding: boolean | null;
  admission_level: string | null;
  tekun_kind: string | null;
}

function toFactsMsg(h: HouseholdRowRaw, members: MemberMsg[]): HouseholdFactsMsg {
  return {
    area: h.area,
    hukou: h.hukou,
    livingAreaM2: h.living_area_m2,
    homeOwned: h.home_owned,
    houseDangerGrade: h.house_danger_grade ?? '',
    assets: {
      financialFen: h.financial_fen,
      vehicles: h.vehicles,
      disabilityVehicles: h.disability_vehicles,
      residences: h.residences,
      businessCapitalFen: h.business_capital_fen,
    },
    familyPlanning: {
      onlyChild: h.family_planning.onlyChild ?? '',
      ruralOneChildOrTwoDaughters: h.family_planning.ruralOneChildOrTwoDaughters,
      urbanOneChild: h.family_planning.urbanOneChild,
    },
    members,
  };
}

function toMemberMsg(p: PersonRowRaw): MemberMsg {
  return {
    id: p.id,
    personId: p.id,
    idNumber: '',
    name: p.name,
    sex: p.sex,
    birthDate: p.birth_date,
    relation: p.relation,
    minority: p.minority,
    disability: p.disability_category ? { category: p.disability_category, grade: p.disability_grade ?? 0 } : null,
    monthlyIncomeFen: p.monthly_income_fen,
    canWork: p.can_work,
    employed: p.employed,
    pensionInsured: p.pension_insured,
    illness: p.illness ?? '',
    school: p.school_level ? { level: p.school_level, boarding: p.school_boarding ?? false } : null,
    admissionLevel: p.admission_level ?? '',
    tekunKind: p.tekun_kind ?? '',
  };
}
