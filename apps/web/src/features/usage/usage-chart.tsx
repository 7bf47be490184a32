'use client';

import type { UsageAnalytics } from '@gantry/contracts';
import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDate } from '@/lib/format';

/** Distinct enough on light and dark backgrounds; tools beyond the palette reuse it. */
const TOOL_COLORS = ['#2563eb', '#16a34a', '#f59e0b', '#db2777', '#7c3aed', '#0891b2', '#dc2626', '#65a30d'];

type DayRow = { day: string } & Record<string, number | string>;

/** One stacked bar per day, one segment per tool. */
export function UsageChart({ days, daily, tools }: { days: string[]; daily: UsageAnalytics['daily']; tools: string[] }) {
  const rows = useMemo(() => {
    const byDay = new Map<string, DayRow>(days.map((day) => [day, { day, ...Object.fromEntries(tools.map((tool) => [tool, 0])) }]));
    for (const entry of daily) {
      const day = entry.day.slice(0, 10);
      const row = byDay.get(day) ?? { day };
      row[entry.tool] = Number(row[entry.tool] ?? 0) + entry.calls;
      byDay.set(day, row);
    }
    return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
  }, [days, daily, tools]);

  return (
    <figure aria-label="Calls per day by tool" className="h-80 w-full min-w-0">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid vertical={false} strokeDasharray="3 3" className="stroke-border" />
          <XAxis dataKey="day" tickFormatter={shortDay} tickLine={false} axisLine={false} fontSize={12} minTickGap={16} />
          <YAxis allowDecimals={false} tickLine={false} axisLine={false} fontSize={12} />
          <Tooltip labelFormatter={(day) => formatDate(String(day))} cursor={{ fillOpacity: 0.08 }} contentStyle={{ borderRadius: 8, fontSize: 12 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {tools.map((tool, index) => (
            <Bar key={tool} dataKey={tool} name={tool} stackId="calls" fill={TOOL_COLORS[index % TOOL_COLORS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** "2026-11-23" → "23 Nov", read in UTC like the API's days. */
function shortDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
