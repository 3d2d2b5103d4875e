import { Router } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import { signStaffToken } from '@wuhai/service-kit';
import { problemBody, ProblemError, sendProblem } from '../middleware/errors';
import { validate } from '../middleware/validation';
import { authenticate } from '../persistence/staff-accounts';
import type { GatewayDeps } from './context';
import { loginBodySchema } from './schemas';

/**
 * `POST /api/v1/auth/login` `{username, password}` → `{token}` (a staff token carrying the account's
 * department, area and role). Failed attempts are rate limited per client address and username.
 */
export function authRoutes(deps: GatewayDeps): Router {
  const router = Router();
  const limiter = rateLimit({
    windowMs: deps.loginRateLimit?.windowMs ?? 15 * 60_000,
    limit: deps.loginRateLimit?.limit ?? 10,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const body = req.body as { username?: unknown } | undefined;
      const username = typeof body?.username === 'string' ? body.username.trim().toLowerCase().slice(0, 64) : '';
      return `${ipKeyGenerator(req.ip ?? '')}|${username}`;
    },
    handler: (_req, res) =>
      sendProblem(res, problemBody(429, 'AUTH.TOO_MANY_ATTEMPTS', '登录失败次数过多，请稍后再试 / too many failed sign-ins; try again later')),
  });

  router.post('/auth/login', limiter, async (req, res) => {
    const body = validate(loginBodySchema, req.body);
    const account = await authenticate(deps.ds, body.username, body.password);
    if (!account) throw new ProblemError(401, 'AUTH.BAD_CREDENTIALS', '用户名或密码错误 / wrong username or password');
    const token = signStaffToken(
      { staffId: account.id, username: account.username, department: account.department, area: account.area, role: account.role },
      deps.config.JWT_SECRET,
    );
    res.json({ token });
  });
  return router;
}
