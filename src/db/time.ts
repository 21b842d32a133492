/** Now, as the ISO 8601 text every timestamp column holds (and PostgreSQL's are read back as). */
export const nowIso = () => new Date().toISOString();
