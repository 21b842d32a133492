import type { AppContext } from '../context.ts';
import type { Actor } from '../core/actor.ts';
import { uploadImage } from '../media/commands.ts';
import { pictureView } from '../media/store.ts';
import type { SiteImage } from '../site/appearance.ts';

/** The widest variant a logo needs: the masthead draws it at most 240 px wide, so twice that for sharp screens, with room. */
const logoMaxWidth = 800;

/**
 * The site settings' logo and favicon are stored by the media library, through its own upload command
 * (its checks, its audit entry), and kept in the settings as the addresses pages use: WebP variants,
 * which keep a logo's transparency. Settings sit below media, so the composition hands this to their screen.
 */
export async function uploadSiteImage(ctx: AppContext & { ip: string }, actor: Actor, bytes: Buffer, purpose: 'logo' | 'favicon'): Promise<SiteImage> {
  const image = await uploadImage(ctx, actor, { file: bytes, description: { alt: '' }, source: `the site settings (${purpose})` });
  const view = pictureView(image, { maxWidth: logoMaxWidth, fallbackWidth: 480 });
  const webp = view.sources.find((s) => s.type === 'image/webp')!;
  const smallest = webp.srcset.split(',')[0]!.trim().split(' ')[0]!;
  // A favicon is one small file: the smallest variant. A logo lets the browser choose by the screen's density.
  return { mediaId: image.id, src: smallest, srcset: purpose === 'logo' ? webp.srcset : '', width: view.width, height: view.height, type: 'image/webp' };
}
