import fs from 'node:fs';
import { createRequire } from 'node:module';

// pngjs comes with qrcode (no types of its own): only its synchronous reader is used, to turn a QR's PNG into frames.
const { PNG } = createRequire(import.meta.url)('pngjs') as { PNG: { sync: { read(data: Buffer): { width: number; height: number; data: Buffer } } } };

const W = 640;
const H = 480;

/** A y4m video (I420) of a QR's PNG centred on a white frame: Chromium's fake camera plays it in a loop. */
export function y4mFromPng(png: Buffer, file: string): void {
  const image = PNG.sync.read(png);
  const y = Buffer.alloc(W * H, 235);
  const x0 = Math.floor((W - image.width) / 2);
  const y0 = Math.floor((H - image.height) / 2);
  for (let row = 0; row < image.height; row++) {
    for (let col = 0; col < image.width; col++) {
      const i = (row * image.width + col) * 4;
      const luma = 0.299 * image.data[i] + 0.587 * image.data[i + 1] + 0.114 * image.data[i + 2];
      const yy = y0 + row;
      const xx = x0 + col;
      if (yy >= 0 && yy < H && xx >= 0 && xx < W) y[yy * W + xx] = Math.round(16 + (luma / 255) * 219);
    }
  }
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: 10 }, () => frame)]));
}

/** Chromium's switches for a headless run whose camera plays `video` (a y4m file), allowed without asking. */
export function fakeCameraArgs(video: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ];
}
