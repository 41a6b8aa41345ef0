/**
 * Custom search attributes every process carries, so an operator finds a process by type, region,
 * step or year in the Temporal Web UI and CLI (`temporal workflow list --query 'ProcessType="RETURN_TO_POVERTY"'`).
 * Set at start by the API's start service; `ProcessStep` is kept current by the kit as steps open
 * and close. Registered on the server by worker/search-attributes.ts (embedded dev server, test
 * servers) or, on a cluster, by the command in the README.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const PROCESS_TYPE = defineSearchAttributeKey('ProcessType', SearchAttributeType.KEYWORD);
/** the statistical division code of the region the process concerns */
export const REGION_CODE = defineSearchAttributeKey('RegionCode', SearchAttributeType.KEYWORD);
/** the steps waiting for a decision now (several when steps run in parallel); empty when none */
export const PROCESS_STEP = defineSearchAttributeKey('ProcessStep', SearchAttributeType.KEYWORD_LIST);
export const PROCESS_YEAR = defineSearchAttributeKey('ProcessYear', SearchAttributeType.INT);

export const PROCESS_SEARCH_ATTRIBUTES = [PROCESS_TYPE, REGION_CODE, PROCESS_STEP, PROCESS_YEAR] as const;
