/**
 * Streamed downloads of a table (台账导出) as CSV (csv-stringify) or XLSX (exceljs's streaming
 * WorkbookWriter). Rows arrive in batches from an async iterator that reads the database lazily,
 * one keyset page per step; each batch is written to the response before the next is read, the
 * writer waits while the client's socket is full (backpressure), and reading stops when the client
 * goes away. So memory holds about one batch, whatever the size of the province.
 */
import { once } from 'node:events';
import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { Logger } from 'pino';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** Header rows: Chinese with English below it (both), or one language. */
export const HEADER_LANGS = ['both', 'zh', 'en'] as const;
export type HeaderLang = (typeof HEADER_LANGS)[number];

export const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface Column<R> {
  key: string;
  zh: string;
  en: string;
  /** XLSX column width in characters */
  width?: number;
  /** XLSX number format of the column (e.g. a date and time) */
  numFmt?: string;
  value: (row: R) => string | number | boolean | Date | null | undefined;
}

export interface ExportSpec<R> {
  format: ExportFormat;
  lang: HeaderLang;
  /** file name without extension: ASCII fallback and the UTF-8 name (RFC 6266 filename*) */
  fileName: { ascii: string; utf8: string };
  sheetName: string;
  columns: readonly Column<R>[];
  batches: AsyncIterable<R[]>;
  /** rows written after the data (e.g. a total), already as cell values */
  footer?: () => (string | number | null)[][];
  logger: Logger;
  what: string;
}

export interface ExportOutcome {
  rows: number;
  batches: number;
  aborted: boolean;
  ms: number;
}

/**
 * exceljs writes a sheet's rows into its own buffer stream (StreamBuf), which archiver reads through
 * a PassThrough into deflate; StreamBuf ignores backpressure, so rows written faster than zlib
 * compresses them would pile up in that PassThrough (the whole sheet, for a big export). Wait until
 * it has drained. The PassThrough is exceljs's and archiver's internals, looked up defensively: when
 * the shape is not the expected one, yield to the event loop once instead.
 */
async function sheetCaughtUp(sheet: ExcelJS.Worksheet, aborted: () => boolean): Promise<void> {
  const buffer = (sheet as unknown as { _stream?: { pipes?: unknown[] } })._stream;
  // archiver takes the sheet's stream on a later turn of the event loop: give it a few
  for (let turn = 0; turn < 20 && buffer && !buffer.pipes?.length; turn++) await new Promise((resolve) => setImmediate(resolve));
  // a PassThrough of readable-stream (archiver's), whose state predates writableNeedDrain
  const pipe = buffer?.pipes?.[0] as (NodeJS.WritableStream & { writableNeedDrain?: boolean; _writableState?: { needDrain?: unknown } }) | undefined;
  const needDrain = (): boolean | undefined => {
    if (typeof pipe?.writableNeedDrain === 'boolean') return pipe.writableNeedDrain;
    const state = pipe?._writableState?.needDrain;
    return typeof state === 'boolean' ? state : undefined;
  };
  if (!pipe || needDrain() === undefined) return;
  while (needDrain() && !aborted()) {
    await new Promise<void>((resolve) => {
      const done = () => {
        pipe.removeListener('drain', done);
        pipe.removeListener('close', done);
        pipe.removeListener('error', done);
        resolve();
      };
      pipe.on('drain', done);
      pipe.on('close', done);
      pipe.on('error', done);
    });
  }
}

