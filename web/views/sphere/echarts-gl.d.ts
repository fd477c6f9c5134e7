// echarts-gl ships no types; these are the two entry points the sphere uses (each export is an echarts `use` installer).
declare module 'echarts-gl/charts' {
  import type { EChartsExtensionInstaller } from 'echarts/types/dist/shared';
  export const Scatter3DChart: EChartsExtensionInstaller;
  export const SurfaceChart: EChartsExtensionInstaller;
}
declare module 'echarts-gl/components' {
  import type { EChartsExtensionInstaller } from 'echarts/types/dist/shared';
  export const Grid3DComponent: EChartsExtensionInstaller;
}
