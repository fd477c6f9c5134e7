// Score histograms with a threshold handle that can be dragged along the score axis; the threshold follows live.
import { useCallback, useMemo, useRef } from 'react';
import { EChart, type ChartInstance } from './EChart';
import { binScores, buildHistogramOption, HANDLE_ID, thresholdHandle, type HistogramInput } from './histogram';

export interface HistogramChartProps extends HistogramInput {
  onThreshold: (t: number) => void;
  testId?: string;
}

export function HistogramChart({ onThreshold, testId = 'eval-histogram', ...input }: HistogramChartProps) {
  const option = useMemo(() => buildHistogramOption(input), [input.id, input.ood, input.threshold, input.bins, input.scoreLabel]); // eslint-disable-line react-hooks/exhaustive-deps
  const range = useMemo((): [number, number] => {
    const e = binScores({ ...input, threshold: null }).edges;
    return [e[0], e[e.length - 1]];
  }, [input.id, input.ood, input.bins]); // eslint-disable-line react-hooks/exhaustive-deps
  const dragging = useRef(false);
  const move = useRef(onThreshold);
  move.current = onThreshold;

  const place = useCallback(
    (chart: ChartInstance) => {
      if (input.threshold === null || dragging.current) return;
      const graphic = thresholdHandle(chart as never, input.threshold, range, (t) => move.current(t)) as Record<string, unknown>[];
      graphic[0].ondragstart = () => (dragging.current = true);
      graphic[0].ondragend = () => {
        dragging.current = false;
        place(chart);
      };
      chart.setOption({ graphic });
      const dom = chart.getDom();
      dom.setAttribute('data-threshold', String(input.threshold));
      dom.setAttribute('data-handle-x', String(graphic[0].x));
      dom.setAttribute('data-plot-top', String(40));
    },
    [input.threshold, range],
  );

  return <EChart option={option} testId={testId} height={320} onRendered={place} ariaLabel={`Histogram of ${input.scoreLabel} scores, normal vs not-normal photos, with the threshold`} />;
}

export { HANDLE_ID };
