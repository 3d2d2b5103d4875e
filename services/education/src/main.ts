import { runAsProcess } from '@wuhai/service-kit';
import { loadEducationConfig } from './config';
import { educationService } from './education.service';

runAsProcess(() => educationService(loadEducationConfig()));
