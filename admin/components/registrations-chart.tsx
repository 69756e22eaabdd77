import React from 'react';

/**
 * Registrations per day as small bars: drawn as plain SVG here (no chart library, nothing from a CDN,
 * nothing the content security policy would refuse). `title` on each bar names the day and the count.
 */
const RegistrationsChart = ({ perDay, label }: { perDay: Array<{ day: string; count: number }>; label: string }) => {
  const width = 280;
  const height = 64;
  const max = Math.max(1, ...perDay.map((d) => d.count));
  const step = width / Math.max(1, perDay.length);
  const total = perDay.reduce((n, d) => n + d.count, 0);
  return (
    <svg
      viewBox={`0 0 ${width} ${height + 14}`}
      width="100%"
      style={{ maxWidth: 360, display: 'block' }}
      role="img"
      aria-label={`${label}: ${total}`}
      data-testid="registrations-chart"
    >
      <line x1={0} y1={height} x2={width} y2={height} stroke="#bbb" strokeWidth={1} />
      {perDay.map((d, i) => {
        const h = Math.round((d.count / max) * (height - 4));
        return (
          <rect key={d.day} x={i * step + 2} y={height - h} width={Math.max(2, step - 4)} height={h} fill="#3040d6" rx={2}>
            <title>{`${d.day.slice(8, 10)}.${d.day.slice(5, 7)}: ${d.count}`}</title>
          </rect>
        );
      })}
      {perDay.length > 0 && <text x={0} y={height + 12} fontSize={10} fill="#666">{`${perDay[0].day.slice(8, 10)}.${perDay[0].day.slice(5, 7)}`}</text>}
      {perDay.length > 1 && (
        <text
          x={width}
          y={height + 12}
          fontSize={10}
          fill="#666"
          textAnchor="end"
        >{`${perDay[perDay.length - 1].day.slice(8, 10)}.${perDay[perDay.length - 1].day.slice(5, 7)}`}</text>
      )}
    </svg>
  );
};

export default RegistrationsChart;
