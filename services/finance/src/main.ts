import { runAsProcess } from '@wuhai/service-kit';
import { loadFinanceConfig } from './config';
import { financeService } from './finance.service';

runAsProcess(() => financeService(loadFinanceConfig()));
