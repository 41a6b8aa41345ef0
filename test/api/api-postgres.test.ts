import { describe } from 'vitest';
import { inject, requirePart } from '../helpers/env.ts';
import { apiSuite } from './suite.ts';

describe.runIf(requirePart(inject('pgUrl') !== null, 'PostgreSQL (set TEST_PG_URL; .ci/run starts one)'))('API on PostgreSQL', () => apiSuite('postgres'));
