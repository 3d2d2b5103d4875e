import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { PROTO_LOADER_OPTIONS } from './proto';

type HealthClient = grpc.Client & {
  Check(req: { service: string }, md: grpc.Metadata, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res?: { status: string }) => void): void;
};
let HealthCtor: (new (address: string, creds: grpc.ChannelCredentials) => HealthClient) | undefined;

/**
 * Asks a server's `grpc.health.v1.Health/Check` (whole server, service "") for its status.
 * @param address `host:port`
 * @returns `SERVING` | `NOT_SERVING` | `UNKNOWN` | `SERVICE_UNKNOWN`, or `UNREACHABLE` when it
 *   does not answer within `timeoutMs` (default 1000)
 */
export function checkHealth(address: string, timeoutMs = 1000): Promise<string> {
  if (!HealthCtor) {
    const def = protoLoader.loadSync(healthProtoPath, PROTO_LOADER_OPTIONS);
    const pkg = grpc.loadPackageDefinition(def) as unknown as { grpc: { health: { v1: { Health: typeof HealthCtor } } } };
    HealthCtor = pkg.grpc.health.v1.Health;
  }
  const client = new HealthCtor!(address, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.Check({ service: '' }, new grpc.Metadata(), { deadline: new Date(Date.now() + timeoutMs) }, (err, res) => {
      client.close();
      resolve(err || !res ? 'UNREACHABLE' : String(res.status));
    });
  });
}
