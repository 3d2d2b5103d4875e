import { runAsProcess } from '@wuhai/service-kit';
import { loadRegistryConfig } from './config';
import { registryService } from './registry.service';

runAsProcess(() => registryService(loadRegistryConfig()));
