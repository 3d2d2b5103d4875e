import type { DataSource } from 'typeorm';
import { maskIdNumber, type DuplicateMsg, type DuplicatePersonMsg, type ListDuplicatesResponseMsg } from '@wuhai/contracts';
import { requireDepartment, type Caller } from '@wuhai/service-kit';

/** The kinds of possible duplicate, in the order they are listed. */
export const DUPLICATE_KINDS = ['same-person-15-18', 'same-name-birth-date', 'hukou-other-household', 'possible-split-household'] as const;
export type DuplicateKind = (typeof DUPLICATE_KINDS)[number];

/** One possible duplicate before its persons are read: their ids and what the source said. */
interface Candidate {
  kind: DuplicateKind;
  personIds: string[];
  foundHouseholdNo?: string;
  foundHouseholdId?: string | null;
  sourceFileId?: string;
  /** possible-split-household: the new household the person is listed in, and the flag's sentence. */
  household?: { id: string; no: string };
  note?: string;
}

/**
 * A possible-split flag `f` still describes the registry: its person is a member of the household
 * they founded, and the household they left still has a member.
 */
const SPLIT_STILL_HOLDS = `EXISTS (SELECT 1 FROM persons p WHERE p.id = f.person_id AND p.household_id = f.household_id)
              AND EXISTS (SELECT 1 FROM persons m WHERE m.household_id = f.other_household_id)`;

/** Per kind: how many there are, and one page of them (raw SQL; the lists can span the city). */
const QUERIES: Record<DuplicateKind, { count: string; page: string }> = {
  // a person registered with a 15-digit number whose GB 11643 conversion is the 18-character
  // number of a person registered with it
  'same-person-15-18': {
    count: `SELECT count(*)::int AS n FROM persons a JOIN persons b ON b.id_number = a.id_number AND b.id <> a.id
            WHERE a.legacy_id_number IS NOT NULL AND b.legacy_id_number IS NULL`,
    page: `SELECT ARRAY[a.id::text, b.id::text] AS person_ids FROM persons a JOIN persons b ON b.id_number = a.id_number AND b.id <> a.id
           WHERE a.legacy_id_number IS NOT NULL AND b.legacy_id_number IS NULL
           ORDER BY a.id_number, a.id LIMIT $1 OFFSET $2`,
  },
  // (current members only: the deceased have no household)
  'same-name-birth-date': {
    count: `SELECT count(*)::int AS n FROM (SELECT 1 FROM persons WHERE household_id IS NOT NULL GROUP BY household_id, name, birth_date HAVING count(*) > 1) d`,
    page: `SELECT array_agg(id::text ORDER BY position, id) AS person_ids FROM persons WHERE household_id IS NOT NULL
           GROUP BY household_id, name, birth_date HAVING count(*) > 1
           ORDER BY household_id, name, birth_date LIMIT $1 OFFSET $2`,
  },
  // the newest hukou extract places a registered person in a household other than theirs
  'hukou-other-household': {
    count: `SELECT count(*)::int AS n FROM source_hukou s
              JOIN persons p ON p.id_number = s.id_number JOIN households h ON h.id = p.household_id
            WHERE s.file_id = (SELECT id FROM source_files WHERE source = 'hukou' ORDER BY imported_at DESC, id DESC LIMIT 1)
              AND s.household_no <> h.household_no`,
    page: `SELECT ARRAY[p.id::text] AS person_ids, s.household_no AS found_household_no, o.id AS found_household_id, s.file_id::text AS source_file_id
             FROM source_hukou s
             JOIN persons p ON p.id_number = s.id_number JOIN households h ON h.id = p.household_id
             LEFT JOIN households o ON o.household_no = s.household_no
           WHERE s.file_id = (SELECT id FROM source_files WHERE source = 'hukou' ORDER BY imported_at DESC, id DESC LIMIT 1)
             AND s.household_no <> h.household_no
           ORDER BY s.line_no, p.id LIMIT $1 OFFSET $2`,
  },
  // a person left a household for a new one at the same address (flagged by MovePerson): the
  // person in the new household, the household left as the one found — while the pair still
  // holds: the person is still a member of the new household and the household left still has a
  // member (a flag whose person moved on or back, died, or whose household left emptied drops out)
  'possible-split-household': {
    count: `SELECT count(*)::int AS n FROM household_flags f
            WHERE f.kind = 'possible-split-household' AND ${SPLIT_STILL_HOLDS}`,
    page: `SELECT ARRAY[f.person_id::text] AS person_ids, o.household_no AS found_household_no, o.id AS found_household_id,
                  n.id AS household_id, n.household_no, f.note
             FROM household_flags f JOIN households o ON o.id = f.other_household_id JOIN households n ON n.id = f.household_id
            WHERE f.kind = 'possible-split-household' AND ${SPLIT_STILL_HOLDS}
            ORDER BY f.raised_at, f.id LIMIT $1 OFFSET $2`,
  },
};

