// The settings page offers the brand colour twice: a colour picker and its hex code as text. Without
// JavaScript the server works out which one the person changed; with it, each follows the other as
// it changes, so what the page shows is what will be saved.
import { isBrandColor } from '../site/brand-color.ts';

/**
 * Keeps the colour picker (#field-brand_color_picker) and the hex text box (#field-brand_color) in step.
 * Half-typed or mistyped text leaves the picker where it was; the server then explains the mistake.
 */
export function keepBrandColourInStep(root: Pick<Document, 'getElementById'> = document): void {
  const picker = root.getElementById('field-brand_color_picker');
  const text = root.getElementById('field-brand_color');
  if (!(picker instanceof HTMLInputElement) || !(text instanceof HTMLInputElement)) return;
  const followText = () => {
    const typed = text.value.trim();
    if (isBrandColor(typed)) picker.value = typed.toLowerCase();
  };
  picker.addEventListener('input', () => {
    text.value = picker.value;
  });
  text.addEventListener('input', followText);
  // A browser that restored the form's values after "Back" may have left the two apart.
  followText();
}
