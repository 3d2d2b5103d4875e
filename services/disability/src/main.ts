import { runAsProcess } from '@wuhai/service-kit';
import { loadDisabilityConfig } from './config';
import { disabilityService } from './disability.service';

runAsProcess(() => disabilityService(loadDisabilityConfig()));
