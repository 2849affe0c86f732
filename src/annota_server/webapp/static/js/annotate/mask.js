// Masks: COCO RLE (the server's compressed counts, column by column, background first) decoded
// once per mask into a bitmap of the label's colour, semi-transparent, that the shape layer
// draws in image pixels. The same decoded bits answer hit tests, so nothing decodes twice. The
// bitmap covers the mask's box only (drawn at `maskOrigin`), and encoding counts runs inside the
// box: on a 4000x3000 image a stroke costs in proportion to what it touches, not 12M pixels x 4.

const OPACITY = 0.45;
const cache = new WeakMap(); // mask object -> {bits, width, height, canvases: Map(color -> canvas)}

/** The run lengths of COCO's compressed counts string (its `rleFrString`). */
export function decodeCounts(text) {
  const counts = [];
  let p = 0;
  while (p < text.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      const c = text.charCodeAt(p) - 48;
      x |= (c & 0x1f) << (5 * k);
      more = (c & 0x20) !== 0;
      p += 1;
      k += 1;
      if (!more && c & 0x10) x |= -1 << (5 * k);
    }
    if (counts.length > 2) x += counts[counts.length - 2];
    counts.push(x);
  }
  return counts;
}

/** COCO's compressed counts string of run lengths (its `rleToString`). */
export function encodeCounts(counts) {
  let out = "";
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i];
    if (i > 2) x -= counts[i - 2];
    let more = true;
    while (more) {
      let c = x & 0x1f;
      x >>= 5;
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      out += String.fromCharCode(c + 48);
    }
  }
  return out;
}

function decoded(mask) {
  let found = cache.get(mask);
  if (found) return found;
  const [height, width] = mask.size;
  const bits = new Uint8Array(width * height); // row by row
  let start = 0;
  decodeCounts(mask.counts).forEach((count, index) => {
    if (index % 2) {
      // Column by column: a run's piece in each column it crosses.
      const end = start + count;
      let q = start;
      while (q < end) {
        const col = Math.floor(q / height);
        const stop = Math.min(end, (col + 1) * height);
        for (let row = q - col * height; q < stop; q++, row++) bits[row * width + col] = 1;
      }
    }
    start += count;
  });
  found = { bits, width, height, canvases: new Map() };
  cache.set(mask, found);
  return found;
}

/** Whether image pixel (x, y) is in the mask. */
export function maskHas(mask, x, y) {
  const { bits, width, height } = decoded(mask);
  const col = Math.floor(x);
  const row = Math.floor(y);
  return col >= 0 && row >= 0 && col < width && row < height && bits[row * width + col] === 1;
}

/** Where the canvas of `maskCanvas` goes: the top-left corner of the mask's box. */
export function maskOrigin(mask) {
  return [mask.bbox[0], mask.bbox[1]];
}

/** A canvas of the mask's box: its pixels in `color` (#rrggbb), semi-transparent. */
export function maskCanvas(mask, color) {
  const found = decoded(mask);
  let canvas = found.canvases.get(color);
  if (canvas) return canvas;
  const [x0, y0, x1, y1] = mask.bbox;
  const [w, h] = [Math.max(1, x1 - x0), Math.max(1, y1 - y0)];
  canvas = document.createElement("canvas");
  canvas.width = w;
  canvas.height = h;
  const context = canvas.getContext("2d");
  const image = context.createImageData(w, h);
  const r = parseInt(color.slice(1, 3), 16);
  const g = parseInt(color.slice(3, 5), 16);
  const b = parseInt(color.slice(5, 7), 16);
  const alpha = Math.round(OPACITY * 255);
  const data = image.data;
  for (let y = y0; y < y1; y++) {
    for (let x = x0, i = ((y - y0) * w) * 4, q = y * found.width + x0; x < x1; x++, i += 4, q++) {
      if (!found.bits[q]) continue;
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
      data[i + 3] = alpha;
    }
  }
  context.putImageData(image, 0, 0);
  found.canvases.set(color, canvas);
  return canvas;
}

