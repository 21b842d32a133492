import { imageAddressProblem, imageProblemReasons, type UnshownImage } from '../views/figure-markdown.ts';
import { imagesInMarkdown } from '../views/markdown.ts';

/** The images a body names that the site will not show, each with why (figure-markdown.ts). */
export function unshownImages(body: string): UnshownImage[] {
  return imagesInMarkdown(body).flatMap((image) => {
    const problem = imageAddressProblem(image.src);
    return problem ? [{ ...image, problem }] : [];
  });
}

/**
 * Figures, under the body field. Without JavaScript: the media library opens in a new tab (upload an image
 * or find one, copy its figure's Markdown into the body), so nothing typed here is lost; and every image
 * the saved body names that the site will not show is listed with why, never dropped without a word.
 * The editor's script (src/client/editor-figures.ts) adds the "Insert figure" dialog, drop and paste of
 * image files, and keeps the list current as one types, each entry with an upload of a copy.
 */
export function EditorFigures(props: { body: string }) {
  const unshown = unshownImages(props.body);
  return (
    <div class="editor-figures" data-editor-figures data-library-url="/admin/media.json" data-media-url="/api/v1/media">
      <p class="field-hint editor-figures-hint">
        <button type="button" class="button button-small" data-insert-figure hidden>
          Insert figure
        </button>{' '}
        Charts and photographs go in the body as figures, with a caption and a source:{' '}
        <a href="/admin/media" target="_blank" rel="noopener">
          open the media library
        </a>{' '}
        (a new tab) to upload an image or find one, and copy its Markdown, <code>![alt text](/media/… "Caption")</code>, where the figure goes.
      </p>
      <section class="figure-warnings" aria-labelledby="figure-warnings-heading" data-figure-warnings hidden={unshown.length === 0}>
        <h2 id="figure-warnings-heading" class="editor-group-title">
          Images that will not be shown
        </h2>
        <ul data-figure-warning-list>
          {unshown.map((image) => (
            <li>
              <code class="figure-warning-src">{image.src.length > 120 ? `${image.src.slice(0, 117)}…` : image.src}</code> {imageProblemReasons[image.problem]} Upload a copy in the media library and
              put its address in place of this one.
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
