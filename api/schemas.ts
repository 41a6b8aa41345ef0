/** Schemas shared by every resource of the API. */
import { z } from 'zod';
import { REGION_CODE } from '../rules/regions.ts';

/** A statistical division code of one of the five levels (2, 4, 6, 9 or 12 digits). */
export const RegionCode = z.string().regex(REGION_CODE, 'a division code of 2, 4, 6, 9 or 12 digits');
