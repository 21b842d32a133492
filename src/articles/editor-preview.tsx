import type { ComponentChildren } from 'preact';

/** The editor's preview: the article's reading page, whole, as the site draws it. */
export interface PreviewView {
  /** The reading page as a document for the preview frame; absent until the form names an expert. */
  document?: string;
}

/**
 * The article as readers will see it: the public page itself (its layout, stylesheet, type scale and
 * dark mode) in a frame, so that the site's media queries follow the frame's width, not the office's.
 * The frame is same-origin (srcdoc) and sandboxed without scripts or forms: nothing in it runs or posts.
 * Without JavaScript the server draws it from the saved article or from the no-script Preview button;
 * the office script (src/client/editor-preview.ts) draws it again as one types, keeping the scroll.
 */
export function PreviewSection(props: { preview?: PreviewView }) {
  const document = props.preview?.document;
  return (
    <section id="article-preview" class="article-preview" aria-labelledby="article-preview-heading" data-preview-section>
      <div class="preview-toolbar">
        <h2 id="article-preview-heading" class="preview-label" tabIndex={-1}>
          Preview
        </h2>
        {/* Shown by the script, which changes the frame's width. */}
        <div class="preview-widths" role="group" aria-label="Preview width" data-preview-widths hidden>
          <button type="button" class="button button-small" aria-pressed="true" data-preview-width="full">
            Full width
          </button>
          <button type="button" class="button button-small" aria-pressed="false" data-preview-width="phone">
            Phone (390 px)
          </button>
        </div>
        {/* "Preview updated" for screen readers, rather than the whole page read out at every pause in typing. */}
        <p class="visually-hidden" role="status" data-preview-status></p>
      </div>
      <div class="preview-stage">
        <iframe
          class="preview-frame"
          title="The article as readers will see it"
          sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
          srcdoc={document ?? emptyPreview}
          data-preview-frame
        />
      </div>
    </section>
  );
}

/** What the frame shows before there is anything to draw (no expert to show the article under yet). */
const emptyPreview = '<!doctype html><html lang="en"><title>Preview</title><p>The preview appears here once the article has an expert.</p></html>';

/**
 * Edit and Preview as tabs, for screens too narrow for both side by side. The script shows the tab list
 * and makes the two panes its panels; without it, the preview simply follows the form.
 */
export function EditorTabs() {
  return (
    <div class="editor-tabs" role="tablist" aria-label="Editor view" data-editor-tabs hidden>
      <button type="button" role="tab" id="editor-tab-edit" aria-controls="editor-pane" aria-selected="true" data-editor-tab="edit">
        Edit
      </button>
      <button type="button" role="tab" id="editor-tab-preview" aria-controls="article-preview" aria-selected="false" tabIndex={-1} data-editor-tab="preview">
        Preview
      </button>
    </div>
  );
}

/** The form (or the note on why it is closed) beside its preview: side by side on wide screens, tabs on narrow ones. */
export function EditorWorkspace(props: { preview?: PreviewView; children: ComponentChildren }) {
  return (
    <div class="editor-workspace" data-editor-workspace>
      <EditorTabs />
      <div id="editor-pane" class="editor-pane">
        {props.children}
      </div>
      <PreviewSection preview={props.preview} />
    </div>
  );
}
