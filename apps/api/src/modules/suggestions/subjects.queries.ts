import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';
import type { SupervisionSubjectCreate, SupervisionSubjectUpdate } from '@renda/contracts';

export interface SubjectRow {
  id: string;
  tenantId: string;
  tenantPath: string;
  title: string;
  description: string;
  keywords: string[];
  year: number;
  source: 'topic' | 'manual';
  state: 'open' | 'closed';
  createdAt: Date | string;
}

const columns = sql`id, tenant_id as "tenantId", tenant_path::text as "tenantPath", title, description, keywords, year, source, state, created_at as "createdAt"`;
/** A text[] from a JSON list: no hand-made array literal to get the quoting of wrong. */
const textArray = (values: readonly string[]) => sql`array(select json_array_elements_text(${JSON.stringify(values)}::json))`;

/** Subjects of the visible subtree (row-level security), newest year first. */
export async function listSubjects(tx: Tx, year: number | null): Promise<SubjectRow[]> {
  return rowsOf<SubjectRow>(await tx.execute(sql`select ${columns} from supervision_subjects
    ${year ? sql`where year = ${year}` : sql``} order by year desc, created_at desc, id`));
}

export async function findSubject(tx: Tx, id: string): Promise<SubjectRow | null> {
  return rowsOf<SubjectRow>(await tx.execute(sql`select ${columns} from supervision_subjects where id = ${id}`))[0] ?? null;
}

export async function insertSubject(tx: Tx, tenantId: string, userId: string, body: SupervisionSubjectCreate): Promise<SubjectRow> {
  return rowsOf<SubjectRow>(await tx.execute(sql`
    insert into supervision_subjects (tenant_id, tenant_path, title, description, keywords, year, source, created_by)
    values (${tenantId}, '', ${body.title}, ${body.description}, ${textArray(body.keywords)}, ${body.year}, ${body.source}, ${userId})
    returning ${columns}`))[0]!;
}

export async function updateSubject(tx: Tx, id: string, body: SupervisionSubjectUpdate): Promise<SubjectRow> {
  return rowsOf<SubjectRow>(await tx.execute(sql`
    update supervision_subjects set
      title = coalesce(${body.title ?? null}, title),
      description = coalesce(${body.description ?? null}, description),
      keywords = ${body.keywords ? textArray(body.keywords) : sql`keywords`},
      state = coalesce(${body.state ?? null}, state)
    where id = ${id} returning ${columns}`))[0]!;
}
