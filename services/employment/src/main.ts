import { runAsProcess } from '@wuhai/service-kit';
import { loadEmploymentConfig } from './config';
import { employmentService } from './employment.service';

runAsProcess(() => employmentService(loadEmploymentConfig()));
