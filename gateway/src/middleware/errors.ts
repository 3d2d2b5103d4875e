import * as grpc from '@grpc/grpc-js';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { FieldError } from '@wuhai/contracts';
import { fromGrpcError } from '@wuhai/service-kit';
import type { Logger } from 'pino';
import { maskIdNumbers } from './redact';

/** The body of every error response (RFC 9457 `application/problem+json`, rest-api.md). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors: FieldError[];
}

/** Titles per HTTP status, Chinese then English. */
const TITLES: Record<number, string> = {
  400: '请求参数无效 / Invalid request',
  401: '未登录或登录已失效 / Not authenticated',
  403: '无权执行此操作 / Forbidden',
  404: '未找到 / Not found',
  409: '与当前状态冲突 / Conflict',
  413: '请求体过大 / Request body too large',
  429: '请求过于频繁 / Too many requests',
  500: '内部错误 / Internal error',
  503: '服务暂不可用 / Service unavailable',
};

/** An error the gateway answers as problem+json with this status, code and field errors. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** `中文 / English`. */
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

/** A 400 problem naming every invalid field; its code is the first field's code. */
export function validationProblem(errors: FieldError[]): ProblemError {
  return new ProblemError(400, errors[0]?.code ?? 'VALIDATION.INVALID_REQUEST', '请求参数无效 / the request has invalid fields', errors);
}

/** Builds the problem body for a status and code. */
export function problemBody(status: number, code: string, detail: string, errors: FieldError[] = []): Problem {
  return { type: `urn:wuhai:problem:${code}`, title: TITLES[status] ?? TITLES[500]!, status, code, detail, errors };
}

/** Sends a problem+json response. */
export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type('application/problem+json').json(problem);
}

/** gRPC status → HTTP status (DESIGN.md §6: only the gateway maps statuses to HTTP). */
export function httpStatusOfGrpc(code: grpc.status): number {
  switch (code) {
    case grpc.status.INVALID_ARGUMENT:
      return 400;
    case grpc.status.NOT_FOUND:
      return 404;
    case grpc.status.ALREADY_EXISTS:
    case grpc.status.FAILED_PRECONDITION:
      return 409;
    case grpc.status.PERMISSION_DENIED:
      return 403;
    case grpc.status.UNAUTHENTICATED:
      return 401;
    case grpc.status.UNAVAILABLE:
    case grpc.status.DEADLINE_EXCEEDED:
      return 503;
    default:
      return 500;
  }
}

/** True for a `grpc.ServiceError` (a rejected call of a typed client). */
export function isGrpcError(err: unknown): err is grpc.ServiceError {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'number' && 'metadata' in err;
}

/**
 * The problem for a failed gRPC call: status by the gRPC code, `code` and field errors from the
 * error's metadata (`fromGrpcError`). Failures our services did not raise themselves (connection
 * refused, deadline) get a generic message that leaks no address.
 */
export function problemFromGrpc(err: grpc.ServiceError): Problem {
  const status = httpStatusOfGrpc(err.code);
  const fromService = err.metadata?.get('x-error-code').length > 0;
  const { code, fields, message } = fromGrpcError(err);
  if (!fromService) {
    if (status === 503) return problemBody(503, `UPSTREAM.${code}`, '后台服务暂不可用，请稍后重试 / a platform service is unavailable; try again later');
    return problemBody(status, `UPSTREAM.${code}`, '后台服务出错 / a platform service failed');
  }
  if (status === 500) return problemBody(500, code, '内部错误 / internal error');
  return problemBody(status, code, message, fields);
}

/**
 * The error handler: every error becomes problem+json. Express 5 forwards rejected async handlers
 * here. Only 5xx are logged, with the error but never the request body.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    let problem: Problem;
    if (err instanceof ProblemError) {
      problem = problemBody(err.status, err.code, err.detail, err.errors);
    } else if (isGrpcError(err)) {
      problem = problemFromGrpc(err);
    } else if (isBodyParserError(err, 'entity.too.large')) {
      problem = problemBody(413, 'REQUEST.TOO_LARGE', '请求体超过256 KiB / the request body is over 256 KiB');
    } else if (isBodyParserError(err, 'entity.parse.failed')) {
      problem = problemBody(400, 'VALIDATION.INVALID_JSON', '请求体不是合法的JSON / the request body is not valid JSON', [
        { path: '', code: 'VALIDATION.INVALID_JSON', message: '请求体不是合法的JSON / the request body is not valid JSON' },
      ]);
    } else if (isBodyParserError(err)) {
      const status = (err as { status: number }).status;
      problem = problemBody(status, 'REQUEST.UNREADABLE', '无法读取请求体 / the request body cannot be read');
    } else {
      problem = problemBody(500, 'INTERNAL', '内部错误 / internal error');
    }
    // a service that is down is an operational state (warn); anything else unexpected is an error
    if (problem.status === 503) logger.warn({ reqId: req.id, code: problem.code }, 'a platform service did not answer');
    else if (problem.status >= 500) logger.error({ err, reqId: req.id, method: req.method, code: problem.code }, 'request failed');
    sendProblem(res, problem);
  };
}

function isBodyParserError(err: unknown, type?: string): boolean {
  const e = err as { type?: unknown; status?: unknown } | null;
  if (!e || typeof e.type !== 'string' || typeof e.status !== 'number') return false;
  return type === undefined ? e.status >= 400 && e.status < 500 : e.type === type;
}

/** 404 problem for unknown `/api/*` paths. */
export const apiNotFound: RequestHandler = (req, res) => {
  sendProblem(res, problemBody(404, 'ROUTE.NOT_FOUND', `没有这个接口 / no such endpoint: ${req.method} ${maskIdNumbers(req.originalUrl.split("?")[0] ?? "")}`));
};
