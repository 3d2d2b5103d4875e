import { Router } from 'express';
import { isLegacyIdNumber, maskIdNumber, toHouseholdFactsMsg, type FieldError, type HouseholdMsg } from '@wuhai/contracts';
import { writeAudit } from '../middleware/audit';
import { callerOf, callOptions } from '../middleware/auth';
import { isGrpcError, problemFromGrpc, ProblemError } from '../middleware/errors';
import { runIdempotent } from '../middleware/idempotency';
import { validate } from '../middleware/validation';
import { today, type GatewayDeps } from './context';
import { ambiguousIdNumber, lookUpPerson } from './person-lookup';
import { presentHousehold, presentPerson } from './presenters';
import { householdPatchSchema, householdReadQuerySchema, householdRegistrationSchema, householdSearchQuerySchema, idParamsSchema, personParamsSchema } from './schemas';
import { int64 } from './presenters';

/**
 * Households and persons in the registry:
 * - `POST /api/v1/households` registers a household (takes `Idempotency-Key`) → 201 `{id, members: [{ref, personId, idNumber,
 *   legacyIdNumber}]}`: a member may be given a legacy 15-digit number, which the registry converts
 *   to 18 characters (GB 11643-1999) and keeps beside it; the full numbers in that answer are
 *   audited as a reveal (`household.register.reveal-id-numbers`);
 * - `GET /api/v1/households?name=&street=&area=` finds households (ID numbers masked);
 * - `GET /api/v1/households/{id}` the household, its members (ID numbers masked unless
 *   `?reveal=idNumber`) and its history; every read is audited, a reveal as such;
 * - `PATCH /api/v1/households/{id}` changes facts; the registry records and announces each change;
 * - `GET /api/v1/persons/{idNumber}` the person and their household (audited); an 18-character
 *   number two registered persons share (one registered with the 15-digit number that converts to
 *   it) is 409 `REGISTRY.ID_NUMBER_AMBIGUOUS` pointing to the list of possible duplicates — never
 *   one of them picked silently (person-lookup.ts).
 */
