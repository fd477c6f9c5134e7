/** The active bundle's reference embeddings (null when it ships none), for recalibrating the Check screen's score. */
import { useQuery } from '@tanstack/react-query';
import { readBundleJson } from '../../model/loadBundle';
import { referenceEmbeddings, referenceLayoutSchema, type ReferenceEmbeddings } from '../../ood/reference';
import { useActiveModel } from '../../state/modelHooks';

export type { ReferenceEmbeddings };

export function useReferenceEmbeddings(): { data: ReferenceEmbeddings | null | undefined } {
  const model = useActiveModel();
  const q = useQuery({
    // own key: other screens read reference_eval.json with another schema
    queryKey: ['checkReferenceEmbeddings', model?.loadId],
    queryFn: async (): Promise<ReferenceEmbeddings | null> => {
      const layout = await readBundleJson(model!.source, model!.manifest.referenceEval, referenceLayoutSchema);
      if (!layout?.embeddings) return null;
      const bin = await model!.source.read(layout.embeddings.file);
      return referenceEmbeddings(layout, bin);
    },
    enabled: !!model,
    staleTime: Infinity,
    retry: false,
  });
  return { data: q.data };
}
