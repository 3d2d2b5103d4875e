import { z } from 'zod';
import { systemClock, type Clock, type Handlers, type ServiceDeps } from '@wuhai/service-kit';
import type { RegistryConfig } from '../../config';
import { movePerson } from '../../application/move-person.use-case';
import { recordDeath } from '../../application/record-death.use-case';
import { revokeDeath } from '../../application/revoke-death.use-case';

const recordDeathSchema = z.object({
  personId: z.string().min(1).max(100),
  deathDate: z.string().max(40),
  source: z.string().max(40),
  note: z.string().max(2000),
  newHeadPersonId: z.string().max(100),
});

const revokeDeathSchema = z.object({
  personId: z.string().min(1).max(100),
  reason: z.string().max(2000),
});

const fen = z.string().regex(/^\d{1,16}$/);
const movePersonSchema = z.object({
  personId: z.string().min(1).max(100),
  toHouseholdId: z.string().max(100),
  newHousehold: z
    .object({
      street: z.string().max(200),
      address: z.string().max(400),
      householdNo: z.string().max(80),
      area: z.string().max(6),
      hukou: z.string().max(10),
      livingAreaM2: z.number(),
      homeOwned: z.boolean(),
      houseDangerGrade: z.string().max(2),
      assets: z.object({ financialFen: fen, vehicles: z.number().int(), disabilityVehicles: z.number().int(), residences: z.number().int(), businessCapitalFen: fen }).nullable(),
      familyPlanning: z.object({ onlyChild: z.string().max(20), ruralOneChildOrTwoDaughters: z.boolean(), urbanOneChild: z.boolean() }).nullable(),
    })
    .nullable(),
  relation: z.string().max(20),
  movedOn: z.string().max(40),
  note: z.string().max(2000),
  newHeadPersonId: z.string().max(100),
});

/**
 * The registry's handlers of a household's life: `RecordDeath`, `RevokeDeath` and `MovePerson`
 * (docs/decisions/0013-deaths-and-moves.md). Thin: validate the decoded request, call the use case.
 */
export function lifecycleHandlers(deps: ServiceDeps<RegistryConfig>, clock: Clock = systemClock): Pick<Handlers<'registry'>, 'RecordDeath' | 'RevokeDeath' | 'MovePerson'> {
  const useCaseDeps = { ds: deps.ds, clock, kickOutbox: deps.kickOutbox };
  return {
    RecordDeath: async (req, ctx) => recordDeath(useCaseDeps, recordDeathSchema.parse(req), ctx.caller(), ctx.correlationId),
    RevokeDeath: async (req, ctx) => revokeDeath(useCaseDeps, revokeDeathSchema.parse(req), ctx.caller(), ctx.correlationId),
    MovePerson: async (req, ctx) => movePerson(useCaseDeps, movePersonSchema.parse(req), ctx.caller(), ctx.correlationId),
  };
}