export function householdRoutes(deps: GatewayDeps): Router {
  const router = Router();
  const registry = deps.clients.registry;

  router.post('/households', async (req, res) => {
    const caller = callerOf(res);
    const body = validate(householdRegistrationSchema(today()), req.body);
    // the 201 body carries every member's full ID number: audited as a reveal before it is served
    // (fail closed), like `GET /households/{id}?reveal=idNumber` — a replay of the answer too
    const auditReveal = (created: RegisteredBody) =>
      writeAudit(deps.ds, caller, {
        action: 'household.register.reveal-id-numbers',
        resourceType: 'household',
        resourceId: created.id,
        detail: { members: created.members.length, personIds: created.members.map((m) => m.personId), revealed: true },
      });
    await runIdempotent(
      deps.ds,
      req,
      res,
      caller,
      async () => {
        try {
          const created = await registry.RegisterHousehold(
            { facts: toHouseholdFactsMsg(body), street: body.street, address: body.address, householdNo: body.householdNo ?? '' },
            callOptions(req, res),
          );
          // each member's number as registered, and a legacy 15-digit one as given beside it (the
          // registering office gave both or the one they derive from)
          const members = created.members.map((m) => ({ ref: m.ref, personId: m.personId, idNumber: m.idNumber, legacyIdNumber: m.legacyIdNumber || null }));
          const registered: RegisteredBody = { id: created.id, members };
          await auditReveal(registered);
          return { status: 201, body: registered };
        } catch (err) {
          throw isGrpcError(err) ? relativeToBody(err) : err;
        }
      },
      async (replayed) => {
        if (replayed.status === 201) await auditReveal(replayed.body as RegisteredBody);
      },
    );
  });

  router.get('/households', async (req, res) => {
    callerOf(res);
    const q = validate(householdSearchQuerySchema, { ...req.query });
    const found = await registry.SearchHouseholds(
      { name: q.name ?? '', street: q.street ?? '', area: q.area ?? '', limit: q.limit ?? 20, offset: q.offset ?? 0 },
      callOptions(req, res),
    );
    res.json({
      total: int64(found.total),
      households: found.households.map((h) => ({ ...h, perCapitaIncomeFen: int64(h.perCapitaIncomeFen), matchedName: h.matchedName || null })),
    });
  });

  router.get('/households/:id', async (req, res) => {
    const caller = callerOf(res);
    const { id } = validate(idParamsSchema, req.params);
    const { reveal } = validate(householdReadQuerySchema, { ...req.query });
    // full ID numbers are for the offices that register and take applications (DOMAIN.md Privacy)
    if (reveal && !['civil-affairs', 'registry'].includes(caller.department)) {
      throw new ProblemError(403, 'AUTH.REVEAL_NOT_ALLOWED', '仅民政和户籍登记人员可查看完整身份证号 / only civil-affairs and registry staff may see full ID numbers');
    }
    const household = await registry.GetHousehold({ id }, callOptions(req, res));
    await writeAudit(deps.ds, caller, {
      action: reveal ? 'household.read.reveal-id-numbers' : 'household.read',
      resourceType: 'household',
      resourceId: household.id,
      detail: { members: household.facts.members.length, personIds: household.facts.members.map((m) => m.personId), revealed: Boolean(reveal) },
    });
    res.json(presentHousehold(reveal ? household : masked(household)));
  });

  router.patch('/households/:id', async (req, res) => {
    const caller = callerOf(res);
    const { id } = validate(idParamsSchema, req.params);
    const patch = validate(householdPatchSchema, req.body);
    const ifMatch = req.get('if-match');
    const expectedVersion = ifMatch && /^"?\d+"?$/.test(ifMatch) ? Number(ifMatch.replace(/"/g, '')) : 0;
    const updated = await registry.UpdateHousehold({ id, expectedVersion, patchJson: JSON.stringify(patch) }, callOptions(req, res));
    await writeAudit(deps.ds, caller, { action: 'household.update', resourceType: 'household', resourceId: id, detail: { fields: Object.keys(patch) } });
    res.json(presentHousehold(masked(updated)));
  });

  router.get('/persons/:idNumber', async (req, res) => {
    const caller = callerOf(res);
    const { idNumber } = validate(personParamsSchema(today()), req.params);
    const lookup = await lookUpPerson(registry, idNumber, callOptions(req, res));
    if (lookup.kind === 'ambiguous') {
      // nothing of either person is answered; the attempt is recorded with both
      await writeAudit(deps.ds, caller, {
        action: 'person.read.ambiguous',
        resourceType: 'person',
        resourceId: lookup.persons[0].personId,
        detail: { personIds: lookup.persons.map((p) => p.personId), householdIds: lookup.persons.map((p) => p.householdId) },
      });
      throw ambiguousIdNumber();
    }
    const found = lookup.person;
    await writeAudit(deps.ds, caller, {
      action: 'person.read',
      resourceType: 'person',
      resourceId: found.personId,
      detail: { householdId: found.householdId, lookup: isLegacyIdNumber(idNumber) ? 'legacyIdNumber' : 'idNumber' },
    });
    res.json(presentPerson(found));
  });

  return router;
}

/** The 201 body of `POST /households`. */
interface RegisteredBody {
  id: string;
  members: { ref: string; personId: string; idNumber: string; legacyIdNumber: string | null }[];
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

/** The household with every member's ID numbers masked (first 6 + ******** + last 4), the legacy 15-digit one too. */
function masked(h: HouseholdMsg): HouseholdMsg {
  const mask = (n: string | undefined) => (n ? maskIdNumber(n) : '');
  return { ...h, facts: { ...h.facts, members: h.facts.members.map((m) => ({ ...m, idNumber: mask(m.idNumber), legacyIdNumber: mask(m.legacyIdNumber) })) } };
}
