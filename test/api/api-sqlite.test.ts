import { describe } from 'vitest';
import { apiSuite } from './suite.ts';

describe('API on SQLite', () => apiSuite('sqlite'));
