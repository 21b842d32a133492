import { z } from 'zod';
import { requiredText, textField } from '../http/schemas.ts';
import { brandColorPattern } from './brand-color.ts';

/**
 * The rules the site settings are held to. The API (src/site/routes.tsx) takes any of them, the office
 * form (src/site/admin.tsx) all of them; both build their schemas from these. The lengths also size the
 * office's input boxes.
 */

export const siteSettingsMaxLengths = { name: 120, tagline: 200, description: 1000 } as const;

export const brandColorField = z.string().regex(brandColorPattern, 'must be a colour such as #8a1c2b');

export const siteSettingsFields = {
  name: requiredText(siteSettingsMaxLengths.name),
  tagline: textField(siteSettingsMaxLengths.tagline),
  description: textField(siteSettingsMaxLengths.description),
  brand_color: brandColorField,
};
