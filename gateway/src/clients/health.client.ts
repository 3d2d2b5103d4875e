import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';

/** What `/readyz` reports for one service. */
export type ServiceReadiness = 'SERVING' | 'NOT_SERVING' | 'UNREACHABLE';

const check = healthService.Check!;

/**
 * Asks a service's `grpc.health.v1.Health/Check` over the channel its typed client already uses,
 * so readiness reflects the same connection the gateway's calls go through.
 * @param raw the typed client's underlying `grpc.Client`
 * @param timeoutMs deadline of the check
 * @returns `SERVING`, `NOT_SERVING` (answered anything but SERVING) or `UNREACHABLE` (no answer in time,
 *   or no health service)
 */
export function checkHealth(raw: grpc.Client, timeoutMs = 1000): Promise<ServiceReadiness> {
  return new Promise((resolve) => {
    raw.makeUnaryRequest<{ service: string }, { status?: string }>(
      check.path,
      check.requestSerialize as (v: { service: string }) => Buffer,
      check.responseDeserialize as (b: Buffer) => { status?: string },
      { service: '' },
      new grpc.Metadata(),
      { deadline: new Date(Date.now() + timeoutMs) },
      (err, res) => {
        if (err) resolve(err.code === grpc.status.NOT_FOUND ? 'NOT_SERVING' : 'UNREACHABLE');
        else resolve(res?.status === 'SERVING' ? 'SERVING' : 'NOT_SERVING');
      },
    );
  });
}
