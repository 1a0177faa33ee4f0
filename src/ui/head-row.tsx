/** A column heading; a numeric column's heading is aligned with its figures. */
export type Column = string | { label: string; num: true }

/** A column heading's words. */
const columnText = (c: Column) => (typeof c === 'string' ? c : c.label)

/**
 * A table's header row: one column heading per name. `roles`: for a table a phone lays out as blocks
 * (ScrollTable's `stack`), the header says its ARIA roles itself.
 */
export function HeadRow({ columns, roles = false }: { columns: Column[]; roles?: boolean }) {
  return (
    <thead role={roles ? 'rowgroup' : undefined}>
      <tr role={roles ? 'row' : undefined}>
        {columns.map((c) => (
          <th scope="col" class={typeof c === 'string' ? undefined : 'num'} role={roles ? 'columnheader' : undefined}>
            {columnText(c)}
          </th>
        ))}
      </tr>
    </thead>
  )
}