export function contentDisposition(name: { ascii: string; utf8: string }, ext: string): string {
  const ascii = `${name.ascii.replace(/[^\w.-]+/g, '_')}.${ext}`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(`${name.utf8}.${ext}`)}`;
}

function headerRows<R>(columns: readonly Column<R>[], lang: HeaderLang): string[][] {
  const zh = columns.map((c) => c.zh);
  const en = columns.map((c) => c.en);
  return lang === 'zh' ? [zh] : lang === 'en' ? [en] : [zh, en];
}

/** CSV cells: dates as ISO 8601 UTC, booleans as 是/否 or yes/no by language, null as empty. */
function csvCell(value: unknown, lang: HeaderLang): string | number {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return lang === 'en' ? (value ? 'yes' : 'no') : value ? '是' : '否';
  return value as string | number;
}

/**
 * Writes the table to `res`. Resolves when the file is complete or the client went away
 * (`aborted`); a failure half-way destroys the connection, so a client never keeps a truncated
 * file for a complete one.
 */
export async function streamTable<R>(res: Response, spec: ExportSpec<R>): Promise<ExportOutcome> {
  const started = Date.now();
  let aborted = false;
  const onClose = () => {
    if (!res.writableFinished) aborted = true;
  };
  res.on('close', onClose);
  res.status(200);
  res.setHeader('Content-Type', CONTENT_TYPE[spec.format]);
  res.setHeader('Content-Disposition', contentDisposition(spec.fileName, spec.format));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');

  /** waits while the socket is full; false when the client went away meanwhile */
  const drained = async (): Promise<boolean> => {
    while (!aborted && res.writableNeedDrain) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
    return !aborted;
  };

  /**
   * Node corks the socket on a response write until the next tick, and the next batch's query
   * (better-sqlite3 is synchronous) may run in the same chain of microtasks: one turn of the event
   * loop lets the written bytes leave before the next read.
   */
  const flushed = () => new Promise<void>((resolve) => setImmediate(resolve));

  let rows = 0;
  let batches = 0;
  const outcome = () => ({ rows, batches, aborted, ms: Date.now() - started });
  try {
    if (spec.format === 'csv') {
      // a BOM so that Excel opens the UTF-8 file with its Chinese intact
      res.write('\ufeff' + stringify(headerRows(spec.columns, spec.lang)));
      await flushed();
      for await (const batch of spec.batches) {
        if (aborted) break;
        batches++;
        rows += batch.length;
        res.write(stringify(batch.map((r) => spec.columns.map((c) => csvCell(c.value(r), spec.lang)))));
        await flushed();
        if (!(await drained())) break;
      }
      if (!aborted) {
        if (spec.footer) res.write(stringify(spec.footer()));
        res.end();
        await once(res, 'finish').catch(() => undefined);
      }
    } else {
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
      const sheet = workbook.addWorksheet(spec.sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: spec.lang === 'both' ? 2 : 1 }] });
      sheet.columns = spec.columns.map((c) => ({ key: c.key, width: c.width ?? 14, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
      for (const values of headerRows(spec.columns, spec.lang)) {
        const row = sheet.addRow(values);
        row.font = { bold: true };
        row.commit();
      }
      for await (const batch of spec.batches) {
        if (aborted) break;
        batches++;
        rows += batch.length;
        for (const r of batch) sheet.addRow(spec.columns.map((c) => c.value(r) ?? null)).commit();
        // the sheet's XML waits for deflate (zlib works off the main thread): let it catch up, then the socket
        await sheetCaughtUp(sheet, () => aborted);
        await flushed();
        if (!(await drained())) break;
      }
      if (!aborted) {
        for (const values of spec.footer?.() ?? []) {
          const row = sheet.addRow(values);
          row.font = { bold: true };
          row.commit();
        }
        sheet.commit();
        await workbook.commit();
        if (!res.writableFinished) await once(res, 'finish').catch(() => undefined);
      }
    }
  } catch (err) {
    spec.logger.error({ err, what: spec.what, ...outcome() }, 'export failed half-way');
    res.destroy();
    return outcome();
  } finally {
    res.off('close', onClose);
  }
  if (aborted) res.destroy();
  const result = outcome();
  spec.logger.info({ what: spec.what, format: spec.format, ...result }, aborted ? 'export abandoned by the client' : 'export written');
  return result;
}
