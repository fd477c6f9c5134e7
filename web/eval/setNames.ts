/**
 * Plain names for the evaluation sets the recipe ships (reference_eval.json names them by dataset key): what a person
 * reads in tables, legends and the story. The key stays in `data-set` attributes, exports and tooltips. A set a
 * person dropped keeps its folder name.
 */
const LABELS: Record<string, string> = {
  cifar10_test: 'CIFAR-10 test photos',
  tin_unseen: 'TinyImageNet, never-seen classes',
  tin_seen_nonoverlap: 'TinyImageNet, pretraining classes',
  mnist: 'MNIST handwritten digits',
  fashion_mnist: 'Fashion-MNIST clothing',
  dtd10: 'DTD textures',
};

export function setLabel(name: string): string {
  return LABELS[name] ?? name;
}
