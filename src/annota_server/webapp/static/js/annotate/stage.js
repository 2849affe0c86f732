// The canvas: a Konva stage whose transform maps image pixels to the screen. Everything drawn on
// it is in image pixels, so zoom and pan never touch the stored coordinates. The container's
// data-scale/-x/-y attributes publish the transform for tests and tools.
/* global Konva */

const MIN_SCALE = 0.02;
const MAX_SCALE = 40;

export class Stage {
  constructor(container) {
    this.container = container;
    this.stage = new Konva.Stage({
      container,
      width: container.clientWidth || 800,
      height: container.clientHeight || 600,
    });
    this.imageLayer = new Konva.Layer({ listening: false });
    this.stage.add(this.imageLayer);
    this.image = null;
    this.size = { width: 1, height: 1 };
    this.panning = null;
    this.spaceDown = false;
    this.fitted = true; // until the user zooms or pans, a resize fits the image again
    this.listeners = new Set();
    this.stage.on("wheel", (event) => this.onWheel(event));
    this.stage.on("mousedown", (event) => this.onPanStart(event));
    this.stage.on("mousemove", () => this.onPanMove());
    this.onUp = () => this.onPanEnd();
    window.addEventListener("mouseup", this.onUp);
    this.resizer = new ResizeObserver(() => this.resize());
    this.resizer.observe(container);
    // The middle button's auto-scroll would fight the pan.
    container.addEventListener("mousedown", (event) => event.button === 1 && event.preventDefault());
  }

  /** Show the image brighter or with more contrast (1 is as it is); a CSS filter, never saved. */
  setFilter(brightness, contrast) {
    const filter = brightness === 1 && contrast === 1 ? "" : `brightness(${brightness}) contrast(${contrast})`;
    this.imageLayer.getNativeCanvasElement().style.filter = filter;
    this.container.dataset.filter = filter;
  }

  /** A layer for shapes, above the image. */
  addLayer(options) {
    const layer = new Konva.Layer(options);
    this.stage.add(layer);
    return layer;
  }

  /** Listen to transform changes (zoom, pan, fit). */
  onTransform(listener) {
    this.listeners.add(listener);
  }

  get scale() {
    return this.stage.scaleX();
  }

  /** Show `img` (an HTMLImageElement) fitted to the view. */
  setImage(img, width, height) {
    if (this.image) this.image.destroy();
    this.size = { width: width || img.naturalWidth, height: height || img.naturalHeight };
    this.image = new Konva.Image({ image: img, x: 0, y: 0, ...this.size, listening: false });
    this.imageLayer.add(this.image);
    this.fit();
  }

  resize() {
    const width = this.container.clientWidth;
    const height = this.container.clientHeight;
    if (!width || !height) return;
    this.stage.size({ width, height });
    // Keep the user's zoom and pan through a resize (the toolbar wrapping, say).
    if (this.fitted) this.fit();
    else this.stage.batchDraw();
  }

  /** Fit the image in the view, centred. */
  fit() {
    const { width, height } = this.stage.size();
    const scale = Math.min(width / this.size.width, height / this.size.height) * 0.95;
    this.apply(scale, {
      x: (width - this.size.width * scale) / 2,
      y: (height - this.size.height * scale) / 2,
    });
    this.fitted = true;
  }

  apply(scale, position) {
    this.stage.scale({ x: scale, y: scale });
    this.stage.position(position);
    this.container.dataset.scale = String(scale);
    this.container.dataset.x = String(position.x);
    this.container.dataset.y = String(position.y);
    for (const listener of this.listeners) listener(scale);
    this.stage.batchDraw();
  }

  /** Zoom by `factor` around a point of the view (its centre by default). */
  zoom(factor, around) {
    const point = around || { x: this.stage.width() / 2, y: this.stage.height() / 2 };
    const old = this.scale;
    const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, old * factor));
    const image = this.toImage(point);
    this.apply(scale, { x: point.x - image.x * scale, y: point.y - image.y * scale });
    this.fitted = false;
  }

  /** A point of the view (stage pixels) in image pixels. */
  toImage(point) {
    const position = this.stage.position();
    return { x: (point.x - position.x) / this.scale, y: (point.y - position.y) / this.scale };
  }

  /** The pointer in image pixels, or null when it is off the stage. */
  pointer() {
    const point = this.stage.getPointerPosition();
    return point ? this.toImage(point) : null;
  }

  onWheel(event) {
    event.evt.preventDefault();
    const factor = event.evt.deltaY < 0 ? 1.15 : 1 / 1.15;
    this.zoom(factor, this.stage.getPointerPosition());
  }

  /** Whether a mousedown starts a pan (middle button, or any button with space held). */
  isPan(event) {
    return event.evt.button === 1 || this.spaceDown;
  }

  onPanStart(event) {
    if (!this.isPan(event)) return;
    event.cancelBubble = true;
    this.panning = { pointer: this.stage.getPointerPosition(), position: this.stage.position() };
    this.container.classList.add("panning");
  }

  onPanMove() {
    if (!this.panning) return;
    const now = this.stage.getPointerPosition();
    if (!now) return;
    this.fitted = false;
    this.apply(this.scale, {
      x: this.panning.position.x + now.x - this.panning.pointer.x,
      y: this.panning.position.y + now.y - this.panning.pointer.y,
    });
  }

  onPanEnd() {
    this.panning = null;
    this.container.classList.remove("panning");
  }

  destroy() {
    window.removeEventListener("mouseup", this.onUp);
    this.resizer.disconnect();
    this.stage.destroy();
  }
}
