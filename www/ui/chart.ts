// Live line charts for the training labs, on uPlot (small, fast, canvas):
// series that grow as training reports, redrawn at most once per frame.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom';
import { composeChart, saveButton } from './save-image';
import { logTicks, onLogAxis } from './log-axis';
import { pushBounded } from './thin';

/**
 * Points a chart keeps before merging neighbours in pairs: an hour of
 * training costs the page no more memory, and a redraw no more time, than
 * a few minutes (a chart is a few hundred pixels wide).
 */
const MAX_POINTS = 4096;

export type SeriesSpec = { label: string; colour: string; scale?: 'y' | 'y2'; dash?: boolean };

export type LineChart = {
  element: HTMLElement;
  /** Append a point; `null` leaves a gap in that series. */
  push: (x: number, ys: readonly (number | null)[]) => void;
  clear: () => void;
  /** Points of series `i` so far, neighbours merged past a few thousand (for tests and summaries). */
  values: (i: number) => (number | null)[];
  /** Show or hide series `i` (and its legend entry). */
  showSeries: (i: number, show: boolean) => void;
};

export function lineChart(props: {
  title: string;
  xLabel: string;
  series: readonly SeriesSpec[];
  yLabel?: string;
  y2Label?: string;
  logY?: boolean;
  /** Whole numbers on the x axis (steps). */
  integerX?: boolean;
  height?: number;
  testid?: string;
  /** A dashed vertical line at this x, labelled (a limit to read against). */
  mark?: { x: number; label: string };
}): LineChart {
  const holder = h('div', { class: 'chart', 'data-testid': props.testid });
  // Saved as the learner sees it: the plot with its title and legend (the view named by its testid, else its title).
  const save = saveButton(
    () => composeChart(plot.ctx.canvas, props.title, props.series.map((s) => ({ label: s.label, colour: s.colour }))),
    props.testid ?? props.title,
    props.testid ? `${props.testid}-save` : undefined,
  );
  const element = h('figure', { class: 'chart-figure' }, h('figcaption', { class: 'chart-caption' }, h('span', {}, props.title), save), holder);
  const data: (number | null)[][] = [[], ...props.series.map(() => [])];
  const opts: uPlot.Options = {
    width: 520,
    height: props.height ?? 220,
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: false },
      y: props.logY ? { distr: 3, log: 10 } : {},
      y2: { range: [0, 1] },
    },
    axes: [
      {
        label: props.xLabel,
        size: 36,
        ...(props.integerX ? { values: (_u: uPlot, ticks: number[]) => ticks.map((v) => (Number.isInteger(v) ? String(v) : '')) } : {}),
      },
      {
        label: props.yLabel ?? '',
        scale: 'y',
        size: 52,
        // Log axes span decades: label them 1e-6, not 0.000001 (or 0).
        ...(props.logY ? { values: (_u: uPlot, ticks: number[]) => logTicks(ticks) } : {}),
      },
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
  const mark = props.mark;
  if (mark) {
    opts.hooks = {
      draw: [
        (u: uPlot) => {
          const x = u.valToPos(mark.x, 'x', true);
          if (!Number.isFinite(x)) return;
          const { top, height } = u.bbox;
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = '#525252';
          ctx.setLineDash([4, 4]);
          ctx.lineWidth = 1;
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.fillStyle = '#525252';
          ctx.font = `${11 * (window.devicePixelRatio || 1)}px system-ui, sans-serif`;
          ctx.fillText(mark.label, x + 4, top + 12 * (window.devicePixelRatio || 1));
          ctx.restore();
        },
      ],
    };
  }
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
      // Values past the chart's series (a run added since it was drawn) are left out.
      const finite = (y: number | null) => (y !== null && Number.isFinite(y) ? y : null);
      // Only the left axis is logarithmic; a series on the right one (y2) is linear.
      const row = [x, ...ys.slice(0, props.series.length).map((y, i) => (props.logY && props.series[i]?.scale !== 'y2' ? onLogAxis(finite(y)) : finite(y)))];
      pushBounded(data, row, MAX_POINTS);
      redraw();
    },
    clear() {
      for (const column of data) column.length = 0;
      redraw();
    },
    values: (i) => [...(data[i + 1] ?? [])],
    showSeries(i, show) {
      plot.setSeries(i + 1, { show });
      const item = holder.querySelectorAll('.u-legend .u-series')[i + 1] as HTMLElement | undefined;
      if (item) item.hidden = !show;
    },
  };
}
