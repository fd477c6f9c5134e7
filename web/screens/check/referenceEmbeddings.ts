/**
 * The bundle's reference embeddings (a subsample of ID and OoD image embeddings from the recipe), used to
 * recalibrate a score for another temperature or an edited class list. Format: see `parseReferenceEmbeddings`.
 */
import { useQuery } from '@tanstack/react-query';
import type { EmbeddingMatrix } from '../../ood/linalg';
import { useActiveModel } from '../../state/modelHooks';

export interface ReferenceEmbeddings {
  id: EmbeddingMatrix;
  ood: Record<string, EmbeddingMatrix>;
}

/** Placeholder until the bundle format is known: returns null (the screen then uses calibration.json). */
export function useReferenceEmbeddings(): { data: ReferenceEmbeddings | null | undefined } {
  const model = useActiveModel();
  const q = useQuery({
    queryKey: ['checkReferenceEmbeddings', model?.loadId],
    queryFn: async (): Promise<ReferenceEmbeddings | null> => null,
    enabled: !!model,
    staleTime: Infinity,
    retry: false,
  });
  return { data: q.data };
}
