import { describe } from 'vitest';
import { inject, requirePart } from '../helpers/env.ts';
import { hardeningSuite } from './hardening-suite.ts';

describe.runIf(requirePart(inject('pgUrl') !== null, 'PostgreSQL (set TEST_PG_URL; .ci/run starts one)'))('HTTP hardening on PostgreSQL', () => hardeningSuite('postgres'));
