// Live line charts for the training labs, on uPlot (small, fast, canvas):
// series that grow as training reports, redrawn at most once per frame.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom';

export type SeriesSpec = { label: string; colour: string; scale?: 'y' | 'y2'; dash?: boolean };

export type LineChart = {
  element: HTMLElement;
  /** Append a point; `null` leaves a gap in that series. */
  push: (x: number, ys: readonly (number | null)[]) => void;
  clear: () => void;
  /** Points of series `i` so far (for tests and summaries). */
  values: (i: number) => (number | null)[];
};

export function lineChart(props: {
  title: string;
  xLabel: string;
  series: readonly SeriesSpec[];
  yLabel?: string;
  y2Label?: string;
  logY?: boolean;
  height?: number;
  testid?: string;
}): LineChart {
  const holder = h('div', { class: 'chart', 'data-testid': props.testid });
  const element = h('figure', { class: 'chart-figure' }, h('figcaption', {}, props.title), holder);
  const data: (number | null)[][] = [[], ...props.series.map(() => [])];
  const opts: uPlot.Options = {
    width: 520,
    height: props.height ?? 220,
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: false },
      y: props.logY ? { distr: 3 } : {},
      y2: { range: [0, 1] },
    },
    axes: [
      { label: props.xLabel, size: 36 },
      { label: props.yLabel ?? '', scale: 'y', size: 52 },
      ...(props.series.some((s) => s.scale === 'y2')
        ? [{ label: props.y2Label ?? '', scale: 'y2', side: 1 as const, grid: { show: false }, size: 52 }]
        : []),
    ],
    series: [
      {},
      ...props.series.map((s) => ({
        label: s.label,
        stroke: s.colour,
        width: 1.6,
        scale: s.scale ?? 'y',
        spanGaps: true,
        ...(s.dash ? { dash: [6, 4] } : {}),
        points: { show: false },
      })),
    ],
  };
  const plot = new uPlot(opts, data as uPlot.AlignedData, holder);
  let frame = 0;
  const redraw = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      plot.setData(data as uPlot.AlignedData);
    });
  };
  // Follow the figure's width.
  const resize = new ResizeObserver(() => {
    const width = Math.max(260, Math.floor(holder.clientWidth));
    if (width !== plot.width) plot.setSize({ width, height: opts.height });
  });
  resize.observe(holder);
  return {
    element,
    push(x, ys) {
      (data[0] as (number | null)[]).push(x);
      ys.forEach((y, i) => (data[i + 1] as (number | null)[]).push(y !== null && Number.isFinite(y) ? y : null));
      redraw();
    },
    clear() {
      for (const column of data) column.length = 0;
      redraw();
    },
    values: (i) => [...(data[i + 1] ?? [])],
  };
}
