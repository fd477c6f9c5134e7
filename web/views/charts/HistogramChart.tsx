// Score histograms with a threshold handle that can be dragged along the score axis; the threshold follows live.
import { useCallback, useMemo, useRef } from 'react';
import { EChart, type ChartInstance } from './EChart';
import {
  binScores,
  buildHistogramOption,
  HANDLE_ID,
  histogramThresholdPatch,
  thresholdHandle,
  type HistogramInput,
} from './histogram';

export interface HistogramChartProps extends HistogramInput {
  onThreshold: (t: number) => void;
  testId?: string;
  height?: number;
}

export function HistogramChart({
  onThreshold,
  testId = 'eval-histogram',
  height = 320,
  ...input
}: HistogramChartProps) {
  // The bins depend on the scores only; the threshold line is a patch, so dragging never re-bins.
  const option = useMemo(
    () => buildHistogramOption({ ...input, threshold: null }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [input.id, input.ood, input.bins, input.scoreLabel, input.legendWidth],
  );
  const range = useMemo((): [number, number] => {
    const e = binScores({ ...input, threshold: null }).edges;
    return [e[0], e[e.length - 1]];
  }, [input.id, input.ood, input.bins]); // eslint-disable-line react-hooks/exhaustive-deps
  // Echarts keeps the handlers it was given: they read the latest props through this ref, never a stale closure.
  const latest = useRef({ threshold: input.threshold, range, onThreshold });
  latest.current = { threshold: input.threshold, range, onThreshold };
  const dragging = useRef(false);

  const place = useCallback((chart: ChartInstance) => {
    const { threshold, range } = latest.current;
    const dom = chart.getDom();
    dom.setAttribute('data-threshold', String(threshold));
    if (threshold === null || dragging.current) return; // while dragging, echarts moves the handle itself
    const graphic = thresholdHandle(chart as never, threshold, range, (t) => latest.current.onThreshold(t)) as Record<
      string,
      unknown
    >[];
    graphic[0].ondragstart = () => (dragging.current = true);
    graphic[0].ondragend = () => {
      dragging.current = false;
      place(chart);
    };
    chart.setOption({ graphic });
    dom.setAttribute('data-handle-x', String(graphic[0].x));
  }, []);

  const patch = useMemo(() => histogramThresholdPatch(input.threshold, range), [input.threshold, range]);

  return (
    <EChart
      option={option}
      patch={patch}
      testId={testId}
      height={height}
      onRendered={place}
      ariaLabel={`Histogram of ${input.scoreLabel} scores, normal vs not-normal photos, with the threshold`}
    />
  );
}

export { HANDLE_ID };
