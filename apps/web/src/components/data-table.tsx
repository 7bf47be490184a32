'use client';

import {
  columnFilteringFeature,
  constructFilterFn,
  constructSortFn,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_basic,
  sortFn_datetime,
  tableFeatures,
  useTable,
  type Column,
  type ReactTable,
  type RowData,
  type TableOptions,
} from '@tanstack/react-table';
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { useId, type ReactNode } from 'react';
import { Input } from '@/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { cn } from '@/lib/utils';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Case- and accent-insensitive, numbers in order (“key 2” before “key 10”). */
export const compareText = (a: string, b: string): number => collator.compare(a, b);

/** `compareText` as the tables' `text` sort; missing values sort as empty text. */
export const sortFn_collated = constructSortFn({
  resolveDataValue: (value) => (typeof value === 'string' ? value : ''),
  sort: compareText,
});

/**
 * Keeps a row when any of the texts `pick` returns contains the filter text, ignoring case:
 * one input can then search, say, a key's name and its owner.
 */
export function textFilter<TData extends RowData>(pick: (row: TData) => Array<string | null | undefined>) {
  return constructFilterFn<DataTableFeatures, TData>({
    filter: (_value, filterValue: string, row) => pick(row.original).some((text) => text?.toLocaleLowerCase().includes(filterValue)),
    resolveFilterValue: (value) => String(value).trim().toLocaleLowerCase(),
    autoRemove: (value) => typeof value !== 'string' || value.trim() === '',
  });
}

/**
 * What every client-side list table of the dashboard gets: sorting by header and column filters.
 * Module scope, like the columns: the table re-derives its models whenever features change identity.
 */
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  sortedRowModel: createSortedRowModel(),
  filteredRowModel: createFilteredRowModel(),
  sortFns: { text: sortFn_collated, datetime: sortFn_datetime, basic: sortFn_basic },
  filterFns: {},
  /** Classes for a column's header and body cells, so the markup stays what each table had. */
  columnMeta: {} as { headerClassName?: string; cellClassName?: string },
});
export type DataTableFeatures = typeof dataTableFeatures;
export type DataTableInstance<TData extends RowData> = ReactTable<DataTableFeatures, TData>;

/**
 * `useTable` with the shared features. A click on a header flips between ascending and
 * descending (no third “unsorted” state, so the table never silently falls back to the
 * server's order), one column at a time.
 */
export function useDataTable<TData extends RowData>(options: Omit<TableOptions<DataTableFeatures, TData>, 'features'>): DataTableInstance<TData> {
  return useTable({ enableSortingRemoval: false, enableMultiSort: false, ...options, features: dataTableFeatures });
}

type DataTableFilter = {
  /** The column whose filter the input sets. */
  columnId: string;
  /**
   * The input's accessible name, e.g. “Filter keys”. Keep field names (“Name”, “Email”) out of it:
   * it sits on the page beside forms whose fields are found by those labels.
   */
  label: string;
  /** Says what the filter searches, e.g. “Filter by name or owner…”. */
  placeholder?: string;
};

type DataTableProps<TData extends RowData> = {
  table: DataTableInstance<TData>;
  'aria-label': string;
  /** A text input above the table, bound to one column's filter. */
  filter?: DataTableFilter;
  rowClassName?: (row: TData) => string | undefined;
  /** Shown in place of the rows when the filter leaves none. */
  noMatches?: (filterText: string) => ReactNode;
};

/**
 * The last column of a table with row actions: a header named for screen readers only, and cells
 * no wider than their buttons.
 */
export function actionsColumn<TData extends RowData>(render: (row: TData) => ReactNode) {
  return createColumnHelper<DataTableFeatures, TData>().display({
    id: 'actions',
    header: () => <span className="sr-only">Actions</span>,
    cell: ({ row }) => render(row.original),
    meta: { cellClassName: 'w-0 whitespace-nowrap text-right' },
  });
}

/** A TanStack table rendered with the dashboard's table markup: sortable headers, optional text filter. */
export function DataTable<TData extends RowData>({ table, 'aria-label': ariaLabel, filter, rowClassName, noMatches }: DataTableProps<TData>) {
  const rows = table.getRowModel().rows;
  const filterColumn = filter ? table.getColumn(filter.columnId) : undefined;
  const filterText = typeof filterColumn?.getFilterValue() === 'string' ? (filterColumn.getFilterValue() as string) : '';
  const columnCount = table.getAllLeafColumns().length;

  const body = (
    <Table aria-label={ariaLabel}>
      <TableHeader>
        {table.getHeaderGroups().map((group) => (
          <TableRow key={group.id} className="hover:bg-transparent">
            {group.headers.map((header) => {
              const canSort = header.column.getCanSort();
              return (
                <TableHead
                  key={header.id}
                  colSpan={header.colSpan > 1 ? header.colSpan : undefined}
                  aria-sort={canSort ? ariaSort(header.column) : undefined}
                  className={header.column.columnDef.meta?.headerClassName}
                >
                  {header.isPlaceholder ? null : canSort ? (
                    <SortButton column={header.column}>
                      <table.FlexRender header={header} />
                    </SortButton>
                  ) : (
                    <table.FlexRender header={header} />
                  )}
                </TableHead>
              );
            })}
          </TableRow>
        ))}
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.id} className={rowClassName?.(row.original)}>
            {row.getAllCells().map((cell) => (
              <TableCell key={cell.id} className={cell.column.columnDef.meta?.cellClassName}>
                <table.FlexRender cell={cell} />
              </TableCell>
            ))}
          </TableRow>
        ))}
        {rows.length === 0 && filterText && (
          <TableRow className="hover:bg-transparent">
            <TableCell colSpan={columnCount} className="py-6 text-center text-muted-foreground">
              {noMatches ? noMatches(filterText) : `Nothing matches “${filterText}”.`}
            </TableCell>
          </TableRow>
        )}
      </TableBody>
    </Table>
  );

  if (!filter || !filterColumn) return body;
  return (
    <div className="grid gap-3">
      <FilterInput filter={filter} value={filterText} onChange={(value) => filterColumn.setFilterValue(value === '' ? undefined : value)} />
      {body}
    </div>
  );
}

function ariaSort<TData extends RowData>(column: Column<DataTableFeatures, TData>): 'ascending' | 'descending' | 'none' {
  const sorted = column.getIsSorted();
  return sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none';
}

/** The header's text as a button: Enter or Space sorts as a click does; the th carries aria-sort. */
function SortButton<TData extends RowData>({ column, children }: { column: Column<DataTableFeatures, TData>; children: ReactNode }) {
  const sorted = column.getIsSorted();
  const Icon = sorted === 'asc' ? ArrowUp : sorted === 'desc' ? ArrowDown : ArrowUpDown;
  return (
    <button
      type="button"
      onClick={() => column.toggleSorting()}
      className={cn(
        '-mx-1 inline-flex items-center gap-1 rounded-sm px-1 py-0.5 uppercase tracking-wide outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50',
        sorted && 'text-foreground',
      )}
    >
      {children}
      <Icon aria-hidden className={cn('size-3.5 shrink-0', !sorted && 'opacity-40')} />
    </button>
  );
}

function FilterInput({ filter, value, onChange }: { filter: DataTableFilter; value: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div className="max-w-xs">
      <label htmlFor={id} className="sr-only">
        {filter.label}
      </label>
      <Input id={id} type="search" autoComplete="off" placeholder={filter.placeholder} value={value} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}
