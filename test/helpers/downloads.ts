/** Reading the API's downloads in tests: bytes through supertest, an XLSX's first sheet as rows. */
import ExcelJS from 'exceljs';
import type { Response as TestResponse } from 'supertest';

/** Reads a download as bytes (a supertest parser: its binary bodies are not buffered by default). */
export function binary(res: TestResponse, cb: (err: Error | null, body: Buffer) => void) {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** The first sheet of an XLSX file, one array of cell values per row (empty rows kept). */
export async function readXlsx(body: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}
