import { Router, type Request, type Response } from 'express';
import { maskIdNumber, type HouseholdMsg, type NewHouseholdMsg } from '@wuhai/contracts';
import { writeAudit } from '../middleware/audit';
import { callerOf, callOptions } from '../middleware/auth';
import { runIdempotent } from '../middleware/idempotency';
import { validate } from '../middleware/validation';
import { today, type GatewayDeps } from './context';
import { deathBodySchema, deathRevocationBodySchema, moveBodySchema } from './lifecycle.schemas';
import { ambiguousIdNumber, lookUpPerson } from './person-lookup';
import { presentHousehold } from './presenters';
import { personParamsSchema } from './schemas';

/**
 * A person's life in the registry (docs/decisions/0013-deaths-and-moves.md), registry and
 * civil-affairs staff (the registry checks the department):
 * - `POST /api/v1/persons/{idNumber}/death` `{deathDate, source, note, newHeadPersonId?}` records a
 *   death (takes `Idempotency-Key`) → 201 `{personId, householdId, deathDate, household}`: the person
 *   stays in the registry marked deceased, the household (ID numbers masked) without them;
 * - `POST /api/v1/persons/{idNumber}/death/revocation` `{reason}` revokes a death recorded by mistake
 *   (takes `Idempotency-Key`) → 200 `{personId, householdId, relation, previousRelation,
 *   revokedDeathDate, household}`: the person is alive again in the household they were in, with
 *   their old relation (`other` when they were head and a new head was named meanwhile); 409
 *   `REGISTRY.PERSON_NOT_DECEASED` when no death is recorded;
 * - `POST /api/v1/persons/{idNumber}/moves` `{toHouseholdId | newHousehold, relation, movedOn, note,
 *   newHeadPersonId?}` moves the person in one recorded change (takes `Idempotency-Key`) → 201
 *   `{personId, fromHouseholdId, toHouseholdId, toHouseholdNo, newHousehold, splitSuspected}`.
 * Each is audited with the person and the households, never the ID number. An 18-character number
 * two registered persons share is 409 `REGISTRY.ID_NUMBER_AMBIGUOUS` (person-lookup.ts): nothing is
 * recorded on either.
 */
export function personRoutes(deps: GatewayDeps): Router {
  const router = Router();
  const registry = deps.clients.registry;

  // a death or a move is recorded on one person: a number two registered persons share is 409
  const onePerson = async (idNumber: string, req: Request, res: Response) => {
    const lookup = await lookUpPerson(registry, idNumber, callOptions(req, res));
    if (lookup.kind === 'ambiguous') throw ambiguousIdNumber();
    return lookup.person;
  };

  router.post('/persons/:idNumber/death', async (req, res) => {
    const caller = callerOf(res);
    const { idNumber } = validate(personParamsSchema(today()), req.params);
    const body = validate(deathBodySchema, req.body);
    await runIdempotent(deps.ds, req, res, caller, async () => {
      const person = await onePerson(idNumber, req, res);
      const recorded = await registry.RecordDeath(
        { personId: person.personId, deathDate: body.deathDate, source: body.source, note: body.note, newHeadPersonId: body.newHeadPersonId ?? '' },
        callOptions(req, res),
      );
      await writeAudit(deps.ds, caller, {
        action: 'person.death.record',
        resourceType: 'person',
        resourceId: recorded.personId,
        detail: { householdId: recorded.householdId, deathDate: recorded.deathDate, source: body.source, newHeadPersonId: body.newHeadPersonId ?? null },
      });
      return {
        status: 201,
        body: { personId: recorded.personId, householdId: recorded.householdId, deathDate: recorded.deathDate, household: presentHousehold(masked(recorded.household)) },
      };
    });
  });

  router.post('/persons/:idNumber/death/revocation', async (req, res) => {
    const caller = callerOf(res);
    const { idNumber } = validate(personParamsSchema(today()), req.params);
    const body = validate(deathRevocationBodySchema, req.body);
    await runIdempotent(deps.ds, req, res, caller, async () => {
      const person = await onePerson(idNumber, req, res);
      const revoked = await registry.RevokeDeath({ personId: person.personId, reason: body.reason }, callOptions(req, res));
      await writeAudit(deps.ds, caller, {
        action: 'person.death.revoke',
        resourceType: 'person',
        resourceId: revoked.personId,
        detail: { householdId: revoked.householdId, revokedDeathDate: revoked.revokedDeathDate, relation: revoked.relation, previousRelation: revoked.previousRelation, reason: body.reason },
      });
      return {
        status: 200,
        body: {
          personId: revoked.personId,
          householdId: revoked.householdId,
          relation: revoked.relation,
          previousRelation: revoked.previousRelation,
          revokedDeathDate: revoked.revokedDeathDate,
          household: presentHousehold(masked(revoked.household)),
        },
      };
    });
  });

  router.post('/persons/:idNumber/moves', async (req, res) => {
    const caller = callerOf(res);
    const { idNumber } = validate(personParamsSchema(today()), req.params);
    const body = validate(moveBodySchema, req.body);
    await runIdempotent(deps.ds, req, res, caller, async () => {
      const person = await onePerson(idNumber, req, res);
      const n = body.newHousehold;
      const newHousehold: NewHouseholdMsg | null = n
        ? {
            street: n.street,
            address: n.address,
            householdNo: n.householdNo ?? '',
            area: n.area ?? '',
            hukou: n.hukou ?? '',
            livingAreaM2: n.livingAreaM2,
            homeOwned: n.homeOwned,
            houseDangerGrade: n.houseDangerGrade ?? '',
            assets: n.assets
              ? {
                  financialFen: String(n.assets.financialFen),
                  vehicles: n.assets.vehicles,
                  disabilityVehicles: n.assets.disabilityVehicles,
                  residences: n.assets.residences,
                  businessCapitalFen: String(n.assets.businessCapitalFen),
                }
              : null,
            familyPlanning: null,
          }
        : null;
      const moved = await registry.MovePerson(
        {
          personId: person.personId,
          toHouseholdId: body.toHouseholdId ?? '',
          newHousehold,
          relation: body.relation ?? '',
          movedOn: body.movedOn,
          note: body.note,
          newHeadPersonId: body.newHeadPersonId ?? '',
        },
        callOptions(req, res),
      );
      await writeAudit(deps.ds, caller, {
        action: 'person.move',
        resourceType: 'person',
        resourceId: moved.personId,
        detail: { fromHouseholdId: moved.fromHouseholdId, toHouseholdId: moved.toHouseholdId, newHousehold: moved.newHousehold, splitSuspected: moved.splitSuspected?.id ?? null },
      });
      return { status: 201, body: { ...moved, splitSuspected: moved.splitSuspected ?? null } };
    });
  });

  return router;
}

/** The household with every member's ID number masked (first 6 + ******** + last 4). */
function masked(h: HouseholdMsg): HouseholdMsg {
  const mask = (n: string | undefined) => (n ? maskIdNumber(n) : '');
  return { ...h, facts: { ...h.facts, members: h.facts.members.map((m) => ({ ...m, idNumber: mask(m.idNumber), legacyIdNumber: mask(m.legacyIdNumber) })) } };
}
