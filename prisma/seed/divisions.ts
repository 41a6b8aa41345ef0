/**
 * Hunan's real administrative divisions (行政区划) and the pairings of seed item 20, read from the
 * CSV files copied into prisma/seed/data/hunan/ (see the README there for the source).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PROVINCE_CODE = '43';
export const PROVINCE_NAME = '湖南省';

export interface City {
  code: string;
  name: string;
}

export interface County {
  code: string;
  name: string;
  cityCode: string;
}

export interface Township {
  code: string;
  name: string;
  countyCode: string;
  cityCode: string;
}

/** One row of pairings.csv (对口帮扶 / 携手奔小康, seed item 20). */
export interface PairingRow {
  kind: string;
  helperCode: string;
  helperName: string;
  helpedCode: string;
  helpedName: string;
  mapping: string;
}

export interface Divisions {
  cities: City[];
  counties: County[];
  townships: Township[];
  pairings: PairingRow[];
  /** townships of each county, in code order */
  townshipsByCounty: Map<string, Township[]>;
  countyByCode: Map<string, County>;
  cityByCode: Map<string, City>;
}

/** Minimal RFC 4180 reader: quoted fields, doubled quotes, commas and newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

function readTable(file: string): Record<string, string>[] {
  const text = readFileSync(fileURLToPath(new URL(`./data/hunan/${file}`, import.meta.url)), 'utf8');
  const [header, ...rows] = parseCsv(text);
  return rows.map((cells) => {
    if (cells.length !== header.length) throw new Error(`${file}: expected ${header.length} fields, got ${cells.length}: ${cells.join(',')}`);
    return Object.fromEntries(header.map((name, i) => [name, cells[i]]));
  });
}

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

let cached: Divisions | undefined;

export function loadDivisions(): Divisions {
  if (cached) return cached;
  const cities = readTable('cities.csv').map((r) => ({ code: r.code, name: r.name })).sort(byCode);
  const counties = readTable('counties.csv')
    .map((r) => ({ code: r.code, name: r.name, cityCode: r.cityCode }))
    .sort(byCode);
  const townships = readTable('townships.csv')
    .map((r) => ({ code: r.code, name: r.name, countyCode: r.areaCode, cityCode: r.cityCode }))
    .sort(byCode);
  const pairings = readTable('pairings.csv').map((r) => ({
    kind: r.kind,
    helperCode: r.helper_code,
    helperName: r.helper_name,
    helpedCode: r.helped_code,
    helpedName: r.helped_name,
    mapping: r.mapping,
  }));
  const townshipsByCounty = new Map<string, Township[]>(counties.map((c) => [c.code, []]));
  for (const t of townships) {
    const list = townshipsByCounty.get(t.countyCode);
    if (!list) throw new Error(`townships.csv: township ${t.code} names unknown county ${t.countyCode}`);
    list.push(t);
  }
  cached = {
    cities,
    counties,
    townships,
    pairings,
    townshipsByCounty,
    countyByCode: new Map(counties.map((c) => [c.code, c])),
    cityByCode: new Map(cities.map((c) => [c.code, c])),
  };
  return cached;
}
