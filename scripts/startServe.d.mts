export interface RunningServe {
  url: string;
  stop: () => void;
}
export function startServe(opts?: { dir?: string; timeoutMs?: number }): Promise<RunningServe>;
