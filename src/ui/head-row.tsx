/** A column heading; a numeric column's heading is aligned with its figures. */
export type Column = string | { label: string; num: true }

/** A table's header row: one column heading per name. */
export function HeadRow({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) =>
          typeof c === 'string' ? (
            <th scope="col">{c}</th>
          ) : (
            <th scope="col" class="num">
              {c.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  )
}
