/** Schemas shared by every resource of the API. */
import { z } from 'zod';
import { REGION_CODE } from '../rules/regions.ts';

/** A statistical division code of one of the five levels (2, 4, 6, 9 or 12 digits). */
export const RegionCode = z.string().regex(REGION_CODE, 'a division code of 2, 4, 6, 9 or 12 digits');

/**
 * A string the server trims before checking its length. Documented (api/openapi.ts) by a pattern on
 * the trimmed length, since a JSON Schema length counts the surrounding whitespace too.
 */
export const trimmedString = (min: number, max: number) => z.string().trim().min(min).max(max).meta({ 'x-trimmed': true });
