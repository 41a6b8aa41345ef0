/**
 * A bar chart whose bars carry their values as labels (loaded lazily: the chart library is a chunk
 * of its own). Categories along one axis, one or more series (stacked when `stacked`).
 */
import { BarChart } from '@mui/x-charts/BarChart';

export interface BarSeries {
  label: string;
  data: number[];
  color: string;
}

export interface BarFigureProps {
  categories: string[];
  series: BarSeries[];
  /** bars from the left, the categories down the side (long names, many categories) */
  horizontal?: boolean;
  stacked?: boolean;
  height?: number;
  testId: string;
  /** the chart's accessible name */
  title: string;
}

const BarFigure = ({ categories, series, horizontal, stacked, height, testId, title }: BarFigureProps) => {
  // room for a stage's or a county's full name beside horizontal bars
  const band = { scaleType: 'band' as const, data: categories, ...(horizontal ? { width: 150 } : {}) };
  // counts: whole-number ticks only
  const value = { tickMinStep: 1 };
  return (
    <div data-testid={testId} role="figure" aria-label={title}>
      <BarChart
        height={height ?? (horizontal ? Math.max(160, 28 * categories.length + 60) : 240)}
        skipAnimation
        layout={horizontal ? 'horizontal' : 'vertical'}
        hideLegend={series.length < 2}
        {...(horizontal ? { yAxis: [band], xAxis: [value] } : { xAxis: [band], yAxis: [value] })}
        // each bar labelled with its value (an empty bar with none)
        series={series.map((s) => ({ label: s.label, data: s.data, color: s.color, barLabel: (item) => (item.value ? item.value.toLocaleString() : null), ...(stacked ? { stack: 'total' } : {}) }))}
      />
    </div>
  );
};

export default BarFigure;
