import { z } from 'zod';
import { systemClock, type Clock, type Handlers, type ServiceDeps } from '@wuhai/service-kit';
import type { RegistryConfig } from '../../config';
import { registerHousehold } from '../../application/register-household.use-case';
import { updateHousehold } from '../../application/update-household.use-case';
import { countHouseholds, findPersonByIdNumber, getHousehold, searchHouseholds } from '../../application/read-household.use-case';
import { sourceImportHandlers } from './import.grpc';
import { verificationHandlers } from './verification.grpc';
import { lifecycleHandlers } from './lifecycle.grpc';
import { householdStreamHandlers } from './household-stream.grpc';

const idRequest = z.object({ id: z.string().min(1) });
const idNumberRequest = z.object({ idNumber: z.string().min(1) });

/**
 * Thin handlers: check the caller, validate the decoded request, call the use case. The
 * verification-source import (a client-streaming call) lives in import.grpc.ts, authorisations,
 * verification runs and duplicates in verification.grpc.ts.
 */
export function registryHandlers(deps: ServiceDeps<RegistryConfig>, clock: Clock = systemClock): Handlers<'registry'> {
  return {
    ...sourceImportHandlers(deps, clock),
    ...verificationHandlers(deps, clock),
    ...lifecycleHandlers(deps, clock),
    ...householdStreamHandlers(deps),
    RegisterHousehold: async (req, ctx) => registerHousehold({ ds: deps.ds, clock, kickOutbox: deps.kickOutbox }, req, ctx.caller(), ctx.correlationId),
    GetHousehold: async (req, ctx) => {
      ctx.caller();
      return getHousehold(deps.ds, idRequest.parse(req).id);
    },
    FindPersonByIdNumber: async (req, ctx) => {
      ctx.caller();
      return findPersonByIdNumber(deps.ds, idNumberRequest.parse(req).idNumber);
    },
    UpdateHousehold: async (req, ctx) =>
      updateHousehold(
        { ds: deps.ds, kickOutbox: deps.kickOutbox },
        z.object({ id: z.string().min(1), expectedVersion: z.number().int().min(0), patchJson: z.string() }).parse(req),
        ctx.caller(),
        ctx.correlationId,
      ),
    SearchHouseholds: async (req, ctx) => {
      ctx.caller();
      const q = z
        .object({ name: z.string().max(50), street: z.string().max(100), area: z.string().max(6), limit: z.number().int().min(0).max(100), offset: z.number().int().min(0) })
        .parse(req);
      return searchHouseholds(deps.ds, q);
    },
    CountHouseholds: async (_req, ctx) => {
      ctx.caller();
      return countHouseholds(deps.ds);
    },
  };
}
