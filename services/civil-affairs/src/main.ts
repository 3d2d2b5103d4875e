import { runAsProcess } from '@wuhai/service-kit';
import { loadCivilAffairsConfig } from './config';
import { civilAffairsService } from './civil-affairs.service';

runAsProcess(() => civilAffairsService(loadCivilAffairsConfig()));
