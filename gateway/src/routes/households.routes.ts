import { Router } from 'express';
import { toHouseholdFactsMsg, type FieldError } from '@wuhai/contracts';
import { writeAudit } from '../middleware/audit';
import { callerOf, callOptions } from '../middleware/auth';
import { isGrpcError, problemFromGrpc, ProblemError } from '../middleware/errors';
import { runIdempotent } from '../middleware/idempotency';
import { validate } from '../middleware/validation';
import { today, type GatewayDeps } from './context';
import { presentHousehold, presentPerson } from './presenters';
import { householdRegistrationSchema, idParamsSchema, personParamsSchema } from './schemas';

/**
 * Households and persons in the registry:
 * - `POST /api/v1/households` registers a household (takes `Idempotency-Key`) → 201 `{id, members: [{ref, personId}]}`;
 * - `GET /api/v1/households/{id}` the household, its members with full ID numbers and its history (audited);
 * - `GET /api/v1/persons/{idNumber}` the person and their household (audited).
 */
export function householdRoutes(deps: GatewayDeps): Router {
  const router = Router();
  const registry = deps.clients.registry;

  router.post('/households', async (req, res) => {
    const caller = callerOf(res);
    const body = validate(householdRegistrationSchema(today()), req.body);
    await runIdempotent(deps.ds, req, res, caller, async () => {
      try {
        const created = await registry.RegisterHousehold(
          { facts: toHouseholdFactsMsg(body), street: body.street, address: body.address, householdNo: body.householdNo ?? '' },
          callOptions(req, res),
        );
        return { status: 201, body: { id: created.id, members: created.members.map((m) => ({ ref: m.ref, personId: m.personId })) } };
      } catch (err) {
        throw isGrpcError(err) ? relativeToBody(err) : err;
      }
    });
  });

  router.get('/households/:id', async (req, res) => {
    const caller = callerOf(res);
    const { id } = validate(idParamsSchema, req.params);
    const household = await registry.GetHousehold({ id }, callOptions(req, res));
    await writeAudit(deps.ds, caller, {
      action: 'household.read',
      resourceType: 'household',
      resourceId: household.id,
      detail: { members: household.facts.members.length, personIds: household.facts.members.map((m) => m.personId) },
    });
    res.json(presentHousehold(household));
  });

  router.get('/persons/:idNumber', async (req, res) => {
    const caller = callerOf(res);
    const { idNumber } = validate(personParamsSchema(today()), req.params);
    const found = await registry.FindPersonByIdNumber({ idNumber: idNumber.trim().toUpperCase() }, callOptions(req, res));
    await writeAudit(deps.ds, caller, {
      action: 'person.read',
      resourceType: 'person',
      resourceId: found.personId,
      detail: { householdId: found.householdId, lookup: 'idNumber' },
    });
    res.json(presentPerson(found));
  });

  return router;
}

/**
 * The registry names fields as `household.members.0.idNumber` (the facts inside its request); the
 * REST body is the household itself, so the `household.` prefix is dropped.
 */
function relativeToBody(err: Parameters<typeof problemFromGrpc>[0]): ProblemError {
  const p = problemFromGrpc(err);
  const errors: FieldError[] = p.errors.map((e) => ({ ...e, path: e.path.replace(/^household\./, '') }));
  return new ProblemError(p.status, p.code, p.detail, errors);
}
