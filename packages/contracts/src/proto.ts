import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/**
 * The only place protos are loaded (DESIGN.md §Conventions 1). The options are fixed: int64 as
 * decimal strings (never Long objects), enums as strings, defaults filled, oneofs as virtual fields.
 */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

export const PROTO_ROOT = path.resolve(__dirname, '..', '..', '..', 'protos');

/** Every service of the platform: its proto file, package and gRPC service name. */
export const SERVICES = {
  registry: { file: 'wuhai/registry/v1/registry.proto', pkg: 'wuhai.registry.v1', service: 'RegistryService' },
  'civil-affairs': { file: 'wuhai/civil_affairs/v1/civil_affairs.proto', pkg: 'wuhai.civil_affairs.v1', service: 'CivilAffairsService' },
  finance: { file: 'wuhai/finance/v1/finance.proto', pkg: 'wuhai.finance.v1', service: 'FinanceService' },
  disability: { file: 'wuhai/disability/v1/disability.proto', pkg: 'wuhai.disability.v1', service: 'DisabilityService' },
  education: { file: 'wuhai/education/v1/education.proto', pkg: 'wuhai.education.v1', service: 'EducationService' },
  employment: { file: 'wuhai/employment/v1/employment.proto', pkg: 'wuhai.employment.v1', service: 'EmploymentService' },
  health: { file: 'wuhai/health/v1/health.proto', pkg: 'wuhai.health.v1', service: 'HealthService' },
  housing: { file: 'wuhai/housing/v1/housing.proto', pkg: 'wuhai.housing.v1', service: 'HousingService' },
} as const;

export type ServiceName = keyof typeof SERVICES;
export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];
/** The five departments that act on referrals after a dibao approval. */
export const REFERRAL_DEPARTMENTS = ['disability', 'education', 'employment', 'health', 'housing'] as const;
export type ReferralDepartment = (typeof REFERRAL_DEPARTMENTS)[number];

let packageDefinition: protoLoader.PackageDefinition | undefined;
let grpcObject: grpc.GrpcObject | undefined;

/** Loads every proto once (synchronously) with the fixed options. */
export function loadProtos(): { definition: protoLoader.PackageDefinition; grpcObject: grpc.GrpcObject } {
  if (!packageDefinition || !grpcObject) {
    packageDefinition = protoLoader.loadSync(
      Object.values(SERVICES).map((s) => s.file),
      { ...PROTO_LOADER_OPTIONS, includeDirs: [PROTO_ROOT] },
    );
    grpcObject = grpc.loadPackageDefinition(packageDefinition);
  }
  return { definition: packageDefinition, grpcObject };
}

/**
 * The gRPC service definition of one platform service, for `server.addService`.
 * @throws Error when the proto lacks the service (a contracts bug)
 */
export function serviceDefinition(name: ServiceName): grpc.ServiceDefinition {
  const ctor = lookup(name);
  return ctor.service;
}

/** The generated client constructor of one platform service. */
export function clientConstructor(name: ServiceName): grpc.ServiceClientConstructor {
  return lookup(name);
}

function lookup(name: ServiceName): grpc.ServiceClientConstructor {
  const { grpcObject: root } = loadProtos();
  const spec = SERVICES[name];
  let node: unknown = root;
  for (const part of `${spec.pkg}.${spec.service}`.split('.')) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'function') throw new Error(`proto service ${spec.pkg}.${spec.service} not found`);
  return node as grpc.ServiceClientConstructor;
}
