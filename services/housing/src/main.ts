import { runAsProcess } from '@wuhai/service-kit';
import { loadHousingConfig } from './config';
import { housingService } from './housing.service';

runAsProcess(() => housingService(loadHousingConfig()));
