/**
 * The third-party sample in the console on real parts (Chromium driven by playwright-core, the
 * built console served by the API, SQLite): the evaluator enters a finding in the dialog and
 * uploads a CSV (refused with its bad rows in a table, then accepted); the county operator
 * disputes a finding; the province supervisor decides it. The county's stage is moved by hand, as
 * the workflow would.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawAndStoreSample } from '../../activities/exit-sample.ts';
import { chromiumPath, startConsole, type ConsoleStack } from '../helpers/browser.ts';
import { waitFor } from '../helpers/db.ts';
import { requirePart } from '../helpers/env.ts';

const run = requirePart(chromiumPath() !== null, "Debian's Chromium (/usr/bin/chromium; apt-get install chromium)");
const SHOTS = path.resolve('test/.tmp');
const COUNTY = '431222';
const cycleId = 'cycle-browser-2020';

describe.runIf(run)('browser: the third-party sample', () => {
  let c: ConsoleStack;
  let stack: ConsoleStack['stack'];
  let base: string;

  beforeAll(async () => {
    c = await startConsole();
    ({ stack, base } = c);
    await stack.db.cycle.create({ data: { id: cycleId, type: 'EXIT_VERIFICATION', year: 2020, regionId: '43', stage: 'COUNTIES', workflowId: `exit-verification:browser:${cycleId}`, config: {}, seed: 'browser-seed', createdById: 'test' } });
    await stack.db.exitCounty.create({ data: { cycleId, countyId: COUNTY, cityId: '4312', workflowId: `exit-county:browser:${cycleId}`, stage: 'SURVEY', poorCounty: true } });
    await drawAndStoreSample(stack.db, { cycleId, countyId: COUNTY, seed: 'browser-seed', sizes: { inRegister: 3, outsideRegister: 2, villages: 2 } });
  });

  afterAll(async () => {
    await c?.stop();
  });

  /** A page signed in as `username` (the session the login leaves, without typing it again). */
  async function signIn(username: string): Promise<Page> {
    const page = await (await c.signedIn(username, { locale: 'zh', width: 1500 })).newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('session-display-name').waitFor();
    return page;
  }

  const listUrl = () => `${base}/#/sample-entries?filter=${encodeURIComponent(JSON.stringify({ cycleId, countyId: COUNTY }))}`;
  const entries = () => stack.db.sampleEntry.findMany({ where: { cycleId, countyId: COUNTY }, orderBy: { ordinal: 'asc' } });

  it('the evaluator enters a finding and imports a CSV; the county disputes; the province decides', async () => {
    const sample = await entries();
    const registered = sample.filter((e) => e.kind === 'IN_REGISTER');
    const visits = sample.filter((e) => e.kind === 'OUTSIDE_REGISTER');
    const first = registered[0];

    // 1. the evaluator: a registered household below the standard, failing income
    const evaluator = await signIn('evaluator');
    await evaluator.goto(listUrl());
    await evaluator.getByTestId(`finding-button-${first.ordinal}`).click();
    await evaluator.locator('input[type="radio"][name="meetsStandard"][value="no"]').check();
    await evaluator.locator('input[type="checkbox"][value="income"]').check();
    await evaluator.locator('input[type="radio"][name="acknowledges"][value="no"]').check();
    await evaluator.locator('input[type="radio"][name="approves"][value="yes"]').check();
    await evaluator.getByTestId('finding-submit').click();
    const found = await waitFor(async () => {
      const e = await stack.db.sampleEntry.findUniqueOrThrow({ where: { id: first.id } });
      return e.foundAt ? e : null;
    }, 'the finding entered in the dialog');
    expect(found).toMatchObject({ meetsStandard: false, failedCriteria: 'income', acknowledges: false, approves: true, findingSource: 'CONSOLE' });

    // 2. a CSV with a bad row: refused whole, the rows named in a table, nothing stored
    const before = await entries();
    await evaluator.getByTestId('csv-import-button').click();
    const bad = ['序号,是否达标,未达标项,受访户主,是否漏评,漏评人数', `${registered[1].ordinal},否,,,,`, `${visits[0].ordinal},,,赵六,是,`].join('\n');
    await evaluator.getByTestId('csv-file-input').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await evaluator.getByTestId('csv-upload').click();
    const table = evaluator.getByTestId('csv-errors');
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    // the columns named in the user's language
    expect(await table.textContent()).toContain('未达标项');
    expect(await table.textContent()).toContain('漏评人数');
    await evaluator.screenshot({ path: path.join(SHOTS, 'samples-1-csv-refused.png') });
    expect(await entries()).toEqual(before);

    // 3. the corrected file, encoded as spreadsheet software on Chinese systems saves it (GB18030 bytes are not UTF-8)
    const good = [
      '序号,是否达标,未达标项,认可脱贫,群众认可,受访户主,是否漏评,漏评人数',
      ...registered.slice(1).map((e) => `${e.ordinal},是,,是,是,,,`),
      ...visits.map((e, i) => `${e.ordinal},,,,是,${i ? '钱七' : '赵六'},${i ? '否' : '是'},${i ? '' : '2'}`),
    ].join('\r\n');
    await evaluator.getByTestId('csv-file-input').setInputFiles({ name: '核查结果.csv', mimeType: 'text/csv', buffer: gb18030(good) });
    await evaluator.getByTestId('csv-upload').click();
    await waitFor(async () => (await entries()).every((e) => e.foundAt !== null), 'every entry to have a finding');
    const visited = (await entries()).find((e) => e.id === visits[0].id)!;
    expect(visited).toMatchObject({ visitedName: '赵六', missed: true, missedPeople: 2, findingSource: 'CSV:核查结果.csv' });

    // 4. the county operator disputes the first finding
    await stack.db.exitCounty.update({ where: { cycleId_countyId: { cycleId, countyId: COUNTY } }, data: { stage: 'DISPUTE' } });
    const operator = await signIn('county.operator');
    await operator.goto(listUrl());
    await operator.getByTestId(`dispute-button-${first.ordinal}`).click();
    await operator.locator('textarea[name="reason"]').fill('该户已有稳定务工收入，附工资流水');
    await operator.getByTestId('dispute-submit').click();
    await waitFor(async () => (await stack.db.sampleEntry.findUniqueOrThrow({ where: { id: first.id } })).disputeStatus === 'OPEN', 'the dispute');
    // once: the button is gone after the refresh
    await expect.poll(() => operator.getByTestId(`dispute-button-${first.ordinal}`).count()).toBe(0);

    // 5. the province supervisor upholds it (the county supervisor is not offered the decision)
    await stack.db.exitCounty.update({ where: { cycleId_countyId: { cycleId, countyId: COUNTY } }, data: { stage: 'DISPUTE_REVIEW' } });
    const countySupervisor = await signIn('county.supervisor');
    await countySupervisor.goto(listUrl());
    await countySupervisor.getByText('待裁定').first().waitFor();
    expect(await countySupervisor.getByTestId(`decision-button-${first.ordinal}`).count()).toBe(0);
    const supervisor = await signIn('supervisor');
    await supervisor.goto(listUrl());
    await supervisor.getByTestId(`decision-button-${first.ordinal}`).click();
    await supervisor.locator('input[type="radio"][name="upheld"][value="upheld"]').check();
    await supervisor.locator('textarea[name="comment"]').fill('工资流水属实');
    await supervisor.getByTestId('decision-submit').click();
    await waitFor(async () => (await stack.db.sampleEntry.findUniqueOrThrow({ where: { id: first.id } })).disputeStatus === 'UPHELD', 'the decision');
    await expect.poll(() => supervisor.locator('body').textContent()).toContain('申诉成立');
    await supervisor.screenshot({ path: path.join(SHOTS, 'samples-2-decided.png') });
  }, 150_000);
});

/** GB18030 bytes of a text of ASCII and common Chinese characters, from the browser-independent TextDecoder's table. */
function gb18030(text: string): Buffer {
  // Node's TextDecoder decodes GB18030; build the encoder for the characters this text uses by
  // searching the two-byte range once (the common hanzi all lie in 0x81-0xFE × 0x40-0xFE)
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([a, b]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [a, b]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else {
      const pair = table.get(ch);
      if (!pair) throw new Error(`no two-byte GB18030 code for ${ch}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}