const NOTES: Record<DuplicateKind, string> = {
  'same-person-15-18': '15位旧身份证号换算后与另一人的18位身份证号相同，可能是同一人 / a 15-digit number converts to the 18-character number of another registered person: possibly one person',
  'same-name-birth-date': '同一户内两名成员姓名和出生日期相同，可能重复登记 / two members of one household share name and birth date: possibly registered twice',
  'hukou-other-household': '户籍数据显示此人登记在另一户，可能分户或重复登记 / the hukou extract places this person in another household: a split or a double registration',
  'possible-split-household': '此人迁出另立新户，新户与原户地址相同，可能为分户 / this person left a household for a new one at the same address: possibly one family registered as two',
};

/**
 * Possible duplicates for a clerk to resolve — listed, never merged (issue 4 "Deduplication"):
 * the same person under a 15- and an 18-digit number, two members of one household with the same
 * name and birth date, a person the newest hukou extract registers in another household (that
 * household named, with its id when the registry holds it), and a person who left a household for
 * a new one at the same address (possible split household: the person in the new household, the
 * household left as the one found; only while the person is still in the new household and the
 * household left still has a member). ID numbers are masked.
 * @param query `kind` one of {@link DUPLICATE_KINDS} or null for all; `limit` 1–200; `offset` ≥ 0
 * @returns one page, in the order of the kinds, and the total
 * @throws DomainError `AUTH.WRONG_DEPARTMENT` (forbidden) unless registry or civil-affairs staff
 */
export async function listDuplicates(
  ds: DataSource,
  query: { kind: DuplicateKind | null; limit: number; offset: number },
  caller: Caller,
): Promise<ListDuplicatesResponseMsg> {
  requireDepartment(caller, 'registry', 'civil-affairs');
  const kinds = query.kind ? [query.kind] : [...DUPLICATE_KINDS];
  let total = 0;
  let skip = query.offset;
  let room = query.limit;
  const candidates: Candidate[] = [];
  for (const kind of kinds) {
    const [{ n }] = (await ds.query(QUERIES[kind].count)) as [{ n: number }];
    total += n;
    if (room === 0 || skip >= n) {
      skip = Math.max(0, skip - n);
      continue;
    }
    const rows = (await ds.query(QUERIES[kind].page, [room, skip])) as {
      person_ids: string[];
      found_household_no?: string;
      found_household_id?: string | null;
      source_file_id?: string;
      household_id?: string;
      household_no?: string;
      note?: string;
    }[];
    for (const r of rows) {
      candidates.push({
        kind,
        personIds: r.person_ids,
        foundHouseholdNo: r.found_household_no,
        foundHouseholdId: r.found_household_id,
        sourceFileId: r.source_file_id,
        household: r.household_id ? { id: r.household_id, no: r.household_no ?? '' } : undefined,
        note: r.note,
      });
    }
    room -= rows.length;
    skip = 0;
  }

  const ids = [...new Set(candidates.flatMap((c) => c.personIds))];
  const persons = new Map<string, DuplicatePersonMsg>();
  if (ids.length) {
    const rows = (await ds.query(
      `SELECT p.id, p.household_id, h.household_no, p.name, p.birth_date::text AS birth_date, p.id_number, p.legacy_id_number
         FROM persons p JOIN households h ON h.id = coalesce(p.household_id, p.last_household_id) WHERE p.id = ANY($1::uuid[])`,
      [ids],
    )) as { id: string; household_id: string; household_no: string; name: string; birth_date: string; id_number: string; legacy_id_number: string | null }[];
    for (const r of rows) {
      persons.set(r.id, {
        personId: r.id,
        householdId: r.household_id,
        householdNo: r.household_no,
        name: r.name,
        birthDate: r.birth_date,
        idNumberMasked: maskIdNumber(r.id_number),
        legacyIdNumberMasked: r.legacy_id_number ? maskIdNumber(r.legacy_id_number) : '',
      });
    }
  }
  const duplicates: DuplicateMsg[] = candidates.map((c) => ({
    kind: c.kind,
    persons: c.personIds
      .map((id) => persons.get(id))
      .filter((p): p is DuplicatePersonMsg => p !== undefined)
      // a flag names the household the person founded (listed only while they are still in it)
      .map((p) => (c.household ? { ...p, householdId: c.household.id, householdNo: c.household.no } : p)),
    foundHouseholdNo: c.foundHouseholdNo ?? '',
    foundHouseholdId: c.foundHouseholdId ?? '',
    sourceFileId: c.sourceFileId ?? '0',
    note: c.note || NOTES[c.kind],
  }));
  return { duplicates, total: String(total) };
}
