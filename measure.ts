import sharp from 'sharp';
import { processImage } from './src/media/pipeline.ts';
const big = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg({ quality: 85 }).withExif({ IFD0: { Make: 'LeakCam' } }).withMetadata({ orientation: 6 }).toBuffer();
sharp.cache(false);
for (const [name, bytes] of [['exif+orientation', big]] as const) {
  const before = process.memoryUsage().rss; let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const r = await processImage(bytes);
  clearInterval(timer);
  console.log(name, `${(bytes.length / 1e6).toFixed(1)} MB in`, `stored ${(r.original.length / 1e6).toFixed(1)} MB`, `${Math.round(performance.now() - t0)} ms`, `peak RSS +${Math.round((peak - before) / 1e6)} MB`);
}
