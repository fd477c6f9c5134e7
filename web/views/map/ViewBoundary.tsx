/** Keeps a failing view (no WebGL, a bad projection) from taking the whole screen down: says what failed instead. */
import { Component, type ReactNode } from 'react';

export class ViewBoundary extends Component<{ what: string; children: ReactNode }, { error: string | null }> {
  state = { error: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  render() {
    if (this.state.error)
      return (
        <div role="alert" className="error">
          The {this.props.what} could not be drawn: {this.state.error}
        </div>
      );
    return this.props.children;
  }
}
