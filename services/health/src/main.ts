import { runAsProcess } from '@wuhai/service-kit';
import { loadHealthConfig } from './config';
import { healthService } from './health.service';

runAsProcess(() => healthService(loadHealthConfig()));
