import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * The official division codes (GB/T 2260) of the whole country, carried in the project so that
 * provisioning works offline: 31 provinces, 343 cities, 2,979 county-level areas, 41,352 townships.
 */
export type DivisionLevel = 'province' | 'city' | 'county' | 'township';

export interface DivisionNode {
  code: string;
  name: string;
  level: DivisionLevel;
  /** Code of the nearest ancestor that has a congress; null for a province. */
  parentCode: string | null;
  /** ltree path of codes from the province down, skipping levels without a congress. */
  path: string;
}

type Row = Record<string, string>;

function readCsv(name: string): Row[] {
  const text = gunzipSync(readFileSync(new URL(`./data/${name}.csv.gz`, import.meta.url))).toString('utf8');
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const keys = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',').map((c) => c.replace(/^"|"$/g, ''));
    return Object.fromEntries(keys.map((k, i) => [k, cells[i] ?? '']));
  });
}

// Municipalities and provinces with directly administered counties carry a city-level row that
// is only a grouping: it has no congress, so its counties hang directly under the province.
const placeholderCities = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/** Functional zones (经济技术开发区, 高新区 …) take county codes 70–79 and have no congress. */
export function isFunctionalZone(areaCode: string): boolean {
  const suffix = Number(areaCode.slice(4, 6));
  return suffix >= 70 && suffix <= 79;
}

/** Towns (镇), townships (乡) and sumu (苏木) elect congresses; sub-districts (街道) do not. */
export function isTownshipWithCongress(name: string): boolean {
  return /(镇|乡|苏木)$/.test(name) && !name.endsWith('街道');
}

let cache: { provinces: Row[]; cities: Row[]; areas: Row[]; streets: Row[] } | null = null;
function data() {
  cache ??= { provinces: readCsv('provinces'), cities: readCsv('cities'), areas: readCsv('areas'), streets: readCsv('streets') };
  return cache;
}

/** The provinces, for pickers and the CLI. */
export function listProvinces(): { code: string; name: string }[] {
  return data().provinces.map((p) => ({ code: p.code, name: p.name }));
}

/**
 * Every division of one province that has a congress, parents before children.
 * @example provinceTree('32').length // 808 for Jiangsu: 1 province, 13 cities, 95 counties, 699 townships
 */
export function provinceTree(provinceCode: string): DivisionNode[] {
  const d = data();
  const province = d.provinces.find((p) => p.code === provinceCode);
  if (!province) throw new Error(`unknown province code ${provinceCode}`);
  const nodes: DivisionNode[] = [{ code: province.code, name: province.name, level: 'province', parentCode: null, path: province.code }];
  const byCode = new Map<string, DivisionNode>([[province.code, nodes[0]]]);
  const add = (code: string, name: string, level: DivisionLevel, parent: DivisionNode) => {
    const node: DivisionNode = { code, name, level, parentCode: parent.code, path: `${parent.path}.${code}` };
    nodes.push(node);
    byCode.set(code, node);
  };
  for (const c of d.cities) {
    if (c.provinceCode === provinceCode && !placeholderCities.has(c.name)) add(c.code, c.name, 'city', nodes[0]);
  }
  for (const a of d.areas) {
    if (a.provinceCode !== provinceCode || isFunctionalZone(a.code)) continue;
    add(a.code, a.name, 'county', byCode.get(a.cityCode) ?? nodes[0]);
  }
  for (const s of d.streets) {
    if (s.provinceCode !== provinceCode || !isTownshipWithCongress(s.name)) continue;
    // Cities without counties (东莞, 中山 …) list their towns under a pseudo-area: hang them on the city.
    const parent = byCode.get(s.areaCode) ?? (d.areas.some((a) => a.code === s.areaCode) ? null : byCode.get(s.cityCode));
    if (parent) add(s.code, s.name, 'township', parent);
  }
  return nodes;
}
