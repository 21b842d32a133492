import { z } from 'zod';

/** Password rules for the office: long enough to resist guessing, short enough to hash quickly. */
export const newPassword = z.string().min(10, 'must be at least 10 characters').max(1000, 'must be at most 1000 characters');