/** A mask's pixels as a fresh row-by-row Uint8Array (a copy the brush may change). */
export function maskBits(mask) {
  return decoded(mask).bits.slice();
}

/** Paint (value 1) or erase (0) a stroke of discs of `size` pixels through `points` (x, y, ...). */
export function stamp(bits, width, height, points, size, value) {
  const r = size / 2;
  const samples = [];
  for (let i = 0; i + 1 < points.length; i += 2) {
    const [x, y] = [points[i], points[i + 1]];
    if (i >= 2) {
      // Discs every half radius along the segment, so a fast stroke leaves no gaps.
      const [px, py] = [points[i - 2], points[i - 1]];
      const steps = Math.ceil(Math.hypot(x - px, y - py) / Math.max(r / 2, 0.5));
      for (let s = 1; s < steps; s++) samples.push([px + ((x - px) * s) / steps, py + ((y - py) * s) / steps]);
    }
    samples.push([x, y]);
  }
  for (const [cx, cy] of samples) {
    const top = Math.max(0, Math.floor(cy - r));
    const bottom = Math.min(height - 1, Math.ceil(cy + r));
    const left = Math.max(0, Math.floor(cx - r));
    const right = Math.min(width - 1, Math.ceil(cx + r));
    for (let y = top; y <= bottom; y++) {
      for (let x = left; x <= right; x++) {
        if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r) bits[y * width + x] = value;
      }
    }
  }
}

/** The mask of row-by-row `bits`: compressed RLE with its bbox and area (null when empty). */
export function encodeBits(bits, width, height) {
  // The box first, in memory order; the runs are then counted in the box's columns only.
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = -1;
    let last = -1;
    for (let x = 0; x < width; x++) {
      if (bits[row + x]) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    if (first < x0) x0 = first;
    if (last > x1) x1 = last;
    if (y < y0) y0 = y;
    y1 = y;
  }
  if (x1 < 0) return null;
  const counts = [];
  let current = 0;
  let run = 0;
  let area = 0;
  const background = (n) => {
    if (!n) return;
    if (current === 0) run += n;
    else {
      counts.push(run);
      current = 0;
      run = n;
    }
  };
  background(x0 * height); // the columns before the box
  for (let x = x0; x <= x1; x++) {
    background(y0); // above the box
    for (let y = y0; y <= y1; y++) {
      const on = bits[y * width + x] ? 1 : 0;
      area += on;
      if (on === current) run += 1;
      else {
        counts.push(run);
        current = on;
        run = 1;
      }
    }
    background(height - 1 - y1); // below it
  }
  background((width - 1 - x1) * height); // the columns after it
  counts.push(run);
  return { size: [height, width], counts: encodeCounts(counts), bbox: [x0, y0, x1 + 1, y1 + 1], area };
}

/**
 * The pixels of a polygon (x, y, ...) as row-by-row bits: a pixel is in when its centre is
 * inside by the even-odd rule (the rule the server's tracing of masks into polygons keeps), so
 * a polygon traced from a mask fills back into the same pixels.
 */
export function fillPolygon(points, width, height) {
  const bits = new Uint8Array(width * height);
  const n = points.length / 2;
  const crossings = [];
  for (let y = 0; y < height; y++) {
    const cy = y + 0.5;
    crossings.length = 0;
    for (let i = 0; i < n; i++) {
      const [ax, ay] = [points[2 * i], points[2 * i + 1]];
      const j = (i + 1) % n;
      const [bx, by] = [points[2 * j], points[2 * j + 1]];
      // Half-open in y, so a vertex on the scanline counts once.
      if ((ay <= cy && by > cy) || (by <= cy && ay > cy)) crossings.push(ax + ((cy - ay) * (bx - ax)) / (by - ay));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      // Pixels whose centre x + 0.5 lies in [left, right).
      const first = Math.max(0, Math.ceil(crossings[k] - 0.5));
      const last = Math.min(width - 1, Math.ceil(crossings[k + 1] - 0.5) - 1);
      for (let x = first; x <= last; x++) bits[y * width + x] = 1;
    }
  }
  return bits;
}
