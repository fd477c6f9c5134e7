/**
 * Progress on stderr, so stdout stays for what a script reads: one line redrawn in place on a terminal, a line every
 * few seconds in a log. Written by hand (a dozen lines): a progress-bar package would bring more than it saves.
 * Numbers read as in the app (web/lib/format.ts).
 */
import { count, timeLeft } from '../web/lib/format';

export class Progress {
  private done = 0;
  private skipped = 0;
  private rate = NaN;
  private lastDraw = 0;
  private lastTick = performance.now();
  private readonly tty = !!process.stderr.isTTY;

  constructor(
    private readonly total: number,
    private readonly what = 'photos',
    private readonly quiet = false,
  ) {}

  /** `n` more photos done, `skipped` of them skipped. */
  tick(n: number, skipped = 0): void {
    const now = performance.now();
    const batchRate = n / Math.max(1e-3, (now - this.lastTick) / 1000);
    this.rate = Number.isNaN(this.rate) ? batchRate : 0.8 * this.rate + 0.2 * batchRate;
    this.lastTick = now;
    this.done += n;
    this.skipped += skipped;
    if (this.quiet) return;
    if (this.tty ? now - this.lastDraw > 100 : now - this.lastDraw > 5000 || this.done === this.total) {
      this.lastDraw = now;
      this.draw();
    }
  }

  get doneCount(): number {
    return this.done;
  }

  /** Restarts the rate clock (after a pause, e.g. waiting for queue workers). */
  resetClock(): void {
    this.lastTick = performance.now();
  }

  line(): string {
    const pct = this.total ? Math.floor((100 * this.done) / this.total) : 100;
    const width = 24;
    const bar = '#'.repeat(Math.round((pct / 100) * width)).padEnd(width, '.');
    const left = this.rate > 0 ? (this.total - this.done) / this.rate : NaN;
    const skipped = this.skipped ? ` · ${count(this.skipped)} skipped` : '';
    return (
      `[${bar}] ${count(this.done)}/${count(this.total)} ${this.what} · ` +
      `${Number.isFinite(this.rate) ? count(this.rate) : '…'} ${this.what}/s · ${timeLeft(left)} left${skipped}`
    );
  }

  private draw(): void {
    process.stderr.write(this.tty ? `\r\x1b[K${this.line()}` : `${this.line()}\n`);
  }

  /** Ends the redrawn line so the next message starts on its own. */
  finish(): void {
    if (!this.quiet && this.tty) process.stderr.write(`\r\x1b[K${this.line()}\n`);
  }

  /** A message above the progress line. */
  say(text: string): void {
    if (this.tty && !this.quiet) process.stderr.write(`\r\x1b[K${text}\n`);
    else process.stderr.write(`${text}\n`);
  }
}
