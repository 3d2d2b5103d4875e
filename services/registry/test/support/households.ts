/**
 * Households of the registry's component tests, through its own API: registering one, the new
 * household a move founds, and what the registry holds (to show that a refused call changed nothing).
 */
import type { MovePersonRequestMsg, NewHouseholdMsg, TypedClient } from '@wuhai/contracts';
import type { RunningService } from '@wuhai/service-kit';
import type { RegistryConfig } from '../../src/config';
import { household, registration, type member, type staff } from './fixtures';

/** A registered household: its id and its persons' ids by their reference in the facts. */
export interface Registered {
  id: string;
  person: Record<string, string>;
}

/** Registers a household of `members` at `street`, `address` as `caller` (RegisterHousehold). */
export async function registerHousehold(
  client: TypedClient<'registry'>,
  caller: ReturnType<typeof staff>,
  members: ReturnType<typeof member>[],
  street = '新华街道',
  address = '海勃湾区新华街道1号',
): Promise<Registered> {
  const r = await client.RegisterHousehold(registration(household(members), street, address), caller);
  return { id: r.id, person: Object.fromEntries(r.members.map((m) => [m.ref, m.personId])) };
}

/**
 * The household a move founds at `address` in `street`: 15 m², rented, no assets, otherwise empty,
 * but for the `facts` given.
 */
export function newHousehold(address: string, street = '新华街道', facts: Partial<NewHouseholdMsg> = {}): NewHouseholdMsg {
  return {
    street,
    address,
    householdNo: '',
    area: '',
    hukou: '',
    livingAreaM2: 15,
    homeOwned: false,
    houseDangerGrade: '',
    assets: { financialFen: '0', vehicles: 0, disabilityVehicles: 0, residences: 0, businessCapitalFen: '0' },
    familyPlanning: null,
    ...facts,
  };
}

/** A MovePerson request: no household to join, none founded, no relation, note or new head, but for `over`. */
export function moveRequest(over: Partial<MovePersonRequestMsg> & { personId: string; movedOn: string }): MovePersonRequestMsg {
  return { toHouseholdId: '', newHousehold: null, relation: '', note: '', newHeadPersonId: '', ...over };
}

/**
 * What the registry holds, as one row a refused call must leave as it was: the counts of
 * households, living persons, changes and outbox messages, each household's version and each
 * person's membership, and the row counts of `counts` (alias → table name, written by the test).
 */
export async function registrySnapshot(registry: RunningService<RegistryConfig>, counts: Record<string, string>): Promise<Record<string, unknown>> {
  const more = Object.entries(counts).map(([alias, table]) => `(SELECT count(*) FROM ${table})::int AS ${alias},`);
  const [row] = await registry.ds.query(
    `SELECT (SELECT count(*) FROM households)::int AS households, (SELECT count(*) FROM persons WHERE death_date IS NULL)::int AS living,
            (SELECT count(*) FROM household_changes)::int AS changes, (SELECT count(*) FROM outbox)::int AS outbox,
            ${more.join('\n            ')}
            (SELECT string_agg(id::text || ':' || version, ',' ORDER BY id) FROM households) AS versions,
            (SELECT string_agg(id::text || ':' || coalesce(household_id::text, '-') || ':' || relation, ',' ORDER BY id) FROM persons) AS memberships`,
  );
  return row as Record<string, unknown>;
}
