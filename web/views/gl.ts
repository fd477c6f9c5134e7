/**
 * The plain-WebGL plumbing the embedding map and the sphere share. Both draw points with hand-written shaders because
 * regl and echarts-gl build functions from strings, which the app's CSP (no 'unsafe-eval') refuses. No React.
 */

/** A WebGL 1 context for `canvas`, or an error a person can read, naming what could not be drawn. */
export function webglContext(
  canvas: HTMLCanvasElement,
  attributes: WebGLContextAttributes,
  what: string,
): WebGLRenderingContext {
  const gl = canvas.getContext('webgl', attributes);
  if (!gl) throw new Error(`This browser cannot draw the ${what}: WebGL is not available.`);
  return gl;
}

function compileShader(gl: WebGLRenderingContext, type: number, source: string, what: string): WebGLShader {
  const shader = gl.createShader(type);
  if (!shader) throw new Error(`${what} shader: could not be created (WebGL context lost?)`);
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS))
    throw new Error(`${what} shader: ${gl.getShaderInfoLog(shader) || 'compile failed'}`);
  return shader;
}

/** Compiles and links a vertex and a fragment shader; errors carry the driver's log and `what` (e.g. "Map"). */
export function linkProgram(gl: WebGLRenderingContext, vertex: string, fragment: string, what: string): WebGLProgram {
  const program = gl.createProgram();
  if (!program) throw new Error(`${what} shaders: could not be created (WebGL context lost?)`);
  const shaders = [
    compileShader(gl, gl.VERTEX_SHADER, vertex, what),
    compileShader(gl, gl.FRAGMENT_SHADER, fragment, what),
  ];
  for (const s of shaders) gl.attachShader(program, s);
  gl.linkProgram(program);
  // Linked programs keep their code: the shader objects are only needed until here.
  for (const s of shaders) gl.deleteShader(s);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS))
    throw new Error(`${what} shaders: ${gl.getProgramInfoLog(program) || 'link failed'}`);
  return program;
}

/** One buffer per name. */
export function createBuffers<K extends string>(
  gl: WebGLRenderingContext,
  names: readonly K[],
): Record<K, WebGLBuffer> {
  const out = {} as Record<K, WebGLBuffer>;
  for (const name of names) {
    const b = gl.createBuffer();
    if (!b) throw new Error('WebGL could not create a buffer (context lost?)');
    out[name] = b;
  }
  return out;
}

/** Replaces a buffer's contents with data drawn many times (static vertex attributes). */
export function uploadStatic(gl: WebGLRenderingContext, buffer: WebGLBuffer, data: AllowSharedBufferSource): void {
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
  gl.bufferData(gl.ARRAY_BUFFER, data, gl.STATIC_DRAW);
}

/**
 * Feeds attribute `location` from `buffer`, `size` components per vertex: floats by default, or unsigned bytes scaled
 * to [0, 1] (`bytes: true`, e.g. RGBA colours). A location of −1 (the shader compiler dropped an unused attribute) is skipped.
 */
export function bindAttribute(
  gl: WebGLRenderingContext,
  buffer: WebGLBuffer,
  location: number,
  size: number,
  bytes = false,
): void {
  if (location < 0) return;
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
  gl.enableVertexAttribArray(location);
  gl.vertexAttribPointer(location, size, bytes ? gl.UNSIGNED_BYTE : gl.FLOAT, bytes, 0, 0);
}

/** Frees the buffers and the program of a renderer being destroyed. */
export function releaseGl(
  gl: WebGLRenderingContext,
  program: WebGLProgram,
  buffers: Record<string, WebGLBuffer>,
): void {
  for (const b of Object.values(buffers)) gl.deleteBuffer(b);
  gl.deleteProgram(program);
}

/**
 * `#rgb`, `#rrggbb` or `#rrggbbaa` as RGBA in [0, 1]; `alpha` when the colour has none (points are drawn a little
 * translucent so dense clusters show their density).
 */
export function parseHexColour(colour: string, alpha: number): [number, number, number, number] {
  const hex = colour.replace('#', '');
  const full =
    hex.length === 3
      ? hex
          .split('')
          .map((h) => h + h)
          .join('')
      : hex;
  const v = Number.parseInt(full.slice(0, 6), 16);
  const a = full.length === 8 ? Number.parseInt(full.slice(6, 8), 16) / 255 : alpha;
  return [((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255, a];
}
