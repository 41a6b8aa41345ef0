/**
 * The year's department facts (行业部门数据) of some households, as the rules read them: each with
 * its provenance (department, import batch, file, row, import time), so every check of the
 * assessment names its source. Imported by api/department-imports/router.ts.
 */
import type { Db } from '../lib/db.ts';
import { DEPARTMENTS, type Department, type DepartmentCriterion, type DepartmentFact } from '../rules/exit-verification/department-facts.ts';

/** Codes per query: SQLite binds at most 999 parameters per statement. */
const CODES_PER_QUERY = 500;

/**
 * Every fact of `year` about the given households, oldest import first (the rules let the latest
 * `importedAt` win when two imports disagree). Unknown codes simply have no facts.
 */
export async function departmentFactsFor(db: Db, year: number, householdCodes: readonly string[]): Promise<DepartmentFact[]> {
  const codes = [...new Set(householdCodes)];
  const out: DepartmentFact[] = [];
  for (let i = 0; i < codes.length; i += CODES_PER_QUERY) {
    const rows = await db.departmentFact.findMany({
      where: { year, householdCode: { in: codes.slice(i, i + CODES_PER_QUERY) } },
      include: { import: { select: { id: true, department: true, fileName: true, importedAt: true } } },
    });
    for (const r of rows) {
      if (!(DEPARTMENTS as readonly string[]).includes(r.import.department)) throw new Error(`department import ${r.import.id} names an unknown department ${r.import.department}`);
      out.push({
        householdCode: r.householdCode,
        year: r.year,
        criterion: r.criterion as DepartmentCriterion,
        value: r.value,
        ...(r.note ? { note: r.note } : {}),
        provenance: { department: r.import.department as Department, batchId: r.import.id, fileName: r.import.fileName, row: r.row, importedAt: r.import.importedAt.toISOString() },
      });
    }
  }
  return out.sort(
    (a, b) =>
      a.provenance.importedAt.localeCompare(b.provenance.importedAt) ||
      a.provenance.batchId.localeCompare(b.provenance.batchId) ||
      a.householdCode.localeCompare(b.householdCode) ||
      a.provenance.row - b.provenance.row,
  );
}
