import { describe } from 'vitest';
import { hardeningSuite } from './hardening-suite.ts';

describe('HTTP hardening on SQLite', () => hardeningSuite('sqlite'));
